/**
 * The session: owns the connection, turns what the person typed into lines for the server or local
 * commands, runs templates and AUTH flows, and ends cleanly. The UI calls these methods; it never touches
 * the connection.
 */
import type { ConnectionOptions } from '../core/connection.js';
import type { Target } from '../cli/args.js';
import type { Scenario } from '../server/scenarios/types.js';
import { parseRawEscapes } from '../core/data.js';
import type { Reply } from '../core/reply.js';
import { Authenticator } from './authenticator.js';
import { editLine, setLine, takeLine, typeIntoLine } from './composer.js';
import { ConnectionSlot, withoutSession } from './connection-slot.js';
import { exportChain, exportTranscript, sendFile } from './file-commands.js';
import type { History } from './history.js';
import { lineOf, splitTyped } from './line-editor.js';
import { interpretTyped } from './local-commands.js';
import type { LocalCommand, Typed } from './local-commands.js';
import { Outbox } from './outbox.js';
import type { SendOptions } from './outbox.js';
import { Questions } from './questions.js';
import { clearNotice, clearTranscript, followTail, setNotice, setOverlay } from './store.js';
import type { SessionEntry, SessionStore } from './store.js';
import { explainCode, explainReply, setVariable, showMailbox, toggleLesson, toggleRawMode, toggleTimestamps } from './store-commands.js';
import { applyTemplate } from './template-apply.js';
import type { Template } from './templates.js';
import { TlsProbeCommand } from './tls-probe-command.js';
import type { LessonNote, Workshop } from './workshop.js';
import { WorkshopLink } from './workshop-link.js';

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
  /** Or the scenario of a built-in server still to start (`serverStarted`): its lesson from the start, no connection. */
  scenario?: Scenario;
}

