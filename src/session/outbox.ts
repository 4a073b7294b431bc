/**
 * Lines on their way to the server, one at a time: each waits for the reply to the one before (SMTP without
 * PIPELINING), so a fast typist or a multi-line paste keeps its order and DATA starts only after the 354.
 * A refusal stops what was queued behind it, so a body never goes out as commands after a refused DATA.
 */
import { classifyCommand } from '../core/command.js';
import { END_OF_DATA } from '../core/data.js';
import type { RawExpectation, SmtpConnection } from '../core/connection.js';
import { SmtpError } from '../core/errors.js';
import { isClosing } from '../core/reply.js';
import type { Reply } from '../core/reply.js';
import { printable } from '../core/printable.js';
import { probeWindow } from '../core/probes.js';
import { setNotice } from './store.js';
import type { SessionStore } from './store.js';

export interface SendOptions {
  /** Exact bytes for raw mode; `line` is then what was typed, escapes and all. */
  bytes?: Buffer;
  /** Typed by the user: may go to history. */
  remember?: boolean;
  /** The user already agreed to send AUTH over this connection. */
  confirmed?: boolean;
  /** A flow (AUTH LOGIN, CRAM-MD5) that must not have other lines slip between its steps. */
  owner?: symbol;
}

interface Outgoing extends SendOptions {
  line: string;
  done: (reply: Reply | undefined) => void;
}

export interface OutboxDeps {
  store: SessionStore;
  connection: () => SmtpConnection | undefined;
  /** Asks whether AUTH may go over this connection; undefined when it is safe to send. */
  confirmAuth: (connection: SmtpConnection) => Promise<boolean> | undefined;
  remember: (line: string) => void;
  /** The number of queued lines changed: the store learns it with the next batch. */
  queuedChanged: () => void;
  /** Settles once the current connection's greeting came (with it), or its opening failed. */
  greeted: () => Promise<Reply | undefined>;
}

export class Outbox {
  private items: Outgoing[] = [];
  private inFlight: Outgoing | undefined;
  /** The connection whose greeting the queue was last held against. */
  private greetingSeen: SmtpConnection | undefined;
  /** Whether the connection will be in a message body once the last line handed in has gone (while any is left). */
  private bodyAtEnd = false;
  private running = false;
  private owner: symbol | undefined;

  constructor(private readonly deps: OutboxDeps) {}

  get length(): number {
    return this.items.length;
  }

  /**
   * Whether, once what is queued and under way has gone, the connection will be in a message body. Kept as lines
   * come, so a paste of any length asks it in constant time; with nothing left, the connection's state is the truth
   * (a refused DATA empties the queue).
   */
  bodyAhead(inDataNow: boolean): boolean {
    return this.busy ? this.bodyAtEnd : inDataNow;
  }

  /** Resolves with the reply, or undefined when nothing was awaited, nothing was sent or the wait failed. */
  send(line: string, options: SendOptions = {}): Promise<Reply | undefined> {
    const before = this.bodyAhead(this.deps.connection()?.inData === true);
    // Raw bytes end a body as a typed "." does when they end with the standard end of data.
    const ends = options.bytes ? options.bytes.toString('latin1').endsWith(END_OF_DATA) : line === '.';
    this.bodyAtEnd = before ? !ends : !options.bytes && classifyCommand(line).verb === 'DATA';
    return new Promise((done) => {
      this.items.push({ line, ...options, done });
      this.changed();
      void this.pump();
    });
  }

  /** Only lines of `owner` go out until `release`; typed lines wait behind the flow. */
  hold(owner: symbol): void {
    this.owner = owner;
  }

  release(owner: symbol): void {
    if (this.owner !== owner) return;
    this.owner = undefined;
    void this.pump();
  }

