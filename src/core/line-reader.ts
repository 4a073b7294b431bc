/** Bytes from the server, cut into lines. Only LF ends a line: a bare CR never does (RFC 5321 §2.3.8). */

export const DEFAULT_MAX_LINE_BYTES = 8192;

export type LineEnding = 'crlf' | 'lf' | 'none';

export interface Line {
  /** The line's bytes without its ending, cut at the cap. */
  raw: Buffer;
  /** UTF-8 decoded at the line boundary, so a character split across reads survives; for parsing only. */
  text: string;
  /** 'none' only for a partial line handed out when the stream ended. */
  ending: LineEnding;
  /** Bytes beyond the cap that were dropped. */
  truncatedBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineReader {
  private parts: Buffer[] = [];
  private kept = 0;
  private dropped = 0;
  private lastByte = -1;

  constructor(readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES) {}

  push(chunk: Buffer): Line[] {
    const lines: Line[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      if (lf === -1) {
        this.append(chunk.subarray(start));
        break;
      }
      this.append(chunk.subarray(start, lf));
      lines.push(this.finish(this.lastByte === CR ? 'crlf' : 'lf'));
      start = lf + 1;
    }
    return lines;
  }

  /** Whether a partial line is waiting for its end. */
  get hasPartial(): boolean {
    return this.kept + this.dropped > 0;
  }

  /** Hands out the partial line (if any) and forgets it: for a close mid-line, or bytes to discard at STARTTLS. */
  takePartial(): Line | undefined {
    if (!this.hasPartial) return undefined;
    return this.finish('none');
  }

  private append(segment: Buffer): void {
    if (segment.length === 0) return;
    this.lastByte = segment[segment.length - 1]!;
    const room = this.maxLineBytes - this.kept;
    if (room >= segment.length) {
      this.parts.push(segment);
      this.kept += segment.length;
    } else {
      if (room > 0) this.parts.push(segment.subarray(0, room));
      this.kept += Math.max(room, 0);
      this.dropped += segment.length - Math.max(room, 0);
    }
  }

  private finish(ending: LineEnding): Line {
    // Buffer.concat copies, a single part too: a kept line never pins the socket's large read buffer.
    let raw = Buffer.concat(this.parts, this.kept);
    let dropped = this.dropped;
    if (ending === 'crlf') {
      // The CR belongs to the line ending; it was either kept last or dropped over the cap.
      if (dropped > 0) dropped -= 1;
      else raw = raw.subarray(0, raw.length - 1);
    }
    this.parts = [];
    this.kept = 0;
    this.dropped = 0;
    this.lastByte = -1;
    return { raw, text: raw.toString('utf8'), ending, truncatedBytes: dropped };
  }
}
