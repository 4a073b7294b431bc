/**
 * One SMTP connection: sends exactly the bytes it is given, reads replies in order, upgrades with STARTTLS when
 * the user asks and the server says 220, and tells everything that happens as typed events.
 */
import type { Readable } from 'node:stream';
import { writeBody } from './body-stream.js';
import { classifyCommand } from './command.js';
import type {
  Awaited,
  ConnectionEvent,
  ConnectionListener,
  ConnectionOptions,
  RawExpectation,
  SentKind,
  Waiting,
} from './connection-events.js';
import { ConnectionSocket } from './connection-socket.js';
import { Dialogue } from './dialogue.js';
import type { Capabilities } from './ehlo.js';
import { SmtpError, connectionError } from './errors.js';
import { nameWait } from './reply-queue.js';
import { ReplyIntake } from './reply-intake.js';
import type { Reply } from './reply.js';
import type { Closer } from './socket-error.js';
import { thousands } from './thousands.js';
import { DEFAULT_TIMEOUTS, greetingSilenceHint } from './timeouts.js';
import type { Timeouts } from './timeouts.js';
import type { Handshake } from './tls-handshake.js';
import type { TlsReport } from './tls-report.js';
import { encodeLine, typedLine } from './typed-line.js';
import { Waits } from './waits.js';

export type * from './connection-events.js';
export { BODY_QUEUE_BYTES } from './body-stream.js';
export { AUTH_ROUNDS_BEFORE_WARNING, MAX_UNASKED_IN_A_ROW } from './dialogue.js';

export class SmtpConnection {
  readonly timeouts: Timeouts;
  private readonly listeners = new Set<ConnectionListener>();
  private readonly socket: ConnectionSocket;
  private readonly replies: ReplyIntake;
  private readonly waits = new Waits((pending) => {
    const { what, extra } = nameWait(pending);
    const hint = pending.verb === 'greeting' && !this.tls ? greetingSilenceHint(this.options.port) : '';
    this.fail(new SmtpError('timeout', `no complete reply to ${what} within ${pending.timeoutMs / 1000} s${extra}${hint}`));
  });
  private readonly dialogue = new Dialogue();
  private closedBy: Closer | undefined;

  constructor(readonly options: ConnectionOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.replies = new ReplyIntake(options, {
      waits: this.waits,
      dialogue: this.dialogue,
      emit: (event) => this.emit(event),
      warn: (text) => this.warn(text),
      tls: () => this.tls,
      startTls: (unread) => this.upgrade(unread),
      answered: () => this.startClock(),
    });
    this.socket = new ConnectionSocket(options, this.timeouts, {
      onConnected: (addresses) => {
        this.emit({ type: 'connected', at: Date.now(), ...addresses });
        if (options.tlsOnConnect !== true) this.startClock();
      },
      onSecure: (report) => {
        this.emit({ type: 'tls', at: Date.now(), report });
        this.waits.releaseAfterTls();
        this.startClock();
      },
      onData: (chunk) => this.replies.push(chunk),
      onTimeout: (error, by) => this.fail(error, by),
      onError: (error, by) => this.fail(error, by),
      onClose: () => this.onClose(),
      ended: () => this.closedBy !== undefined,
    });
  }

