/** Server lines → SMTP replies (RFC 5321 §4.2), with every deviation recorded instead of guessed away. */
import type { Line } from './line-reader.js';
import { thousands } from './thousands.js';

export const DEFAULT_MAX_REPLY_LINES = 1000;

export interface EnhancedCode {
  text: string;
  klass: 2 | 4 | 5;
  subject: number;
  detail: number;
}

export interface Reply {
  /** The code of the first line; 0 for a line that carries no code. */
  code: number;
  enhanced?: EnhancedCode;
  /** Text of each kept line after "ddd-" / "ddd ", decoded. */
  lines: string[];
  /** Raw bytes of each kept line, whole, as received (without the line ending). */
  raw: Buffer[];
  /** Lines received, including those not kept. */
  lineCount: number;
  violations: string[];
  /** False for what was received of a reply when the connection closed or timed out. */
  complete: boolean;
}

const CODE_LINE = /^(\d{3})([ -]|$)/;
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?= |$)/;
const ENHANCED_ANY_CLASS = /^(\d)\.(\d{1,3})\.(\d{1,3})(?= |$)/;

/**
 * The server is closing the connection (RFC 5321 §3.8): a 421, also as the last line of a reply that began with
 * another code (the last line is the one a client acts on).
 */
export function isClosing(reply: Reply): boolean {
  return reply.code === 421 || reply.raw.at(-1)?.subarray(0, 3).toString('latin1') === '421';
}

export function isPositive(code: number): boolean {
  return code >= 200 && code < 400;
}

export function replyClass(code: number): 2 | 3 | 4 | 5 | undefined {
  const first = Math.floor(code / 100);
  return first >= 2 && first <= 5 ? (first as 2 | 3 | 4 | 5) : undefined;
}

function codeViolation(codeText: string): string | undefined {
  if (!/^[2-5][0-5][0-9]$/.test(codeText)) {
    return `reply code ${codeText} is out of range (RFC 5321 §4.2: first digit 2-5, second 0-5)`;
  }
  return undefined;
}

function lineViolations(line: Line): string[] {
  const found: string[] = [];
  if (line.ending === 'lf') found.push('line ended with a bare LF instead of CRLF');
  if (line.raw.includes(0x0d)) found.push('bare CR inside a line');
  if (line.raw.includes(0x00)) found.push('NUL byte in a line');
  if (line.truncatedBytes > 0) {
    found.push(`line too long: ${thousands(line.truncatedBytes)} bytes over the cap were dropped`);
  }
  return found;
}

function parseEnhanced(code: number, text: string, violations: string[]): EnhancedCode | undefined {
  const match = ENHANCED.exec(text);
  const klass = replyClass(code);
  if (match && (klass === 2 || klass === 4 || klass === 5) && Number(match[1]) === klass) {
    return { text: match[0], klass, subject: Number(match[2]), detail: Number(match[3]) };
  }
  const other = ENHANCED_ANY_CLASS.exec(text);
  if (other && klass !== undefined && klass !== 3) {
    violations.push(`enhanced code ${other[0]} does not match reply class ${klass} (RFC 3463): ignored`);
  }
  return undefined;
}

function addUnique(list: string[], items: string[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

export class ReplyParser {
  private current: Reply | undefined;

  constructor(readonly maxLines: number = DEFAULT_MAX_REPLY_LINES) {}

  /** Feeds one line; returns a reply when this line completed one. */
  push(line: Line): Reply | undefined {
    const match = CODE_LINE.exec(line.text);
    if (!match) return this.pushMalformed(line);
    const codeText = match[1]!;
    const code = Number(codeText);
    const last = match[2] !== '-';
    const text = line.text.slice(match[0].length);
    const reply = this.current ?? this.begin(code, codeText, text);
    if (reply !== this.current && !last) this.current = reply;
    if (reply.lineCount > 0 && code !== reply.code) {
      addUnique(reply.violations, [`mixed reply codes in one reply: ${reply.code} then ${codeText}`]);
    }
    this.keep(reply, line, text);
    if (!last) return undefined;
    this.current = undefined;
    return reply;
  }

  /** The reply whose last line has not come yet. */
  get pending(): Reply | undefined {
    return this.current;
  }

  /** A reply still waiting for its last line, for a close or timeout in the middle of it. */
  takePending(): Reply | undefined {
    const reply = this.current;
    this.current = undefined;
    if (reply) reply.complete = false;
    return reply;
  }

  private begin(code: number, codeText: string, text: string): Reply {
    const violations: string[] = [];
    const outOfRange = codeViolation(codeText);
    if (outOfRange) violations.push(outOfRange);
    const enhanced = parseEnhanced(code, text, violations);
    return { code, ...(enhanced ? { enhanced } : {}), lines: [], raw: [], lineCount: 0, violations, complete: true };
  }

  private keep(reply: Reply, line: Line, text: string): void {
    reply.lineCount += 1;
    addUnique(reply.violations, lineViolations(line));
    if (reply.lines.length < this.maxLines) {
      reply.lines.push(text);
      reply.raw.push(line.raw);
    }
  }

  /**
   * A line without a code inside a multi-line reply is kept there as a violation; on its own it becomes a
   * code-0 reply, so the connection can show it without letting it answer a command.
   */
  private pushMalformed(line: Line): Reply | undefined {
    const violation = 'line does not start with a 3-digit reply code';
    if (this.current) {
      addUnique(this.current.violations, [violation]);
      this.keep(this.current, line, line.text);
      return undefined;
    }
    const reply: Reply = { code: 0, lines: [], raw: [], lineCount: 0, violations: [violation], complete: true };
    this.keep(reply, line, line.text);
    return reply;
  }
}

/** A kept line's text as the bytes it arrived as, after its code: for showing exactly what the server sent. */
export function receivedText(reply: Pick<Reply, 'raw'>, index: number): Buffer | undefined {
  const raw = reply.raw[index];
  if (raw === undefined) return undefined;
  const code = CODE_LINE.exec(raw.toString('latin1', 0, 4));
  return code ? raw.subarray(code[0].length) : raw;
}

/** The code a received line starts with, which in a malformed reply may differ from the reply's. */
export function lineCode(raw: Buffer): number | undefined {
  const code = CODE_LINE.exec(raw.toString('latin1', 0, 4));
  return code ? Number(code[1]) : undefined;
}

/** The kept lines' count is bounded; say how many were left out. */
export function omittedLines(reply: Reply): number {
  return reply.lineCount - reply.raw.length;
}
