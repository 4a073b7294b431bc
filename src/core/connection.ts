/**
 * One SMTP connection: sends exactly the bytes it is given, reads replies in order, upgrades with STARTTLS when
 * the user asks and the server says 220, and tells everything that happens as typed events.
 */
import { appendFileSync } from 'node:fs';
import net from 'node:net';
import type { Readable } from 'node:stream';
import type tls from 'node:tls';
import { writeBody } from './body-stream.js';
import { checkCommandLine, classifyCommand, redactedResponse } from './command.js';
import type { LineKind } from './command.js';
import type {
  Awaited,
  ConnectionEvent,
  ConnectionListener,
  ConnectionOptions,
  RawExpectation,
  SentKind,
  Waiting,
} from './connection-events.js';
import { dotStuff, isEndOfData } from './data.js';
import { Dialogue } from './dialogue.js';
import type { Capabilities } from './ehlo.js';
import { SmtpError, connectionError } from './errors.js';
import { LineReader } from './line-reader.js';
import type { Line } from './line-reader.js';
import { printable } from './printable.js';
import { ReplyQueue, nameWait } from './reply-queue.js';
import type { Pending } from './reply-queue.js';
import { ReplyParser } from './reply.js';
import type { Reply } from './reply.js';
import { thousands } from './thousands.js';
import { DEFAULT_TIMEOUTS } from './timeouts.js';
import type { Timeouts } from './timeouts.js';
import { describeTlsError } from './tls-errors.js';
import type { Handshake, HandshakeObserver } from './tls-handshake.js';
import { buildTlsReport } from './tls-report.js';
import type { TlsReport } from './tls-report.js';
import { lowersSecurityLevel, sniFor, tlsConnectOptions } from './tls-settings.js';
import { upgradeToTls } from './tls-upgrade.js';

export type * from './connection-events.js';
export { BODY_QUEUE_BYTES } from './body-stream.js';
export { AUTH_ROUNDS_BEFORE_WARNING, MAX_UNASKED_IN_A_ROW } from './dialogue.js';

const CRLF = Buffer.from('\r\n');

function withEnding(line: Line): Buffer {
  const ending = line.ending === 'crlf' ? '\r\n' : line.ending === 'lf' ? '\n' : '';
  return Buffer.concat([line.raw, Buffer.from(ending)]);
}

export class SmtpConnection {
  readonly timeouts: Timeouts;
  private readonly listeners = new Set<ConnectionListener>();
  private socket: net.Socket | tls.TLSSocket | undefined;
  private reader: LineReader;
  private parser: ReplyParser;
  private readonly queue = new ReplyQueue((pending) => {
    const { what, extra } = nameWait(pending);
    // A port that speaks TLS from the first byte waits for our ClientHello, and we for its greeting.
    const hint = pending.verb === 'greeting' && !this.secure ? ': if this port expects TLS from the first byte (like 465), use --tls-on-connect' : '';
    this.fail(new SmtpError('timeout', `no complete reply to ${what} within ${pending.timeoutMs / 1000} s${extra}${hint}`));
  });
  private secure = false;
  private readonly dialogue = new Dialogue();
  /** The wait given up first, so a partial reply that came for it still says what it answers. */
  private abandoned: Pending | undefined;
  private tcpConnected = false;
  /** A TLS handshake is under way: a reset or close now is a TLS failure, not a plain connection error. */
  private handshaking = false;
  /** The handshake is a wait like a reply: shown with its countdown, and given up with `cancel`. */
  private handshakeWait: Waiting | undefined;
  private closedBy: 'server' | 'client' | undefined;
  private report: TlsReport | undefined;
  private observer: HandshakeObserver | undefined;
  private tlsSession: Buffer | undefined;
  private keylogProblem: string | undefined;
  /** STARTTLS got its 220; its promise resolves once the handshake is done. */
  private startTls: { pending: Pending; reply: Reply } | undefined;

