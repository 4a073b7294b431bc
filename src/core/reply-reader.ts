/**
 * The server's bytes → replies, handed on one at a time so that a 220 to STARTTLS can end the plaintext phase in
 * the middle of a read: what came after it was sent before TLS, so it is handed back whole instead of parsed.
 * Each line of a multi-line reply is told as it comes, so a slow reply is seen line by line, each at its time.
 */
import { LineReader } from './line-reader.js';
import type { Line } from './line-reader.js';
import { ReplyParser } from './reply.js';
import type { Reply } from './reply.js';

function withEnding(line: Line): Buffer {
  const ending = line.ending === 'crlf' ? '\r\n' : line.ending === 'lf' ? '\n' : '';
  return Buffer.concat([line.raw, Buffer.from(ending)]);
}

export interface ReplyHandlers {
  /**
   * A line of a reply whose last line has not come yet (only lines the reply keeps). Returns whether it was told:
   * once not, the rest of that reply is told whole with its last line, so what was told is always its first lines.
   */
  line(raw: Buffer, reply: Reply): boolean;
  /**
   * A whole reply, of which `told` lines went to `line` already. Returns true when it ends the plaintext phase
   * (RFC 3207 §4.2): reading stops there and starts afresh for TLS.
   */
  reply(reply: Reply, told: number): boolean;
}

export class ReplyReader {
  private lines: LineReader;
  private parser: ReplyParser;
  private told = 0;
  private telling = true;

  constructor(private readonly limits: { maxLineBytes?: number; maxReplyLines?: number }) {
    this.lines = new LineReader(limits.maxLineBytes);
    this.parser = new ReplyParser(limits.maxReplyLines);
  }

  /** Returns whether it stopped at the end of the plaintext phase, and the bytes already read past it, which no one may believe. */
  push(chunk: Buffer, handlers: ReplyHandlers): { unread?: Buffer } | undefined {
    const lines = this.lines.push(chunk);
    for (let i = 0; i < lines.length; i++) {
      const reply = this.parser.push(lines[i]!);
      if (reply) {
        const told = this.told;
        this.startReply();
        if (handlers.reply(reply, told)) return this.restart(lines.slice(i + 1));
        continue;
      }
      const pending = this.parser.pending;
      if (this.telling && pending && pending.raw.length > this.told) {
        this.telling = handlers.line(pending.raw[this.told]!, pending);
        if (this.telling) this.told += 1;
      }
    }
    return undefined;
  }

  /** Lines come so far of a reply still coming, those left out over the cap included. */
  get linesComing(): number {
    return this.parser.pending?.lineCount ?? 0;
  }

  /**
   * At the close: a reply without its last line (still shown, marked incomplete; `told` of its lines were told
   * already), and a line without its ending.
   */
  takeUnfinished(): { reply?: Reply; told: number; line?: Line } {
    const reply = this.parser.takePending();
    const line = this.lines.takePartial();
    const told = this.told;
    this.startReply();
    return { ...(reply ? { reply } : {}), told, ...(line ? { line } : {}) };
  }

  private startReply(): void {
    this.told = 0;
    this.telling = true;
  }

  private restart(rest: Line[]): { unread?: Buffer } {
    const partial = this.lines.takePartial();
    const leftover = [...rest, ...(partial ? [partial] : [])];
    this.lines = new LineReader(this.limits.maxLineBytes);
    this.parser = new ReplyParser(this.limits.maxReplyLines);
    this.startReply();
    return leftover.length > 0 ? { unread: Buffer.concat(leftover.map(withEnding)) } : {};
  }
}