/** Commands that act on the connection: run ahead of lines still queued, they would overtake them. */
const OVERTAKING: ReadonlySet<LocalCommand['name']> = new Set(['connect', 'reconnect', 'sendFile']);

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
  private readonly slot: ConnectionSlot;
  private readonly auth: Authenticator;
  private readonly probe: TlsProbeCommand;
  private readonly link: WorkshopLink;
  private quitting: Promise<void> | undefined;
  private finish: () => void = () => undefined;

  constructor(options: SessionOptions) {
    this.store = options.store;
    this.history = options.history;
    this.templates = options.templates;
    const mailboxChanged = (): void => this.store.setState((state) => ({ status: { ...state.status, ...this.slot.mailboxStatus() } }));
    this.link = new WorkshopLink(this.store, mailboxChanged, options);
    this.lesson = this.link.lesson;
    this.slot = new ConnectionSlot({
      store: this.store,
      connection: options.connection,
      batchMs: options.batchMs,
      hints: options.hints === true,
      workshop: () => this.link.workshop,
      queued: () => this.outbox.length,
      abandon: (reason) => this.outbox.clear(reason, true),
    });
    this.questions = new Questions(this.store);
    this.outbox = new Outbox({
      store: this.store,
      connection: () => this.slot.connection,
      confirmAuth: (connection) => this.auth.confirm(connection),
      remember: (line) => this.history.add(line),
      queuedChanged: () => this.slot.queuedChanged(),
      greeted: () => this.slot.greeted,
    });
    this.auth = new Authenticator({ store: this.store, slot: this.slot, outbox: this.outbox, questions: this.questions });
    this.probe = new TlsProbeCommand(this.store, this.slot);
    this.finished = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  /**
   * The built-in server, listening: its mailbox counts from now on, and the first connection goes to it, unless
   * the person connected elsewhere meanwhile.
   */
  serverStarted(workshop: Workshop, connection: ConnectionOptions): Promise<void> {
    return this.link.started(workshop, connection) ? this.connect(connection) : Promise.resolve();
  }

  /** The built-in server could not start: said in the transcript; the session stays, to connect elsewhere. */
  serverFailed(error: Error): void {
    this.link.failed(error);
  }

  /**
   * Closes any current connection (QUIT first) and opens a new one; failures end up in the transcript. Connects
   * take turns, so one never orphans the connection of another; after quit() none opens.
   */
  connect(options: ConnectionOptions = this.slot.options): Promise<void> {
    return this.slot.open(options);
  }

  /**
   * Typed or pasted text: line ends submit, so a paste goes out whole and in order. A line that cannot go
   * stays in the input to be fixed, and what was pasted after it is not taken (it says how much). `bracketed`:
   * the terminal marked the text as pasted; without that mark, text of more than one line is taken as pasted.
   */
  type(text: string, bracketed = false): void {
    const pieces = splitTyped(text, bracketed);
    const pasted = bracketed || pieces.filter((piece) => piece.kind === 'submit').length > 1;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece.kind === 'text') typeIntoLine(this.store, piece.text);
      else if (piece.kind === 'erase') editLine(this.store, 'backspace');
      else if (!this.enter(pasted)) {
        const rest = pieces.slice(i + 1).filter((later) => later.kind === 'submit').length;
        const notice = this.store.getState().status.notice;
        if (rest > 0 && notice) setNotice(this.store, `${notice.text} (${rest} more pasted line${rest === 1 ? '' : 's'} not taken)`, notice.tone);
        return;
      }
    }
  }

  /**
   * Enter on the input line; false when the line could not go and was put back for fixing. Lines of a paste
   * (`pasted`) that fall in a message body are its text, as they are: a pasted message arrives whole.
   */
  enter(pasted = false): boolean {
    const raw = this.store.getState().composer.raw;
    const text = takeLine(this.store);
    clearNotice(this.store);
    followTail(this.store);
    const connection = this.slot.connection;
    const connected = connection !== undefined && !connection.closed;
    // Lines typed behind a DATA still waiting for its 354 will be its body too.
    const inBody = connected && this.outbox.bodyAhead(connection.inData);
    const typed: Typed = inBody && pasted ? { kind: 'server', line: text } : interpretTyped(text, inBody);
    if (typed.kind === 'local') {
      if (OVERTAKING.has(typed.command.name) && this.outbox.busy) {
        return this.restore(text, `${text.split(/\s/)[0]} would go ahead of lines still on their way: wait for their replies (Esc gives up)`);
      }
      this.history.add(text);
      void this.runLocal(typed.command).then((done) => {
        // A file that could not be written: the command comes back to be fixed, unless something else was typed.
        if (done === false && this.store.getState().composer.line.text === '') setLine(this.store, lineOf(text));
      });
      return true;
    }
    if (typed.kind === 'invalid') return this.restore(text, typed.message);
    const { line } = typed;
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
    applyTemplate(template, { store: this.store, slot: this.slot, outbox: this.outbox, auth: this.auth });
  }

  /** Esc while a reply is awaited: give up the wait, which closes the connection (the only safe state). */
  cancelWait(): boolean {
    const connection = this.slot.connection;
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
      this.link.stop();
      this.outbox.clear('quitting', true);
      await this.slot.close();
      await this.history.flush();
      this.finish();
    })();
    return this.quitting;
  }

  /** False when the command failed in a way the typed line could fix (a file that could not be written). */
  async runLocal(command: LocalCommand): Promise<boolean | void> {
    switch (command.name) {
      case 'help':
        setOverlay(this.store, { kind: 'help', scroll: 0 });
        return;
      case 'connect':
        return this.connectTo(command.target);
      case 'reconnect':
        if (this.link.refuses()) return;
        return this.reconnect();
      case 'raw':
        toggleRawMode(this.store);
        return;
      case 'export':
        return exportTranscript(this.store, this.questions, command.file);
      case 'exportChain':
        return exportChain(this.store, this.questions, command.file);
      case 'sendFile':
        return sendFile(this.store, this.slot, this.outbox, command.file);
      case 'set':
        setVariable(this.store, command.variable, command.value);
        return;
      case 'clear':
        clearTranscript(this.store);
        return;
      case 'timestamps':
        toggleTimestamps(this.store);
        return;
      case 'lesson':
        this.toggleLesson();
        return;
      case 'explain':
        explainCode(this.store, command.text);
        return;
      case 'mailbox':
        if (!this.link.workshop && this.link.refuses()) return;
        showMailbox(this.store, this.link.workshop, command.message);
        return;
      case 'probeTls':
        if (this.link.refuses()) return;
        return this.probe.run();
      case 'quit':
        return this.quit();
    }
  }

  private async connectTo(target: Target): Promise<void> {
    this.link.named();
    await this.connect({ ...withoutSession(this.slot.options), host: target.host, port: target.port, tlsOnConnect: target.port === 465 });
  }

  /** The same server again, offering the TLS session of the last connection: the TLS pane says whether it was resumed. */
  private async reconnect(): Promise<void> {
    const session = this.slot.connection?.session;
    if (session) setNotice(this.store, 'reconnecting with the previous TLS session offered for resumption');
    await this.connect({ ...withoutSession(this.slot.options), ...(session ? { session } : {}) });
  }

  /** F3 and /lesson: the scenario's lesson note on or off. */
  toggleLesson(): void {
    toggleLesson(this.store, this.lesson);
  }

  /** The whole explanation of a reply line (Enter on a selected reply). */
  explain(entry: SessionEntry): void {
    explainReply(this.store, entry);
  }

  private restore(text: string, message: string): false {
    setLine(this.store, lineOf(text));
    setNotice(this.store, message, 'problem');
    return false;
  }
}