  constructor(readonly options: ConnectionOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.reader = new LineReader(options.maxLineBytes);
    this.parser = new ReplyParser(options.maxReplyLines);
  }

  subscribe(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get tls(): boolean {
    return this.secure;
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
  get tlsReport(): TlsReport | undefined {
    return this.report;
  }
  /** The handshake as the record layer saw it, also when it failed; reading it ends the watching, so read it after. */
  get tlsHandshake(): Handshake | undefined {
    return this.observer?.finish();
  }
  /** The latest resumable session (TLS 1.3 tickets arrive after the handshake); give it to the next connection. */
  get session(): Buffer | undefined {
    return this.tlsSession;
  }
  get capabilities(): Capabilities | undefined {
    return this.dialogue.capabilities;
  }
  /** What EHLO said before STARTTLS: an attacker could have written it, so it is kept only for the diff. */
  get preTlsCapabilities(): Capabilities | undefined {
    return this.dialogue.preTlsCapabilities;
  }
  get waiting(): Waiting | undefined {
    return this.queue.waiting ?? (this.handshaking && !this.closedBy ? this.handshakeWait : undefined);
  }
  /** Something is awaited (the greeting during the connect too) or a TLS handshake is under way. */
  get busy(): boolean {
    return this.queue.head !== undefined || this.startTls !== undefined || this.handshaking;
  }

  /** Connects and waits for the greeting. */
  open(): Promise<Reply> {
    const { host, port, family } = this.options;
    const implicit = this.options.tlsOnConnect === true;
    this.emit({ type: 'connecting', at: Date.now(), host, port, tls: implicit });
    const greeting = this.queue.expect('greeting', 'the greeting', this.timeouts.greeting, true);
    const socket = net.connect({ host, port, ...(family ? { family } : {}) });
    socket.setNoDelay(true);
    this.socket = socket;
    const connectTimer = setTimeout(() => {
      this.fail(new SmtpError('timeout', `no TCP connection to ${host}:${port} within ${this.timeouts.connect / 1000} s`));
    }, this.timeouts.connect);
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      this.tcpConnected = true;
      this.emit({
        type: 'connected',
        at: Date.now(),
        remote: `${socket.remoteAddress}:${socket.remotePort}`,
        local: `${socket.localAddress}:${socket.localPort}`,
      });
      if (implicit) this.secureOver(socket, () => this.startClock());
      else this.startClock();
    });
    this.attach(socket, () => clearTimeout(connectTimer));
    return greeting;
  }

  /**
   * Sends one line as the user typed it. In DATA it goes out dot-stuffed and only the lone "." waits for a reply;
   * after a 334 it is an AUTH response, and a secret.
   */
  submit(line: string): Promise<Reply | undefined> {
    if (this.dialogue.inData) {
      if (isEndOfData(line)) {
        this.requireOpen();
        this.dialogue.endData();
        return this.write(Buffer.from('.\r\n'), '.', 'data', false, 'data-end', this.timeouts.dataEnd);
      }
      this.writeOnly(this.lineBytes(line, 'data', line, dotStuff(line)), line, 'data', false);
      return Promise.resolve(undefined);
    }
    if (this.dialogue.inAuth) {
      const display = redactedResponse(line);
      const bytes = this.lineBytes(line, 'auth', display);
      return this.write(bytes, display, 'command', line !== '*', 'auth-response', this.timeouts.command);
    }
    const command = classifyCommand(line);
    const bytes = this.lineBytes(line, 'command', command.display);
    if (command.verb === 'STARTTLS') this.warnAboutStartTls();
    return this.write(bytes, command.display, 'command', command.secret, command.verb, this.timeouts.command);
  }

