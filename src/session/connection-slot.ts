/**
 * The session's one connection at a time, bound to the store. Connects take turns, so one never orphans the
 * connection of another; the previous connection gets its QUIT before the next opens; once closed, none opens.
 */
import { SmtpConnection } from '../core/connection.js';
import type { ConnectionOptions } from '../core/connection.js';
import { hostPort } from '../core/host-port.js';
import type { Reply } from '../core/reply.js';
import { endPolitely } from '../core/polite-end.js';
import { prepareRootStore, usesBundledRoots } from '../core/root-store.js';
import { bindConnection } from './bind.js';
import type { Binding } from './bind.js';
import { setQueued } from './composer.js';
import { setNotice } from './store.js';
import type { SessionStore } from './store.js';
import type { Workshop } from './workshop.js';

/** How long QUIT may take on the way out before the connection is simply closed. */
export const QUIT_WAIT_MS = 2000;

export interface SlotDeps {
  store: SessionStore;
  connection: ConnectionOptions;
  batchMs?: number | undefined;
  hints: boolean;
  /** The built-in server, once it runs. */
  workshop(): Workshop | undefined;
  /** How many typed lines wait to be sent. */
  queued(): number;
  /** Lines queued for a connection that is going would never be sent: they are dropped, with the reason. */
  abandon(reason: string): void;
}

/** A TLS session belongs to the connection it came from; a new target, a probe or a fresh start must not offer it. */
export function withoutSession(options: ConnectionOptions): ConnectionOptions {
  const { session: _previous, ...rest } = options;
  return rest;
}

export class ConnectionSlot {
  private current: SmtpConnection | undefined;
  private binding: Binding | undefined;
  private settings: ConnectionOptions;
  private closing = false;
  private switching: Promise<unknown> = Promise.resolve();
  private greeting: Promise<Reply | undefined> = Promise.resolve(undefined);

  constructor(private readonly deps: SlotDeps) {
    this.settings = deps.connection;
  }

  get connection(): SmtpConnection | undefined {
    return this.current;
  }

  /** The options of the last connection opened (or to be opened first). */
  get options(): ConnectionOptions {
    return this.settings;
  }

  get target(): string {
    const { host, port } = this.settings;
    return hostPort(host, port);
  }

  /** Settles once the current connection's greeting came (with it) or its opening failed: nothing is sent before. */
  get greeted(): Promise<Reply | undefined> {
    return this.greeting;
  }

  /** Closes any current connection (QUIT first) and opens a new one; failures end up in the transcript. */
  open(options: ConnectionOptions): Promise<void> {
    const installed = this.switching.then(() => this.replace(options));
    this.switching = installed.catch(() => undefined);
    const greeting = installed.then((opening) => opening?.greeting, () => undefined);
    // From now on: a line typed while the old connection says QUIT waits for the new one's greeting.
    this.greeting = greeting;
    return installed.then((opening) => opening?.greeting).then(() => undefined);
  }

  /** Returns the new connection's opening (wrapped, so the next open need not wait for a greeting). */
  private async replace(options: ConnectionOptions): Promise<{ greeting: Promise<Reply | undefined> } | undefined> {
    if (this.closing) return undefined;
    const previous = this.current;
    if (previous) {
      this.deps.abandon('the session was replaced');
      await endPolitely(previous, QUIT_WAIT_MS);
      this.binding?.dispose();
      if (this.closing) return undefined;
    }
    this.settings = options;
    const connection = new SmtpConnection(options);
    this.current = connection;
    const { store } = this.deps;
    store.setState((state) => ({
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
    this.binding = bindConnection(connection, store, {
      ...(this.deps.batchMs !== undefined ? { batchMs: this.deps.batchMs } : {}),
      hints: this.deps.hints,
      queued: this.deps.queued,
    });
    // The connection reports a failure as an event; the transcript says what happened.
    const greeting = connection.open().then((reply) => reply, () => undefined);
    // STARTTLS may come at any moment; the first frame is drawn already.
    if (usesBundledRoots(options)) prepareRootStore();
    return { greeting };
  }

  /** Ends the current connection (QUIT, briefly) and opens no other. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.current) await endPolitely(this.current, QUIT_WAIT_MS);
    this.binding?.dispose();
  }

  /** The open connection, or undefined after saying in the notice how to get one. */
  require(): SmtpConnection | undefined {
    const connection = this.current;
    if (connection && !connection.closed) return connection;
    setNotice(this.deps.store, 'not connected: /reconnect, or /connect HOST[:PORT]', 'problem');
    return undefined;
  }

  /** The queued count rides on the binding's next batch; before the first connection there is no batch to ride. */
  queuedChanged(): void {
    if (this.binding) this.binding.schedule();
    else setQueued(this.deps.store, this.deps.queued());
  }

  /** The mailbox count, while the session talks to the built-in server. */
  mailboxStatus(): { mailbox?: number } {
    const server = this.deps.workshop()?.server;
    if (!server || server.host !== this.settings.host || server.port !== this.settings.port) return {};
    return { mailbox: server.mailbox.length };
  }
}
