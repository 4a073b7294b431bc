/** What a connection is given and what it tells: options, typed events, and the names of what a reply answers. */
import type { Verb } from './command.js';
import type { SmtpError } from './errors.js';
import type { Line } from './line-reader.js';
import type { Reply } from './reply.js';
import type { Closer } from './socket-error.js';
import type { Timeouts } from './timeouts.js';
import type { TlsReport } from './tls-report.js';
import type { TlsSettings } from './tls-settings.js';

export interface ConnectionOptions {
  host: string;
  port: number;
  family?: 4 | 6;
  tlsOnConnect?: boolean;
  tls?: TlsSettings;
  timeouts?: Partial<Timeouts>;
  maxLineBytes?: number;
  maxReplyLines?: number;
  /** A TLS session from an earlier connection (`connection.session`), offered for resumption. */
  session?: Buffer;
}

/** What a reply answers: a command's verb, or one of the steps the protocol itself waits for. */
export type Awaited = Verb | 'greeting' | 'auth-response' | 'data-end' | 'raw';

export type SentKind = 'command' | 'data' | 'raw' | 'body';

export type ConnectionEvent =
  | { type: 'connecting'; at: number; host: string; port: number; tls: boolean }
  | { type: 'connected'; at: number; remote: string; local: string }
  | { type: 'sent'; at: number; raw?: Buffer; display: string; tls: boolean; secret: boolean; kind: SentKind }
  /** A line of a multi-line reply, told as it comes; the reply's event follows with its last line. */
  | { type: 'reply-line'; at: number; raw: Buffer; code: number; enhanced?: string; tls: boolean; authenticated?: true; answers: { verb: Awaited; display: string } }
  /** `told`: lines of this reply already told as reply-line events. */
  | { type: 'reply'; at: number; reply: Reply; told?: number; tls: boolean; authenticated?: true; answers?: { verb: Awaited; display: string } }
  | { type: 'discarded'; at: number; raw: Buffer; reason: string }
  /** Something unwise the user or the server did that did not stop anything. */
  | { type: 'warning'; at: number; text: string }
  | { type: 'tls'; at: number; report: TlsReport }
  | { type: 'error'; at: number; error: SmtpError }
  | { type: 'closed'; at: number; by: Closer; partial?: Line; tls: boolean; expected: boolean };

export type ConnectionListener = (event: ConnectionEvent) => void;

/** One reply that raw bytes should draw. */
export interface RawExpectation {
  /** What the reply answers; 'STARTTLS' upgrades on 220 and 'data-end' leaves DATA, as for typed commands. */
  verb: Awaited;
  display: string;
  /** Wait at most this long and take silence as the answer (undefined) instead of failing the connection. */
  windowMs?: number;
}

export interface Waiting {
  /** What is awaited: a command's reply, the greeting, the end of DATA, the TLS handshake (as STARTTLS)… */
  verb: Awaited;
  /** The wait in words: the command as shown, or "the end of DATA". */
  display: string;
  startedAt: number;
  deadline: number;
  /** Lines of its reply come so far, while a multi-line reply is still coming. */
  linesSoFar?: number;
}