  /** Several commands in one write (PIPELINING, RFC 2920); each reply is matched to its command in order. */
  pipeline(lines: string[]): Promise<Reply[]> {
    const commands = lines.map((line) => classifyCommand(line));
    this.requireOpen();
    const bytes = lines.map((line, i) => this.lineBytes(line, 'command', commands[i]!.display));
    const replies = commands.map((command) => this.queue.expect(command.verb, command.display, this.timeouts.command));
    commands.forEach((command, i) => this.emitSent(bytes[i]!, command.display, 'command', command.secret));
    this.socket!.write(Buffer.concat(bytes));
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
      if (windowMs !== undefined) return this.queue.expectWithin(verb, what, windowMs);
      return this.queue.expect(verb, what, verb === 'data-end' ? this.timeouts.dataEnd : this.timeouts.command);
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
    const reply = this.queue.expect('data-end', 'the end of DATA', this.timeouts.dataEnd);
    // The caller handles the reply only once the body is out; a close before that must not be an unhandled rejection.
    reply.catch(() => undefined);
    this.dialogue.endData();
    let sent = { read: 0, wire: 0 };
    try {
      sent = await writeBody(source, this.socket!, () => this.closedBy !== undefined);
    } catch (error) {
      // Half a body cannot be taken back: closing is the only way to make sure it is never delivered.
      this.fail(new SmtpError('connection', `reading ${label} failed mid-body: ${(error as Error).message}; connection closed so the partial message is not delivered`));
    }
    const summary = `… ${thousands(sent.read)} bytes of message body from ${label} (${thousands(sent.wire)} bytes on the wire, dot-stuffed, with the final ".") …`;
    this.emit({ type: 'sent', at: Date.now(), display: summary, tls: this.secure, secret: false, kind: 'body' });
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
    this.rejectAll(connectionError('the connection was closed by the client before the reply came'));
    this.socket?.destroy();
  }

  /**
   * One typed line → its bytes with CRLF. CR, LF or NUL inside is refused before anything goes out, quoting the
   * line as it may be shown (so a secret stays hidden); an over-long line is sent with a warning.
   */
  private lineBytes(line: string, kind: LineKind, display: string, wire = line): Buffer {
    const check = checkCommandLine(line, kind);
    if (check.error) throw new SmtpError('usage', `${check.error}: ${printable(display)}`);
    for (const warning of check.warnings) this.warn(warning);
    return Buffer.concat([Buffer.from(wire, 'utf8'), CRLF]);
  }

  private warnAboutStartTls(): void {
    if (this.secure) this.warn('STARTTLS inside TLS: RFC 3207 §4.2 allows only one');
    else if (this.dialogue.capabilities?.starttls === false) this.warn('the server did not advertise STARTTLS in its EHLO reply');
  }

  /** Takes what the dialogue may have to say, which is often nothing. */
  private warn(text: string | undefined): void {
    if (text) this.emit({ type: 'warning', at: Date.now(), text });
  }

  private requireOpen(): void {
    if (!this.socket || this.closedBy) throw connectionError('not connected');
    const closing = this.dialogue.closing;
    if (closing) throw connectionError(`not sent: the server said ${closing.code} and is closing the connection`);
  }

  private tlsOptions(): tls.ConnectionOptions {
    return tlsConnectOptions(this.options.host, this.options.tls ?? {});
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
    const reply = this.queue.expect(verb, display, timeoutMs);
    this.writeOnly(bytes, display, kind, secret);
    this.dialogue.sent(verb);
    this.startClock();
    return reply;
  }

  private writeOnly(bytes: Buffer, display: string, kind: SentKind, secret: boolean): void {
    this.requireOpen();
    this.emitSent(bytes, display, kind, secret);
    this.socket!.write(bytes);
  }

  private emitSent(raw: Buffer, display: string, kind: SentKind, secret: boolean): void {
    this.emit({ type: 'sent', at: Date.now(), raw: secret ? Buffer.from(display) : raw, display, tls: this.secure, secret, kind });
  }

  private startClock(): void {
    if (this.socket && !this.closedBy) this.queue.startClock();
  }

