/**
 * The session: owns the connection, turns what the person typed into lines for the server or local
 * commands, runs templates and AUTH flows, and ends cleanly. The UI calls these methods; it never touches
 * the connection.
 */
import { constants, createReadStream } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { parseTarget } from '../cli/args.js';
import { SmtpConnection } from '../core/connection.js';
import type { ConnectionOptions } from '../core/connection.js';
import { parseRawEscapes } from '../core/data.js';
import { endPolitely } from '../core/polite-end.js';
import { explainEntry, explainTyped, formatExplanation } from '../core/explanation-text.js';
import type { Reply } from '../core/reply.js';
import { prepareRootStore, usesBundledRoots } from '../core/root-store.js';
import { thousands } from '../core/thousands.js';
import { formatProbe, probeTls } from '../core/tls-probe.js';
import { chainPem } from '../core/tls-report.js';
import { runAuth } from './auth-flow.js';
import { bindConnection } from './bind.js';
import type { Binding } from './bind.js';
import { editLine, setLine, setQueued, takeLine, toggleRaw, typeIntoLine } from './composer.js';
import { writeExport } from './export.js';
import type { History } from './history.js';
import { lineOf, splitTyped } from './line-editor.js';
import { interpretTyped } from './local-commands.js';
import type { LocalCommand } from './local-commands.js';
import { Outbox } from './outbox.js';
import type { SendOptions } from './outbox.js';
import { Questions } from './questions.js';
import { appendInfo, clearNotice, clearTranscript, setNotice, setOverlay } from './store.js';
import type { SessionEntry, SessionStore } from './store.js';
import { fill, generatedVariables } from './templates.js';
import type { AuthMechanism, Template } from './templates.js';
import { lessonNote, mailboxView, NO_WORKSHOP } from './workshop.js';
import type { LessonNote, Workshop } from './workshop.js';

/** How long QUIT may take on the way out before the connection is simply closed. */
export const QUIT_WAIT_MS = 2000;
const EXPLANATION_TITLE = 'What the reply means — Esc closes';

export interface SessionOptions {
  store: SessionStore;
  connection: ConnectionOptions;
  history: History;
  templates: readonly Template[];
  batchMs?: number;
  /** After each positive reply, a line on what usually comes next (on with a scenario, --hints, --no-hints). */
  hints?: boolean;
  /** The built-in server this run started: its lesson and mailbox. */
  workshop?: Workshop;
}

/** Why AUTH needs a yes first; a yes covers one reason on one connection. */
type AuthRisk = 'plaintext' | 'unverified';

function withoutSession(options: ConnectionOptions): ConnectionOptions {
  const { session: _previous, ...rest } = options;
  return rest;
}

export class Session {
  readonly store: SessionStore;
  readonly history: History;
  readonly templates: readonly Template[];
  readonly questions: Questions;
  readonly outbox: Outbox;
  /** The scenario's lesson, when the built-in server runs one. */
  readonly lesson: LessonNote | undefined;
  /** Settles once the session has ended and the UI may go. */
  readonly finished: Promise<void>;
  private options: ConnectionOptions;
  private connection: SmtpConnection | undefined;
  private binding: Binding | undefined;
  private readonly confirmedAuth = new WeakMap<SmtpConnection, AuthRisk>();
  private readonly batchMs: number | undefined;
  private readonly hints: boolean;
  private readonly workshop: Workshop | undefined;
  private readonly stopMailbox: () => void;
  private probing = false;
  private quitting: Promise<void> | undefined;
  private switching: Promise<unknown> = Promise.resolve();
  private finish: () => void = () => undefined;

