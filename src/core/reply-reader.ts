/**
 * The server's bytes → replies, handed on one at a time so that a 220 to STARTTLS can end the plaintext phase in
 * the middle of a read: what came after it was sent before TLS, so it is handed back whole instead of parsed.
 */
import { LineReader } from './line-reader.js';
import type { Line } from './line-reader.js';
import { ReplyParser } from './reply.js';
import type { Reply } from './reply.js';

function withEnding(line: Line): Buffer {
  const ending = line.ending === 'crlf' ? '\r\n' : line.ending === 'lf' ? '\n' : '';
  return Buffer.concat([line.raw, Buffer.from(ending)]);
}

export class ReplyReader {
  private lines: LineReader;
  private parser: ReplyParser;

  constructor(private readonly limits: { maxLineBytes?: number; maxReplyLines?: number }) {
    this.lines = new LineReader(limits.maxLineBytes);
    this.parser = new ReplyParser(limits.maxReplyLines);
  }

  /**
   * `onReply` returns true when its reply ends the plaintext phase (RFC 3207 §4.2): reading stops there and starts
   * afresh for TLS. Returns whether it stopped, and the bytes already read past that reply, which no one may believe.
   */
  push(chunk: Buffer, onReply: (reply: Reply) => boolean): { unread?: Buffer } | undefined {
    const lines = this.lines.push(chunk);
    for (let i = 0; i < lines.length; i++) {
      const reply = this.parser.push(lines[i]!);
      if (reply && onReply(reply)) return this.restart(lines.slice(i + 1));
    }
    return undefined;
  }

  /** At the close: a reply without its last line (still shown, marked incomplete), and a line without its ending. */
  takeUnfinished(): { reply?: Reply; line?: Line } {
    const reply = this.parser.takePending();
    const line = this.lines.takePartial();
    return { ...(reply ? { reply } : {}), ...(line ? { line } : {}) };
  }

  private restart(rest: Line[]): { unread?: Buffer } {
    const partial = this.lines.takePartial();
    const leftover = [...rest, ...(partial ? [partial] : [])];
    this.lines = new LineReader(this.limits.maxLineBytes);
    this.parser = new ReplyParser(this.limits.maxReplyLines);
    return leftover.length > 0 ? { unread: Buffer.concat(leftover.map(withEnding)) } : {};
  }
}