  private attach(socket: net.Socket, onFirstEvent: () => void): void {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.once('error', (error: Error & { code?: string }) => {
      onFirstEvent();
      this.fail(this.translateError(error), 'server');
    });
    socket.once('close', () => {
      onFirstEvent();
      this.onClose();
    });
  }

  private translateError(error: Error & { code?: string }): SmtpError {
    const { host, port } = this.options;
    if (this.closedBy === undefined && error.code && /^E[A-Z]+$/.test(error.code) && !this.tcpConnected) {
      return connectionError(`cannot connect to ${host}:${port}: ${error.message}`, error.code);
    }
    if (this.handshaking || error.code?.startsWith('ERR_SSL') || error.code?.startsWith('ERR_TLS') || error.message.includes('SSL')) {
      return new SmtpError('tls', `TLS failed: ${describeTlsError(error, this.tlsHandshake).message}`, error.code);
    }
    return connectionError(`connection to ${host}:${port} failed: ${error.message}`, error.code);
  }

  private onData(chunk: Buffer): void {
    const lines = this.reader.push(chunk);
    for (let i = 0; i < lines.length; i++) {
      const reply = this.parser.push(lines[i]!);
      if (reply && this.onReply(reply)) {
        this.upgrade(lines.slice(i + 1));
        return;
      }
    }
  }

  /** Returns true when this reply starts the TLS upgrade. */
  private onReply(reply: Reply): boolean {
    const at = Date.now();
    // A line without a code answers nothing; letting it would shift every later reply onto the wrong command.
    const head = reply.code === 0 ? undefined : this.queue.shift();
    const { show, warning } = this.dialogue.received(reply, head !== undefined);
    this.warn(warning);
    if (!show) return false;
    this.emit({
      type: 'reply',
      at,
      reply,
      tls: this.secure,
      ...(head ? { answers: { verb: head.verb, display: head.display } } : {}),
    });
    if (!head) return false;
    this.warn(this.dialogue.answered(head.verb, reply));
    if (head.verb === 'STARTTLS' && reply.code === 220 && !this.secure) {
      this.startTls = { pending: head, reply };
      return true;
    }
    head.resolve(reply);
    this.startClock();
    return false;
  }

  /** RFC 3207 §4.2: after the 220, forget everything the plaintext phase said and read nothing more of it. */
  private upgrade(rest: Line[]): void {
    const plain = this.socket as net.Socket;
    const partial = this.reader.takePartial();
    const leftover = [...rest, ...(partial ? [partial] : [])];
    if (leftover.length > 0) {
      this.emit({
        type: 'discarded',
        at: Date.now(),
        raw: Buffer.concat(leftover.map(withEnding)),
        reason: 'bytes after the 220 to STARTTLS arrived before TLS (possible injection): discarded',
      });
    }
    this.dialogue.startedTls();
    this.reader = new LineReader(this.options.maxLineBytes);
    this.parser = new ReplyParser(this.options.maxReplyLines);
    this.secureOver(plain, () => {
      const done = this.startTls;
      this.startTls = undefined;
      done?.pending.resolve(done.reply);
      this.startClock();
    });
  }

  /** TLS over the TCP socket. `onSecure` runs once the report is out, so TLS starts before the first reply over it. */
  private secureOver(plain: net.Socket, onSecure: () => void): void {
    const session = this.options.session;
    const timer = setTimeout(() => {
      this.fail(new SmtpError('tls', `TLS handshake did not finish within ${this.timeouts.tlsHandshake / 1000} s`));
    }, this.timeouts.tlsHandshake);
    const upgrade = upgradeToTls(
      plain,
      { ...this.tlsOptions(), host: this.options.host, ...(session ? { session } : {}) },
      {
        onKeylog: (line) => this.writeKeylog(line),
        onSession: (next) => (this.tlsSession = next),
        onConnected: () => {
          clearTimeout(timer);
          this.handshaking = false;
          this.secure = true;
        },
        onReady: (facts) => {
          this.reportTls(upgrade.socket, facts);
          onSecure();
        },
      },
    );
    this.observer = upgrade.observer;
    this.socket = upgrade.socket;
    this.handshaking = true;
    this.handshakeWait = { verb: 'STARTTLS', display: 'the TLS handshake', startedAt: Date.now(), deadline: Date.now() + this.timeouts.tlsHandshake };
    this.attach(upgrade.socket, () => clearTimeout(timer));
  }

