/**
 * Raw probes of how a server reads the stream: non-standard ends of data (SMTP smuggling) and commands pipelined
 * behind STARTTLS (command injection, as in CVE-2011-0411). Each sends exact bytes through the connection and says
 * what the server made of them.
 */
import type { SmtpConnection } from './connection.js';
import { printable } from './printable.js';
import type { Reply } from './reply.js';

/** How long silence must last before it counts as an answer: "a few seconds", or the reply deadline if shorter. */
export const PROBE_WINDOW_MS = 3000;

export function probeWindow(connection: SmtpConnection): number {
  return Math.min(PROBE_WINDOW_MS, connection.timeouts.command);
}

export interface EndOfDataVariant {
  /** The bytes as escapes, e.g. `\n.\n`. */
  name: string;
  bytes: Buffer;
}

const variant = (bytes: string): EndOfDataVariant => ({ name: printable(bytes), bytes: Buffer.from(bytes, 'latin1') });

/** The ends of data that servers have been seen to take besides `\r\n.\r\n` (SEC Consult, 2023, and follow-ups). */
export const END_OF_DATA_VARIANTS: readonly EndOfDataVariant[] = [
  '\n.\n', '\r.\r', '\r.\n', '\n.\r', '\n.\r\n', '\r\n.\n',
  '\r.\r\n', '\r\n.\r', '\r\n\x00.\r\n', '\r\n.\x00\r\n', '\r\n.\r\r\n', '\r\r\n.\r\r\n',
].map(variant);

export type EndOfDataVerdict =
  /** 2xx at the variant: the server ended the message there. */
  | { kind: 'accepted'; reply: Reply }
  /** Another reply at the variant: it ended the message there and refused it. */
  | { kind: 'refused'; reply: Reply }
  /** Silence: the variant is message text; `finish` answers the proper end sent after it. */
  | { kind: 'still-in-data'; finish: Reply };

export interface EndOfDataResult {
  variant: EndOfDataVariant;
  verdict: EndOfDataVerdict;
}

const TEXT_BEFORE = Buffer.from('smuggling probe');
const PROPER_END = Buffer.from('\r\n.\r\n');
/**
 * A server that ended DATA early may take the variant's last bytes for a command and answer it. Such a reply
 * follows the first at once; waiting this long lets it arrive unasked, instead of answering the next command.
 */
const SETTLE_MS = 250;

/**
 * Inside DATA (after a 354): a line of text ended by the variant instead of CRLF, then up to `windowMs` of waiting.
 * A reply means the server ended the message at the variant; silence means it did not, and `\r\n.\r\n` then ends
 * the message properly, so the connection leaves DATA either way.
 */
export async function probeEndOfData(connection: SmtpConnection, tried: EndOfDataVariant, windowMs: number): Promise<EndOfDataResult> {
  const bytes = Buffer.concat([TEXT_BEFORE, tried.bytes]);
  const [reply] = await connection.sendRaw(bytes, printable(bytes), [{ verb: 'data-end', display: `the end of data as ${tried.name}`, windowMs }]);
  if (reply) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(windowMs, SETTLE_MS)));
    return { variant: tried, verdict: { kind: reply.code >= 200 && reply.code < 300 ? 'accepted' : 'refused', reply } };
  }
  const [finish] = await connection.sendRaw(PROPER_END, printable(PROPER_END), [{ verb: 'data-end', display: 'the end of DATA' }]);
  return { variant: tried, verdict: { kind: 'still-in-data', finish: finish! } };
}

export function describeEndOfData({ variant: tried, verdict }: EndOfDataResult, windowMs: number): { text: string; risk: boolean } {
  const what = `smuggling probe, end of data as ${tried.name}`;
  switch (verdict.kind) {
    case 'accepted':
      return { text: `${what}: accepted a non-standard end of data (smuggling risk): ${verdict.reply.code}`, risk: true };
    case 'refused':
      return { text: `${what}: the server ended the message there and refused it (${verdict.reply.code})`, risk: false };
    case 'still-in-data':
      return { text: `${what}: still in DATA after ${windowMs / 1000} s, so not taken as the end; \\r\\n.\\r\\n ended the message (${verdict.finish.code})`, risk: false };
  }
}

export type InjectionVerdict =
  /** STARTTLS was not answered with 220: nothing to probe. */
  | { kind: 'refused'; reply: Reply }
  /** The NOOP sent before TLS was answered inside TLS: the server runs pre-TLS bytes as TLS commands. */
  | { kind: 'executed'; reply: Reply }
  | { kind: 'not-executed' };

const INJECTION = Buffer.from('STARTTLS\r\nNOOP\r\n');

/**
 * `STARTTLS\r\nNOOP\r\n` in one write. A server that keeps its plaintext buffer across the upgrade answers the NOOP
 * inside TLS, as if the client had sent it there: an attacker's bytes would count as the client's.
 */
export async function probeStartTlsInjection(connection: SmtpConnection, windowMs: number): Promise<InjectionVerdict> {
  const [starttls, noop] = await connection.sendRaw(INJECTION, printable(INJECTION), [
    { verb: 'STARTTLS', display: 'STARTTLS' },
    { verb: 'NOOP', display: 'the NOOP sent before TLS', windowMs },
  ]);
  if (!connection.tls) return { kind: 'refused', reply: starttls! };
  return noop ? { kind: 'executed', reply: noop } : { kind: 'not-executed' };
}

export function describeInjection(verdict: InjectionVerdict, windowMs: number): { text: string; risk: boolean } {
  const what = 'STARTTLS injection probe';
  switch (verdict.kind) {
    case 'refused':
      return { text: `${what}: STARTTLS was answered ${verdict.reply.code}, so there was nothing to probe`, risk: false };
    case 'executed':
      return { text: `${what}: the server answered the NOOP sent before TLS inside TLS (${verdict.reply.code}): it executes pre-TLS commands inside TLS (command injection risk)`, risk: true };
    case 'not-executed':
      return { text: `${what}: no answer inside TLS to the NOOP sent before it within ${windowMs / 1000} s: pre-TLS commands are not executed inside TLS`, risk: false };
  }
}
