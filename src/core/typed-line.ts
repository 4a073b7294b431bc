/**
 * What a typed line becomes on the wire, by where the dialogue stands: inside DATA a message line (dot-stuffed)
 * or the end of the message, after a 334 an AUTH answer (shown redacted), otherwise a command. Pure: the
 * connection sends the bytes and tells the warnings. A line with CR, LF or NUL inside is refused here, before
 * anything goes out, quoted as it may be shown so that a secret stays hidden.
 */
import { checkCommandLine, classifyCommand, redactedResponse } from './command.js';
import type { CommandInfo, LineKind } from './command.js';
import { dotStuff, isEndOfData } from './data.js';
import { SmtpError } from './errors.js';
import { printable } from './printable.js';

const CRLF = Buffer.from('\r\n');

export type TypedLine =
  | { kind: 'data-end' }
  | { kind: 'data'; bytes: Buffer; warnings: string[] }
  | { kind: 'auth-response'; bytes: Buffer; display: string; secret: boolean; warnings: string[] }
  | { kind: 'command'; bytes: Buffer; command: CommandInfo; warnings: string[] };

/** One line → its bytes with CRLF (`wire` when it differs from what was typed), and what to warn about. */
export function encodeLine(line: string, kind: LineKind, display: string, wire = line): { bytes: Buffer; warnings: string[] } {
  const check = checkCommandLine(line, kind);
  if (check.error) throw new SmtpError('usage', `${check.error}: ${printable(display)}`);
  return { bytes: Buffer.concat([Buffer.from(wire, 'utf8'), CRLF]), warnings: check.warnings };
}

export function typedLine(line: string, state: { inData: boolean; inAuth: boolean }): TypedLine {
  if (state.inData) {
    if (isEndOfData(line)) return { kind: 'data-end' };
    return { kind: 'data', ...encodeLine(line, 'data', line, dotStuff(line)) };
  }
  if (state.inAuth) {
    const display = redactedResponse(line);
    // A lone "*" cancels the exchange (RFC 4954 §4): it carries nothing to hide.
    return { kind: 'auth-response', display, secret: line !== '*', ...encodeLine(line, 'auth', display) };
  }
  const command = classifyCommand(line);
  return { kind: 'command', command, ...encodeLine(line, 'command', command.display) };
}