  /** Drops every queued line; says so unless `quiet`. */
  clear(reason: string, quiet = false): void {
    const dropped = this.items.splice(0);
    this.changed();
    for (const item of dropped) item.done(undefined);
    if (dropped.length > 0 && !quiet) {
      setNotice(this.deps.store, `${dropped.length} queued line${dropped.length === 1 ? '' : 's'} not sent: ${reason}`, 'problem');
    }
  }

  private changed(): void {
    this.deps.queuedChanged();
  }

  private next(): Outgoing | undefined {
    if (this.owner === undefined) return this.items[0];
    return this.items.find((item) => item.owner === this.owner);
  }

  private take(item: Outgoing): void {
    const at = this.items.indexOf(item);
    if (at < 0) return;
    this.items.splice(at, 1);
    this.changed();
  }

  /** Lines queued, or one sent and not yet answered. */
  get busy(): boolean {
    return this.inFlight !== undefined || this.items.length > 0;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        // Nothing before the greeting: a client that talks first is one a server may refuse (postscreen's pregreet test).
        const greeting = await this.deps.greeted();
        // Chosen after every wait: a quit or a new connection meanwhile may have taken the queue back.
        const item = this.next();
        if (!item) break;
        const connection = this.deps.connection();
        if (!connection || connection.closed) {
          this.clear('not connected (/reconnect or /connect HOST)');
          break;
        }
        // Lines typed before a refusing greeting (554) were typed for a server that would serve: they wait no more.
        if (this.greetingSeen !== connection) {
          this.greetingSeen = connection;
          if (greeting && greeting.code >= 400) {
            this.clear(`the greeting was ${greeting.code}`);
            break;
          }
        }
        if (!(await this.allowed(connection, item))) continue;
        if (!this.items.includes(item) || connection !== this.deps.connection()) continue;
        this.take(item);
        // Named before sending, from the state that decides what the line is: an AUTH response is never quoted.
        const shown = connection.inAuth ? 'the AUTH response' : connection.inData ? 'the end of DATA' : printable(classifyCommand(item.line).display);
        this.inFlight = item;
        const reply = await this.transmit(connection, item).finally(() => (this.inFlight = undefined));
        item.done(reply);
        if (!reply || this.items.length === 0) continue;
        const stopped = whyQueueStops(reply, item, connection);
        if (stopped) this.clear(`${shown} was answered ${stopped}`);
      }
    } finally {
      this.running = false;
    }
  }

  private async allowed(connection: SmtpConnection, item: Outgoing): Promise<boolean> {
    // A raw line is shown and kept as typed, bytes included, so it cannot carry a secret.
    if (item.bytes && carriesCredential(item.bytes)) return this.refuse(item, 'raw mode cannot send an AUTH line with a credential: it would be shown and kept as typed (/raw turns it off)');
    const isAuth = !connection.inData && !connection.inAuth && classifyCommand(item.line).verb === 'AUTH';
    const question = isAuth && !item.confirmed ? this.deps.confirmAuth(connection) : undefined;
    if (question && !(await question)) return this.refuse(item, 'AUTH not sent: not confirmed');
    if (item.bytes && connection.inAuth) return this.refuse(item, 'raw mode cannot answer a 334: the answer would be shown (/raw turns it off)');
    return true;
  }

  private refuse(item: Outgoing, why: string): false {
    if (this.items.includes(item)) this.take(item);
    item.done(undefined);
    const behind = this.items.length;
    this.clear('', true);
    const also = behind > 0 ? ` (and ${behind} queued line${behind === 1 ? '' : 's'} behind it)` : '';
    setNotice(this.deps.store, `${why}${also}`, 'problem');
    return false;
  }

  private async transmit(connection: SmtpConnection, item: Outgoing): Promise<Reply | undefined> {
    // Decided at the moment of sending: a line typed ahead of a 334 is still a secret when it goes out.
    if (item.remember && !connection.inAuth && !connection.inData) this.deps.remember(item.line);
    try {
      if (item.bytes) {
        const [reply] = await connection.sendRaw(item.bytes, item.line, rawExpectations(connection, item));
        return reply;
      }
      return await connection.submit(item.line);
    } catch (error) {
      // A refused line leaves the connection as it was. So does a line the connection would not send (after a 421),
      // which is said nowhere else. Any other failure has closed it and is in the transcript.
      if (error instanceof SmtpError && error.kind === 'usage') this.refuse(item, `not sent: ${error.message}`);
      else if (!connection.closed) this.refuse(item, (error as Error).message);
      else this.clear('the connection failed');
      return undefined;
    }
  }
}

