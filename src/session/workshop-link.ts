/**
 * The session's tie to the built-in server: none (a host was named), there from the start, or started after the
 * explorer's first frame, or failed to start. It knows whether there is a server to connect to at all, and keeps
 * the status bar's mailbox count following the server's own event, never a component.
 */
import type { ConnectionOptions } from '../core/connection.js';
import { hostPort } from '../core/host-port.js';
import type { Scenario } from '../server/scenarios/types.js';
import { appendInfo, setNotice } from './store.js';
import type { SessionStore } from './store.js';
import { lessonNote } from './workshop.js';
import type { LessonNote, Workshop } from './workshop.js';

/** Until the built-in server listens there is nowhere to connect to but a host the person names. */
const SERVER_STARTING = 'the built-in server is still starting';

export class WorkshopLink {
  /** The scenario's lesson, when the built-in server runs one (or is about to). */
  readonly lesson: LessonNote | undefined;
  private running: Workshop | undefined;
  private stopMailbox: () => void = () => undefined;
  /** Why there is no server to connect to yet (the built-in one starting, or failed to), or undefined. */
  private missing: string | undefined;

  /** `scenario` without `workshop`: the server is still to start, and nothing connects until it does. */
  constructor(
    private readonly store: SessionStore,
    private readonly mailboxChanged: () => void,
    options: { workshop?: Workshop | undefined; scenario?: Scenario | undefined },
  ) {
    const scenario = options.workshop?.scenario ?? options.scenario;
    this.lesson = scenario && lessonNote(scenario);
    if (options.workshop) this.attach(options.workshop);
    else if (options.scenario) this.missing = SERVER_STARTING;
  }

  get workshop(): Workshop | undefined {
    return this.running;
  }

  /** The server listens: true when the session should now connect to it, as nobody named another meanwhile. */
  started(workshop: Workshop, connection: ConnectionOptions): boolean {
    this.attach(workshop);
    if (this.missing === undefined) {
      const where = hostPort(connection.host, connection.port);
      appendInfo(this.store, [`the built-in server listens on ${where} (/connect ${where} talks to it)`]);
      return false;
    }
    this.missing = undefined;
    return true;
  }

  /** Said in the transcript; unless a host was named meanwhile, the session has no server until one is. */
  failed(error: Error): void {
    const failure = `the built-in server did not start: ${error.message}`;
    appendInfo(this.store, [failure], 'error');
    if (this.missing === undefined) return;
    this.missing = failure;
    this.store.setState((state) => ({ status: { ...state.status, phase: 'closed' } }));
    setNotice(this.store, `${failure} (/connect HOST[:PORT] talks to another)`, 'problem');
  }

  /** A host was named (/connect): the session has a server, whatever becomes of the built-in one. */
  named(): void {
    this.missing = undefined;
  }

  /** True, after saying why in the notice, while there is no server to connect to but one the person names. */
  refuses(): boolean {
    if (this.missing === undefined) return false;
    setNotice(this.store, this.missing, 'problem');
    return true;
  }

  stop(): void {
    this.stopMailbox();
  }

  private attach(workshop: Workshop): void {
    this.running = workshop;
    this.stopMailbox = workshop.server.onMessage(this.mailboxChanged);
  }
}
