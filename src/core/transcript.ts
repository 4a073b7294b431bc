/**
 * Connection events → transcript entries in swaks's marks, which mail admins already read. One mapping serves the
 * screen, script mode and every export, so they can never disagree about what happened.
 */
import type { Awaited, ConnectionEvent } from './connection.js';
import { hostPort } from './host-port.js';
import { printable } from './printable.js';
import { decodeChallenge } from './sasl.js';
import { lineCode, omittedLines } from './reply.js';
import type { Reply } from './reply.js';
import { tlsTranscriptLines } from './tls-lines.js';
import { shownBytes } from './shown-bytes.js';
import { thousands } from './thousands.js';
import type { TlsReport } from './tls-report.js';

export type Mark = '->' | '<-' | '~>' | '<~' | '===' | '***' | '<**';

export type EntryKind = 'sent' | 'received' | 'info' | 'error' | 'violation' | 'unsolicited';

export interface TranscriptEntry {
  at: number;
  mark: Mark;
  kind: EntryKind;
  /** Safe to print: escaped by `printable`, secrets already redacted. */
  text: string;
  /** The exact bytes (redacted for secrets), kept as evidence; no line ending for received lines. */
  raw?: Buffer;
  tls: boolean;
  /** The code of the reply this line belongs to: what a client acts on. */
  code?: number;
  /** Set only when the line itself starts with another code than its reply's (a malformed reply). */
  lineCode?: number;
  enhanced?: string;
  /** A login had succeeded on this connection when the reply came: what it means to do next depends on it. */
  authenticated?: true;
  /** The command a reply answers, so pipelined replies stay tied to their commands. */
  answers?: { verb: Awaited; display: string };
}

const PREFIX: Record<Mark, string> = {
  '->': ' -> ',
  '<-': '<-  ',
  '~>': ' ~> ',
  '<~': '<~  ',
  '===': '=== ',
  '***': '*** ',
  '<**': '<** ',
};

export function formatEntry(entry: TranscriptEntry): string {
  return PREFIX[entry.mark] + entry.text;
}

function info(at: number, text: string, tls: boolean): TranscriptEntry {
  return { at, mark: '===', kind: 'info', text, tls };
}

function problem(at: number, text: string, tls: boolean, kind: 'error' | 'violation' = 'error'): TranscriptEntry {
  return { at, mark: '***', kind, text, tls };
}

interface ReplyLineFacts {
  code: number;
  enhanced?: string | undefined;
  tls: boolean;
  authenticated?: true | undefined;
  answers?: TranscriptEntry['answers'];
}

function replyLine(at: number, raw: Buffer, line: ReplyLineFacts): TranscriptEntry {
  const { code, enhanced, tls, authenticated, answers } = line;
  const own = lineCode(raw);
  return {
    at,
    mark: answers ? (tls ? '<~' : '<-') : '<**',
    kind: answers ? 'received' : 'unsolicited',
    text: printable(raw),
    raw,
    tls,
    ...(code ? { code } : {}),
    ...(own !== undefined && own !== code ? { lineCode: own } : {}),
    ...(enhanced ? { enhanced } : {}),
    ...(authenticated ? { authenticated } : {}),
    ...(answers ? { answers } : {}),
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A 334's text is base64 ("VXNlcm5hbWU6" is "Username:"): what it says, escaped, for a reader who cannot decode it at sight. */
function decodedChallenge(reply: Reply, answers: TranscriptEntry['answers']): string | undefined {
  if (reply.code !== 334 || !reply.complete || (answers?.verb !== 'AUTH' && answers?.verb !== 'auth-response')) return undefined;
  const text = reply.lines[0]?.trim() ?? '';
  return text !== '' && BASE64.test(text) ? printable(decodeChallenge(text)) : undefined;
}

/** `told`: its first lines, shown already as they came. */
function replyEntries(event: Extract<ConnectionEvent, { type: 'reply' }>): TranscriptEntry[] {
  const { at, reply, tls, authenticated, answers, told = 0 } = event;
  const unsolicited = answers === undefined;
  const line = { code: reply.code, enhanced: reply.enhanced?.text, tls, authenticated, answers };
  const entries = reply.raw.slice(told).map((raw) => replyLine(at, raw, line));
  const omitted = omittedLines(reply);
  if (omitted > 0) {
    entries.push(
      problem(at, `… ${thousands(omitted)} more lines of this reply not shown (${thousands(reply.lineCount)} in all)`, tls, 'violation'),
    );
  }
  const challenge = decodedChallenge(reply, answers);
  if (challenge !== undefined) entries.push(info(at, `the challenge, decoded from base64: "${challenge}"`, tls));
  for (const violation of reply.violations) entries.push(problem(at, violation, tls, 'violation'));
  if (!reply.complete) entries.push(problem(at, 'the reply never ended: its last line never came', tls, 'violation'));
  if (unsolicited && reply.code === 421) {
    entries.push(problem(at, 'the server is closing the connection (a 421 may come at any time, RFC 5321 §3.8)', tls));
  } else if (unsolicited && reply.code !== 0) {
    entries.push(problem(at, 'a reply nobody asked for: it answers no command', tls, 'violation'));
  }
  return entries;
}

export function tlsEntries(at: number, report: TlsReport): TranscriptEntry[] {
  return tlsTranscriptLines(report).map((line) => (line.problem ? problem(at, line.text, true, 'violation') : info(at, line.text, true)));
}

export function entriesFor(event: ConnectionEvent): TranscriptEntry[] {
  const at = event.at;
  switch (event.type) {
    case 'connecting':
      return [info(at, `Trying ${hostPort(printable(event.host), event.port)}${event.tls ? ' (implicit TLS)' : ''}...`, false)];
    case 'connected':
      return [info(at, `Connected to ${event.remote} from ${event.local}.`, false)];
    case 'sent': {
      const mark: Mark = event.tls ? '~>' : '->';
      return [{ at, mark, kind: 'sent', text: printable(event.display), ...(event.raw ? { raw: event.raw } : {}), tls: event.tls }];
    }
    case 'reply-line':
      return [replyLine(at, event.raw, event)];
    case 'reply':
      return replyEntries(event);
    case 'warning':
      return [problem(at, printable(event.text), false, 'violation')];
    // All of the discarded bytes stay in the entry's raw evidence; the line shows enough to see what they were.
    case 'discarded':
      return [{ ...problem(at, `${event.reason}: ${shownBytes(event.raw)}`, false), raw: event.raw }];
    case 'tls':
      return tlsEntries(at, event.report);
    case 'error': {
      const { message, raw } = event.error;
      return [{ ...problem(at, printable(message), false), ...(raw ? { raw } : {}) }];
    }
    case 'closed': {
      const entries: TranscriptEntry[] = [];
      if (event.partial) {
        const mark: Mark = event.tls ? '<~' : '<-';
        entries.push({ at, mark, kind: 'received', text: printable(event.partial.raw), raw: event.partial.raw, tls: event.tls });
        const dropped = event.partial.truncatedBytes;
        const cut = dropped > 0 ? ` (${thousands(dropped)} bytes over the cap were dropped)` : '';
        entries.push(problem(at, `the connection closed in the middle of this line${cut}`, false, 'violation'));
      }
      // A connection that never opened was not closed; the error before says so.
      if (event.by === 'none') return entries;
      const text = event.by === 'error' ? 'Connection closed.' : `Connection closed by the ${event.by}.`;
      entries.push(event.expected ? info(at, text, false) : problem(at, text, false));
      return entries;
    }
  }
}