/**
 * Why what is queued behind this reply must not go: a refusal (4xx, 5xx), or a reply that left the connection short
 * of what the lines behind were typed for: TLS after STARTTLS (they would go in plaintext), a body after DATA (its
 * lines would go as commands). The words after "answered"; undefined when they may go.
 */
function whyQueueStops(reply: Reply, item: Outgoing, connection: SmtpConnection): string | undefined {
  const { code } = reply;
  if (code >= 400) return `${code}`;
  if (isClosing(reply)) return `${code}, ending in 421: the server is closing the connection`;
  if (item.bytes) return undefined;
  const { verb } = classifyCommand(item.line);
  if (verb === 'STARTTLS' && !connection.tls) return `${code}: TLS did not start, and what was queued for it would go in plaintext`;
  if (verb === 'DATA' && !connection.inData) return `${code}, not 354: what was queued as the message would go as commands`;
  return undefined;
}

/** Whether any line of raw bytes is an AUTH command with a credential on it (the bytes, escapes decoded, decide). */
function carriesCredential(bytes: Buffer): boolean {
  return bytes.toString('latin1').split(/[\r\n]/).some((part) => classifyCommand(part).secret);
}

/** How long raw bytes in DATA wait for a possible reply before silence counts as "still in DATA". */
export const RAW_DATA_WINDOW_MS = 5000;


// A dot next to a line-end byte or NUL: one of the end-of-data variants that SMTP smuggling probes try.
const END_OF_DATA_VARIANT = /[\r\n\0]\.|\.[\r\n\0]/;

// A raw STARTTLS line first: its 220 must upgrade as a typed STARTTLS's does, or client and server part ways.
const STARTTLS_LINE = /^STARTTLS\r?\n/i;

/**
 * Raw bytes draw a reply when they end a line outside DATA. A STARTTLS line upgrades on its 220; lines sent with
 * it in the same write (the injection probe) get a window, as a sound server never answers them. Inside DATA,
 * bytes that may end the body are given a short window: a reply then means the server took them for the end (a
 * smuggling risk), silence that it is still reading the body. Bytes ending in the standard CRLF.CRLF wait for the
 * reply to the end of DATA, with its long deadline.
 */
function rawExpectations(connection: SmtpConnection, item: Outgoing): RawExpectation[] {
  const bytes = item.bytes!;
  const starttls = STARTTLS_LINE.exec(bytes.toString('latin1'));
  if (!connection.inData && starttls) {
    const rest = bytes.subarray(starttls[0].length);
    const injected: RawExpectation[] = rest.at(-1) === 0x0a ? [{ verb: 'raw', display: printable(rest), windowMs: probeWindow(connection) }] : [];
    return [{ verb: 'STARTTLS', display: 'STARTTLS' }, ...injected];
  }
  if (!connection.inData) return bytes.at(-1) === 0x0a ? [{ verb: 'raw', display: item.line }] : [];
  const text = bytes.toString('latin1');
  // The standard end is waited for as a typed '.' is: a slow 250 must not leave the explorer in DATA.
  if (text.endsWith(END_OF_DATA)) return [{ verb: 'data-end', display: 'the end of DATA' }];
  return END_OF_DATA_VARIANT.test(text) ? [{ verb: 'data-end', display: item.line, windowMs: RAW_DATA_WINDOW_MS }] : [];
}