  subscribe(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get tls(): boolean {
    return this.socket.tls.secure;
  }
  get inData(): boolean {
    return this.dialogue.inData;
  }
  /** A 334 is pending: whatever is sent next is a secret. */
  get inAuth(): boolean {
    return this.dialogue.inAuth;
  }
  get closed(): boolean {
    return this.closedBy !== undefined;
  }
  /** A 421 came: the server is closing the connection, and nothing more may be sent. */
  get closing(): boolean {
    return this.dialogue.closing !== undefined;
  }
  get tlsReport(): TlsReport | undefined {
    return this.socket.tls.report;
  }
  /** The handshake as the record layer saw it, also when it failed; reading it ends the watching, so read it after. */
  get tlsHandshake(): Handshake | undefined {
    return this.socket.tls.handshake;
  }
  /** The latest resumable session (TLS 1.3 tickets arrive after the handshake); give it to the next connection. */
  get session(): Buffer | undefined {
    return this.socket.tls.session;
  }
  get capabilities(): Capabilities | undefined {
    return this.dialogue.capabilities;
  }
  /** What EHLO said before STARTTLS: an attacker could have written it, so it is kept only for the diff. */
  get preTlsCapabilities(): Capabilities | undefined {
    return this.dialogue.preTlsCapabilities;
  }
  get waiting(): Waiting | undefined {
    const waiting = this.waits.waiting;
    if (!waiting) return this.closedBy ? undefined : this.socket.tls.handshakeWait;
    const lines = this.replies.linesComing;
    return lines > 0 ? { ...waiting, linesSoFar: lines } : waiting;
  }
  /** Something is awaited (the greeting during the connect too) or a TLS handshake is under way. */
  get busy(): boolean {
    return this.waits.pending || this.socket.tls.handshaking;
  }

  /** Connects and waits for the greeting. */
  open(): Promise<Reply> {
    const { host, port } = this.options;
    this.emit({ type: 'connecting', at: Date.now(), host, port, tls: this.options.tlsOnConnect === true });
    const greeting = this.waits.expect('greeting', 'the greeting', this.timeouts.greeting, true);
    try {
      this.socket.connect();
    } catch (error) {
      // Thrown as the socket is made (a port out of range, say): the caller gets this error, and nobody will wait
      // for the greeting, whose wait a close then gives up.
      greeting.catch(() => undefined);
      throw error;
    }
    return greeting;
  }

  /**
   * Sends one line as the user typed it. In DATA it goes out dot-stuffed and only the lone "." waits for a reply;
   * after a 334 it is an AUTH response, and a secret.
   */
  submit(line: string): Promise<Reply | undefined> {
    const typed = typedLine(line, this.dialogue);
    if (typed.kind === 'data-end') {
      this.requireOpen();
      this.dialogue.endData();
      return this.write(Buffer.from('.\r\n'), '.', 'data', false, 'data-end', this.timeouts.dataEnd);
    }
    for (const warning of typed.warnings) this.warn(warning);
    if (typed.kind === 'data') {
      this.writeOnly(typed.bytes, line, 'data', false);
      return Promise.resolve(undefined);
    }
    if (typed.kind === 'auth-response') return this.write(typed.bytes, typed.display, 'command', typed.secret, 'auth-response', this.timeouts.command);
    const { command } = typed;
    if (command.verb === 'STARTTLS') this.warn(this.dialogue.startTlsWarning(this.tls));
    return this.write(typed.bytes, command.display, 'command', command.secret, command.verb, this.timeouts.command);
  }

  /** Several commands in one write (PIPELINING, RFC 2920); each reply is matched to its command in order. */
  pipeline(lines: string[]): Promise<Reply[]> {
    const commands = lines.map((line) => classifyCommand(line));
    this.requireOpen();
    const bytes = lines.map((line, i) => {
      const encoded = encodeLine(line, 'command', commands[i]!.display);
      for (const warning of encoded.warnings) this.warn(warning);
      return encoded.bytes;
    });
    const replies = commands.map((command) => this.waits.expect(command.verb, command.display, this.timeouts.command));
    commands.forEach((command, i) => this.emitSent(bytes[i]!, command.display, 'command', command.secret));
    this.socket.write(Buffer.concat(bytes));
    this.startClock();
    return Promise.all(replies);
  }

  /**
   * Exact bytes, for raw mode and probes: nothing is added, not even CRLF, and nothing is refused. Each
   * expectation waits for one reply, in order.
   */
  sendRaw(bytes: Buffer, display: string, expectations: RawExpectation[] = []): Promise<Array<Reply | undefined>> {
    this.requireOpen();
    const replies = expectations.map(({ verb, display: what, windowMs }) => {
      if (windowMs !== undefined) return this.waits.expectWithin(verb, what, windowMs);
      return this.waits.expect(verb, what, verb === 'data-end' ? this.timeouts.dataEnd : this.timeouts.command);
    });
    this.writeOnly(bytes, display, 'raw', false);
    this.startClock();
    return Promise.all(replies);
  }

  /**
   * Streams a whole message body after a 354: dot-stuffed, ended with CRLF.CRLF, written as the socket drains so
   * memory stays flat for any size. The transcript keeps a summary, not the bytes.
   */
  async streamBody(source: Readable, label: string): Promise<Reply> {
    if (!this.dialogue.inData) throw new SmtpError('usage', 'a message body can only be sent after DATA was answered with 354');
    this.requireOpen();
    const reply = this.waits.expect('data-end', 'the end of DATA', this.timeouts.dataEnd);
    // The caller handles the reply only once the body is out; a close before that must not be an unhandled rejection.
    reply.catch(() => undefined);
    this.dialogue.endData();
    let sent = { read: 0, wire: 0 };
    try {
      sent = await writeBody(source, this.socket.stream, () => this.closedBy !== undefined);
    } catch (error) {
      // Half a body cannot be taken back: closing is the only way to make sure it is never delivered.
      this.fail(new SmtpError('connection', `reading ${label} failed mid-body: ${(error as Error).message}; connection closed so the partial message is not delivered`));
    }
    const summary = `… ${thousands(sent.read)} bytes of message body from ${label} (${thousands(sent.wire)} bytes on the wire, dot-stuffed, with the final ".") …`;
    this.emit({ type: 'sent', at: Date.now(), display: summary, tls: this.tls, secret: false, kind: 'body' });
    this.startClock();
    return reply;
  }

  /** Gives up every wait and closes the connection: the only safe state once a reply is abandoned. */
  cancel(reason = 'cancelled by the user'): void {
    this.fail(new SmtpError('timeout', reason));
  }

  /** Closes at once; a wait still pending is rejected, so no timer outlives the connection. */
  close(): void {
    if (this.closedBy) return;
    this.closedBy = 'client';
    this.waits.giveUp(connectionError('the connection was closed by the client before the reply came'));
    this.socket.destroy();
  }

  /** Takes what the dialogue may have to say, which is often nothing. */
  private warn(text: string | undefined): void {
    if (text) this.emit({ type: 'warning', at: Date.now(), text });
  }

  private requireOpen(): void {
    if (!this.socket.exists || this.closedBy) throw connectionError('not connected');
    const closing = this.dialogue.closing;
    if (closing) throw connectionError(`not sent: the server said ${closing.code} and is closing the connection`);
  }

  private write(
    bytes: Buffer,
    display: string,
    kind: SentKind,
    secret: boolean,
    verb: Awaited,
    timeoutMs: number,
  ): Promise<Reply> {
    this.requireOpen();
    const reply = this.waits.expect(verb, display, timeoutMs);
    this.writeOnly(bytes, display, kind, secret);
    this.dialogue.sent(verb);
    this.startClock();
    return reply;
  }

  private writeOnly(bytes: Buffer, display: string, kind: SentKind, secret: boolean): void {
    this.requireOpen();
    this.emitSent(bytes, display, kind, secret);
    this.socket.write(bytes);
  }

  private emitSent(raw: Buffer, display: string, kind: SentKind, secret: boolean): void {
    this.emit({ type: 'sent', at: Date.now(), raw: secret ? Buffer.from(display) : raw, display, tls: this.tls, secret, kind });
  }

  private startClock(): void {
    if (this.socket.exists && !this.closedBy) this.waits.startClock();
  }

  /** RFC 3207 §4.2: after the 220, forget everything the plaintext phase said and read nothing more of it. */
  private upgrade(unread: Buffer | undefined): void {
    if (unread) {
      this.emit({
        type: 'discarded',
        at: Date.now(),
        raw: unread,
        reason: 'bytes after the 220 to STARTTLS arrived before TLS (possible injection): discarded',
      });
    }
    this.dialogue.startedTls();
    this.socket.startTls();
  }

  private onClose(): void {
    if (this.closedBy) {
      this.emitClosed(this.closedBy);
      return;
    }
    this.closedBy ??= 'server';
    const waitingFor = this.waits.head;
    if (waitingFor) {
      const { what, extra } = nameWait(waitingFor);
      const error = connectionError(`the server closed the connection while waiting for the reply to ${what}${extra}`);
      // Said in the transcript too: at the end of DATA it is the one warning that prevents a duplicate message.
      this.emit({ type: 'error', at: Date.now(), error });
      this.waits.giveUp(error);
    }
    this.emitClosed('server');
  }

  private emitClosed(by: Closer): void {
    this.warn(this.dialogue.endUnasked());
    const partial = this.replies.takeUnfinished(this.waits.abandoned);
    this.emit({
      type: 'closed',
      at: Date.now(),
      by,
      ...(partial ? { partial } : {}),
      tls: this.tls,
      // After QUIT or a 421 the close was announced; this side closing is its own choice.
      expected: by === 'client' || this.dialogue.quitSent || this.dialogue.closing !== undefined,
    });
  }

  private fail(error: SmtpError, by: Closer = 'client'): void {
    if (this.closedBy) {
      this.waits.giveUp(error);
      return;
    }
    this.emit({ type: 'error', at: Date.now(), error });
    this.waits.giveUp(error);
    this.closedBy = by;
    if (!this.socket.destroy()) this.emitClosed('client');
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