  constructor(options: SessionOptions) {
    this.store = options.store;
    this.history = options.history;
    this.templates = options.templates;
    this.options = options.connection;
    this.batchMs = options.batchMs;
    this.hints = options.hints === true;
    this.workshop = options.workshop;
    this.lesson = options.workshop && lessonNote(options.workshop.scenario);
    // The count in the status bar follows the mailbox through the server's own event, never through a component.
    this.stopMailbox = options.workshop?.server.onMessage(() => this.store.setState((state) => ({ status: { ...state.status, ...this.mailboxStatus() } }))) ?? (() => undefined);
    this.questions = new Questions(this.store);
    this.outbox = new Outbox({
      store: this.store,
      connection: () => this.connection,
      confirmAuth: (connection) => this.confirmAuth(connection),
      remember: (line) => this.history.add(line),
      queuedChanged: () => (this.binding ? this.binding.schedule() : setQueued(this.store, this.outbox.length)),
    });
    this.finished = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  get target(): string {
    const { host, port } = this.options;
    return `${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /**
   * Closes any current connection (QUIT first) and opens a new one; failures end up in the transcript. Connects
   * take turns, so one never orphans the connection of another; after quit() none opens.
   */
  connect(options: ConnectionOptions = this.options): Promise<void> {
    const installed = this.switching.then(() => this.replace(options));
    this.switching = installed.catch(() => undefined);
    return installed.then((opening) => opening?.done);
  }

  /** Returns the new connection's opening (wrapped, so the next connect need not wait for a greeting). */
  private async replace(options: ConnectionOptions): Promise<{ done: Promise<void> } | undefined> {
    if (this.quitting) return undefined;
    const previous = this.connection;
    if (previous) {
      this.outbox.clear('the session was replaced', true);
      await endPolitely(previous, QUIT_WAIT_MS);
      this.binding?.dispose();
      if (this.quitting) return undefined;
    }
    this.options = options;
    const connection = new SmtpConnection(options);
    this.connection = connection;
    this.store.setState((state) => ({
      tls: {},
      caps: {},
      status: {
        target: this.target,
        phase: 'connecting',
        connected: false,
        tls: false,
        inData: false,
        inAuth: false,
        now: Date.now(),
        ...(state.status.notice ? { notice: state.status.notice } : {}),
        ...this.mailboxStatus(),
      },
    }));
    this.binding = bindConnection(connection, this.store, {
      ...(this.batchMs !== undefined ? { batchMs: this.batchMs } : {}),
      hints: this.hints,
      queued: () => this.outbox.length,
    });
    // The connection reports a failure as an event; the transcript says what happened.
    const done = connection.open().then(() => undefined, () => undefined);
    // STARTTLS may come at any moment; the first frame is drawn already.
    if (usesBundledRoots(options)) prepareRootStore();
    return { done };
  }

  /**
   * Typed or pasted text: line ends submit, so a paste goes out whole and in order. A line that cannot go
   * stays in the input to be fixed, and what was pasted after it is not taken (it says how much).
   */
  type(text: string): void {
    const pieces = splitTyped(text);
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece.kind === 'text') typeIntoLine(this.store, piece.text);
      else if (piece.kind === 'erase') editLine(this.store, 'backspace');
      else if (!this.enter()) {
        const rest = pieces.slice(i + 1).filter((later) => later.kind === 'submit').length;
        const notice = this.store.getState().status.notice;
        if (rest > 0 && notice) setNotice(this.store, `${notice.text} (${rest} more pasted line${rest === 1 ? '' : 's'} not taken)`, notice.tone);
        return;
      }
    }
  }

  /** Enter on the input line; false when the line could not go and was put back for fixing. */
  enter(): boolean {
    const raw = this.store.getState().composer.raw;
    const text = takeLine(this.store);
    clearNotice(this.store);
    const typed = interpretTyped(text);
    if (typed.kind === 'local') {
      this.history.add(text);
      void this.runLocal(typed.command);
      return true;
    }
    const connected = this.connection !== undefined && !this.connection.closed;
    // In a message body a line that only looks like a command is body text: a paste must arrive whole.
    if (typed.kind === 'invalid' && !(connected && this.connection?.inData)) return this.restore(text, typed.message);
    const line = typed.kind === 'server' ? typed.line : text;
    if (!connected) return this.restore(text, 'not connected: /reconnect, or /connect HOST[:PORT]');
    if (raw) {
      const { bytes, error } = parseRawEscapes(line);
      if (error) return this.restore(text, `raw mode: ${error}`);
      void this.outbox.send(line, { bytes, remember: true });
      return true;
    }
    void this.outbox.send(line, { remember: true });
    return true;
  }

  send(line: string, options: SendOptions = {}): Promise<Reply | undefined> {
    return this.outbox.send(line, options);
  }

  applyTemplate(template: Template): void {
    setOverlay(this.store, { kind: 'none' });
    const values = generatedVariables(this.store.getState().vars);
    switch (template.kind) {
      case 'line': {
        const filled = fill(template.text, values);
        setLine(this.store, { text: filled.text, cursor: filled.firstGap ?? filled.text.length });
        if (filled.missing.length > 0) setNotice(this.store, `fill in ${filled.missing.join(', ')} (or /set ${filled.missing[0]} VALUE)`);
        return;
      }
      case 'steps': {
        const filled = template.steps.map((step) => fill(step, values));
        const missing = [...new Set(filled.flatMap((step) => step.missing))];
        if (missing.length > 0) {
          setNotice(this.store, `"${template.name}" needs ${missing.map((name) => `/set ${name} VALUE`).join(' and ')}`, 'problem');
          return;
        }
        if (!this.requireConnection()) return;
        for (const step of filled) void this.outbox.send(step.text);
        return;
      }
      case 'auth':
        void this.authenticate(template.mechanism);
        return;
    }
  }

  /** Esc while a reply is awaited: give up the wait, which closes the connection (the only safe state). */
  cancelWait(): boolean {
    const connection = this.connection;
    if (!connection?.waiting) return false;
    this.outbox.clear('the wait was cancelled', true);
    connection.cancel('cancelled by the user while waiting for a reply');
    setNotice(this.store, 'wait cancelled; the connection is closed (/reconnect to start again)', 'problem');
    return true;
  }

  /** Ends the session: QUIT if connected (briefly), then close; a second call does not wait again. */
  quit(): Promise<void> {
    if (this.quitting) {
      this.finish();
      return this.quitting;
    }
    this.quitting = (async () => {
      this.questions.answer(undefined);
      this.stopMailbox();
      this.outbox.clear('quitting', true);
      if (this.connection) await endPolitely(this.connection, QUIT_WAIT_MS);
      this.binding?.dispose();
      await this.history.flush();
      this.finish();
    })();
    return this.quitting;
  }

  async runLocal(command: LocalCommand): Promise<void> {
    switch (command.name) {
      case 'help':
        setOverlay(this.store, { kind: 'help', scroll: 0 });
        return;
      case 'connect':
        return this.connectTo(command.target);
      case 'reconnect':
        return this.reconnect();
      case 'raw':
        setNotice(
          this.store,
          toggleRaw(this.store)
            ? 'raw mode on: \\r \\n \\t \\0 \\xNN \\\\ are sent as bytes and no CRLF is added (end lines with \\r\\n)'
            : 'raw mode off: each line is sent as typed plus CRLF',
        );
        return;
      case 'export':
        return this.exportTo(command.file);
      case 'exportChain':
        return this.exportChain(command.file);
      case 'sendFile':
        return this.sendFile(command.file);
      case 'set':
        return this.setVariable(command.variable, command.value);
      case 'clear':
        clearTranscript(this.store);
        return;
      case 'timestamps':
        this.store.setState((state) => ({ view: { ...state.view, timestamps: !state.view.timestamps } }));
        return;
      case 'lesson':
        this.toggleLesson();
        return;
      case 'explain':
        this.explainCode(command.text);
        return;
      case 'mailbox':
        this.showMailbox(command.message);
        return;
      case 'probeTls':
        return this.probeTls();
      case 'quit':
        return this.quit();
    }
  }

  private async connectTo(text: string): Promise<void> {
    let target;
    try {
      target = parseTarget(text);
    } catch (error) {
      setNotice(this.store, (error as Error).message, 'problem');
      return;
    }
    await this.connect({ ...withoutSession(this.options), host: target.host, port: target.port, tlsOnConnect: target.port === 465 });
  }

  /** The same server again, offering the TLS session of the last connection: the TLS pane says whether it was resumed. */
  private async reconnect(): Promise<void> {
    const session = this.connection?.session;
    if (session) setNotice(this.store, 'reconnecting with the previous TLS session offered for resumption');
    await this.connect({ ...withoutSession(this.options), ...(session ? { session } : {}) });
  }

  /** F3 and /lesson: the scenario's lesson note on or off. */
  toggleLesson(): void {
    if (!this.lesson) {
      setNotice(this.store, `/lesson: ${NO_WORKSHOP}`, 'problem');
      return;
    }
    this.store.setState(({ view }) => ({ view: { ...view, lesson: !view.lesson, focus: view.focus === 'lesson' ? 'input' : view.focus } }));
  }

  /** The whole explanation of a reply line (Enter on a selected reply). */
  explain(entry: SessionEntry): void {
    if (entry.code !== undefined) setOverlay(this.store, { kind: 'text', title: EXPLANATION_TITLE, lines: formatExplanation(explainEntry(entry)), scroll: 0 });
  }

  private explainCode(text: string): void {
    const explained = explainTyped(text);
    if ('error' in explained) setNotice(this.store, `/explain: ${explained.error}`, 'problem');
    else setOverlay(this.store, { kind: 'text', title: EXPLANATION_TITLE, lines: explained.lines, scroll: 0 });
  }

  private showMailbox(message: number | undefined): void {
    if (!this.workshop) {
      setNotice(this.store, `/mailbox: ${NO_WORKSHOP}`, 'problem');
      return;
    }
    const view = mailboxView(this.workshop.server, message);
    if ('error' in view) setNotice(this.store, view.error, 'problem');
    else setOverlay(this.store, { kind: 'text', title: view.title, lines: view.lines, scroll: 0 });
  }

  /** The mailbox count, while the session talks to the built-in server. */
  private mailboxStatus(): { mailbox?: number } {
    const server = this.workshop?.server;
    if (!server || server.host !== this.options.host || server.port !== this.options.port) return {};
    return { mailbox: server.mailbox.length };
  }

  /** One connection per TLS version and a few for the cipher order, beside the session; the lines go to the transcript. */
  private async probeTls(): Promise<void> {
    if (this.probing) {
      setNotice(this.store, 'a TLS probe is running already', 'problem');
      return;
    }
    this.probing = true;
    const target = this.target;
    appendInfo(this.store, [`probing TLS on ${target}: TLSv1 to TLSv1.3 one connection each, then the cipher order…`]);
    setNotice(this.store, `probing TLS on ${target}…`);
    try {
      const helo = this.store.getState().vars.helo;
      const result = await probeTls({ connection: withoutSession(this.options), ...(helo ? { helo } : {}) });
      appendInfo(this.store, formatProbe(result));
      setNotice(this.store, `TLS probe of ${target} done in ${thousands(result.ms)} ms: its lines are in the transcript (/export keeps them)`);
    } catch (error) {
      appendInfo(this.store, [`TLS probe failed: ${(error as Error).message}`]);
      setNotice(this.store, `TLS probe failed: ${(error as Error).message}`, 'problem');
    } finally {
      this.probing = false;
    }
  }

  private async exportTo(file: string): Promise<void> {
    const { transcript, tls, status } = this.store.getState();
    try {
      const format = await writeExport(file, {
        target: status.target,
        entries: transcript.ring,
        dropped: transcript.ring.dropped,
        ...(tls.report ? { tls: tls.report } : {}),
      });
      setNotice(this.store, `exported ${thousands(transcript.ring.size)} entries to ${file} (${format}, secrets redacted)`);
    } catch (error) {
      setNotice(this.store, `export failed: ${(error as Error).message}`, 'problem');
    }
  }

  private async exportChain(file: string): Promise<void> {
    const report = this.store.getState().tls.report;
    if (!report || report.chain.length === 0) {
      setNotice(this.store, 'no certificate chain yet: STARTTLS first', 'problem');
      return;
    }
    try {
      await writeFile(file, chainPem(report));
      setNotice(this.store, `saved ${report.chain.length} certificate${report.chain.length === 1 ? '' : 's'} to ${file} (PEM, leaf first)`);
    } catch (error) {
      setNotice(this.store, `export failed: ${(error as Error).message}`, 'problem');
    }
  }

  /** Streams a file as the body, in constant memory; typed lines wait until the server has answered its end. */
  private async sendFile(file: string): Promise<void> {
    const connection = this.requireConnection();
    if (!connection) return;
    if (!connection.inData || this.outbox.length > 0) {
      setNotice(this.store, '/send-file works in DATA: after DATA was answered 354, before any body line is queued', 'problem');
      return;
    }
    try {
      await access(file, constants.R_OK);
    } catch (error) {
      setNotice(this.store, `/send-file: ${(error as Error).message}`, 'problem');
      return;
    }
    const owner = Symbol('send-file');
    this.outbox.hold(owner);
    try {
      await connection.streamBody(createReadStream(file), file);
    } catch {
      // The connection has said what failed, in the transcript.
    } finally {
      this.outbox.release(owner);
    }
  }

  private setVariable(variable: string | undefined, value: string | undefined): void {
    const { vars } = this.store.getState();
    if (variable === undefined) {
      const shown = Object.entries(vars).map(([name, v]) => `${name}=${v}`);
      setNotice(this.store, shown.length > 0 ? shown.join('  ') : 'no variables set (/set NAME VALUE)');
      return;
    }
    if (value === undefined) {
      const { [variable]: _removed, ...rest } = vars;
      this.store.setState({ vars: rest });
      setNotice(this.store, `${variable} unset`);
      return;
    }
    this.store.setState({ vars: { ...vars, [variable]: value } });
    setNotice(this.store, `${variable}=${value}`);
  }

  private async authenticate(mechanism: AuthMechanism): Promise<void> {
    const connection = this.requireConnection();
    if (!connection) return;
    const question = this.confirmAuth(connection);
    if (question && !(await question)) {
      setNotice(this.store, 'AUTH not sent: not confirmed');
      return;
    }
    const owner = Symbol(`AUTH ${mechanism}`);
    const reply = await runAuth(
      mechanism,
      {
        ask: (label, options) => this.questions.ask(label, options),
        send: (line) => {
          this.outbox.hold(owner);
          return this.outbox.send(line, { confirmed: true, owner });
        },
      },
      this.store.getState().vars.user,
    ).finally(() => this.outbox.release(owner));
    if (reply === undefined && !this.connection?.closed) setNotice(this.store, `AUTH ${mechanism} not completed`);
  }

  private requireConnection(): SmtpConnection | undefined {
    const connection = this.connection;
    if (connection && !connection.closed) return connection;
    setNotice(this.store, 'not connected: /reconnect, or /connect HOST[:PORT]', 'problem');
    return undefined;
  }

  /**
   * AUTH over plaintext or an unverified certificate needs a yes first, once per connection and reason: a yes to
   * plaintext does not cover the unverified certificate met after STARTTLS.
   */
  private confirmAuth(connection: SmtpConnection): Promise<boolean> | undefined {
    const report = connection.tls ? connection.tlsReport : undefined;
    if (report?.verdict.trusted) return undefined;
    const risk: AuthRisk = report ? 'unverified' : 'plaintext';
    if (this.confirmedAuth.get(connection) === risk) return undefined;
    const why = report
      ? `the certificate is not verified (${report.verdict.label}): the server may not be who it says, and would get the credentials`
      : 'the connection is PLAINTEXT: anyone on the path can read the credentials';
    return this.questions.confirm(`Send AUTH? ${why}. Send anyway? y/N`).then((yes) => {
      if (yes) this.confirmedAuth.set(connection, risk);
      return yes;
    });
  }

  private restore(text: string, message: string): false {
    setLine(this.store, lineOf(text));
    setNotice(this.store, message, 'problem');
    return false;
  }

  /** QUIT when the connection is idle; otherwise give up the pending wait, which also stops its timer. */
}