  /** NSS key-log lines, appended as they come, so that Wireshark can decrypt a capture of this session. */
  private writeKeylog(line: Buffer): void {
    const file = this.options.tls?.keylogFile;
    if (!file || this.keylogProblem) return;
    try {
      appendFileSync(file, line, { mode: 0o600 });
    } catch (error) {
      this.keylogProblem = `the key log ${file} could not be written: ${(error as Error).message}`;
    }
  }

  private reportTls(socket: tls.TLSSocket, facts: { handshakeMs: number; ocspResponse?: Buffer }): void {
    const { handshakeMs, ocspResponse } = facts;
    const keylogProblem = this.keylogProblem;
    const handshake = this.observer!.finish();
    const settings = this.options.tls ?? {};
    const servername = sniFor(this.options.host, settings);
    this.report = buildTlsReport(socket, {
      checkedName: servername ?? this.options.host,
      ...(servername ? { servername } : {}),
      handshakeMs,
      securityLevelLowered: lowersSecurityLevel(settings),
      handshake,
      ...(ocspResponse ? { ocspResponse } : {}),
      ocspRequested: true,
      ...(settings.ca ? { trustedCa: settings.ca } : {}),
      clientCertificateConfigured: settings.cert !== undefined,
      resumptionOffered: this.options.session !== undefined,
      ...(keylogProblem ? { warnings: [printable(keylogProblem)] } : {}),
    });
    this.emit({ type: 'tls', at: Date.now(), report: this.report });
  }

  private onClose(): void {
    if (this.closedBy) {
      this.emitClosed(this.closedBy);
      return;
    }
    this.closedBy ??= 'server';
    const waitingFor = this.queue.head;
    if (waitingFor) {
      const { what, extra } = nameWait(waitingFor);
      const error = connectionError(`the server closed the connection while waiting for the reply to ${what}${extra}`);
      // Said in the transcript too: at the end of DATA it is the one warning that prevents a duplicate message.
      this.emit({ type: 'error', at: Date.now(), error });
      this.rejectAll(error);
    }
    this.emitClosed('server');
  }

  private emitClosed(by: 'server' | 'client'): void {
    this.warn(this.dialogue.endUnasked());
    const partialReply = this.parser.takePending();
    const head = this.abandoned;
    if (partialReply) {
      const answers = head ? { answers: { verb: head.verb, display: head.display } } : {};
      this.emit({ type: 'reply', at: Date.now(), reply: partialReply, tls: this.secure, ...answers });
    }
    const partial = this.reader.takePartial();
    this.emit({
      type: 'closed',
      at: Date.now(),
      by,
      ...(partial ? { partial } : {}),
      tls: this.secure,
      expected: by === 'client' || this.dialogue.quitSent,
    });
  }

  private fail(error: SmtpError, by: 'server' | 'client' = 'client'): void {
    if (this.closedBy) {
      this.rejectAll(error);
      return;
    }
    this.emit({ type: 'error', at: Date.now(), error });
    this.rejectAll(error);
    this.closedBy = by;
    this.socket?.destroy();
    if (!this.socket) this.emitClosed('client');
  }

  private rejectAll(error: SmtpError): void {
    const first = this.queue.rejectAll(error, this.startTls?.pending);
    this.abandoned ??= first;
    this.startTls = undefined;
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
