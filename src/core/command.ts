/** What the user typed: which command it is, how to show it without secrets, and whether it can be sent. */
import { columnOf } from './data.js';

export type Verb =
  | 'EHLO' | 'HELO' | 'LHLO' | 'STARTTLS' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA' | 'BDAT'
  | 'RSET' | 'NOOP' | 'QUIT' | 'VRFY' | 'EXPN' | 'HELP' | 'OTHER';

export interface CommandInfo {
  verb: Verb;
  /** Everything after the first space, as typed, secrets included: show `display` instead. */
  args: string;
  /** True when `display` hides part of the line. */
  secret: boolean;
  /** The line as it may be shown, logged, exported or kept in history. */
  display: string;
}

const VERBS = new Set<string>([
  'EHLO', 'HELO', 'LHLO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'BDAT',
  'RSET', 'NOOP', 'QUIT', 'VRFY', 'EXPN', 'HELP',
]);
const REDACTED = '[redacted]';
// RFC 4422 §3.1 mechanism names; anything else after AUTH may be a credential typed in the wrong place.
const MECHANISM = /^[A-Za-z0-9_-]{1,20}$/;

/**
 * The line itself is sent unchanged; this only names it. The verb ends at a space or a tab, as lenient servers
 * read it; a line starting with a blank names nothing, and only ASCII letters fold to a verb (so `ſtarttls`,
 * whose upper case is STARTTLS, is not taken for it). AUTH is read more laxly still: a lenient server may take
 * ` AUTH LOGIN` and answer 334, and what follows must then be treated as the secret it is.
 */
export function classifyCommand(line: string): CommandInfo {
  const blank = line.search(/[ \t]/);
  const word = blank < 0 ? line : line.slice(0, blank);
  const upper = /^[A-Za-z]+$/.test(word) ? word.toUpperCase() : '';
  const verb: Verb = VERBS.has(upper) ? (upper as Verb) : mayStartAuth(line) ? 'AUTH' : 'OTHER';
  return {
    verb,
    args: blank < 0 ? '' : line.slice(blank + 1),
    ...redact(line),
  };
}

// Laxer than the verb: an AUTH line with leading blanks may still reach a lenient server, and its credential
// must not reach the screen either way. The parts: AUTH and the blanks after it, the mechanism, the blanks after
// that, and the initial response.
const AUTH_LINE = /^(\s*auth\s+)(\S+)(\s*)([\s\S]*)$/i;

function mayStartAuth(line: string): boolean {
  return /^\s*auth(\s|$)/i.test(line);
}

/** Shown as typed up to the secret, blanks and case included: only the secret becomes `[redacted]`. */
function redact(line: string): { secret: boolean; display: string } {
  const match = AUTH_LINE.exec(line);
  if (!match) return { secret: false, display: line };
  const [, auth = '', mechanism = '', blanks = '', response = ''] = match;
  // A credential typed where the mechanism belongs is no mechanism name: it goes from there on.
  if (!MECHANISM.test(mechanism)) return { secret: true, display: `${auth}${REDACTED}` };
  if (response === '') return { secret: false, display: line };
  return { secret: true, display: `${auth}${mechanism}${blanks}${REDACTED}` };
}

/** How a line sent while a 334 is pending is shown: `*` cancels the exchange and hides nothing. */
export function redactedResponse(line: string): string {
  return line === '*' ? '*' : REDACTED;
}

export type LineKind = 'command' | 'data' | 'auth';

const LIMITS: Record<LineKind, { octets: number; rule: string; what: string }> = {
  command: { octets: 512, rule: 'RFC 5321 §4.5.3.1.4', what: 'a command line' },
  data: { octets: 1000, rule: 'RFC 5321 §4.5.3.1.6', what: 'a text line' },
  auth: { octets: 12288, rule: 'RFC 4954 §4', what: 'an AUTH line' },
};
const WHY_ONE_LINE: Record<LineKind, string> = {
  command: 'several lines are several commands: send them one at a time',
  data: 'a body line is one line: type each line on its own',
  auth: 'an AUTH response is one line',
};
const BREAKING = /[\r\n\0]/g;
const NAMES: Record<string, string> = { '\r': 'CR (\\r)', '\n': 'LF (\\n)', '\0': 'NUL (\\x00)' };

/** Whether a typed line can be sent as one line, and what is unwise about it. Sizes count UTF-8 octets. */
export function checkCommandLine(line: string, kind: LineKind): { error?: string; warnings: string[] } {
  const limit = LIMITS[kind === 'command' && classifyCommand(line).verb === 'AUTH' ? 'auth' : kind];
  const octets = Buffer.byteLength(line, 'utf8') + 2;
  const warnings =
    octets > limit.octets
      ? [`${octets} octets with CRLF, over the ${limit.octets} that ${limit.rule} allows for ${limit.what}: the server may refuse or cut it`]
      : [];
  const breaking = [...line.matchAll(BREAKING)];
  const [first] = breaking;
  if (first === undefined) return { warnings };
  const more = breaking.length > 1 ? ` (and ${breaking.length - 1} more)` : '';
  const error = `the line contains ${NAMES[first[0]]} at column ${columnOf(line, first.index ?? 0)}${more}; ${WHY_ONE_LINE[kind]} (raw mode sends such bytes on purpose)`;
  return { error, warnings };
}
