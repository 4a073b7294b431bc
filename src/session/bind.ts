/**
 * The only seam between the core and the store: connection events become transcript entries and status,
 * delivered in batches so that a flood of server lines costs a store update per batch, not one per line. What
 * was sent goes at once: it follows a key, and the key's frame should show it (the pacer, ui/frame-pacer.ts,
 * decides when the panes see any of it).
 */
import type { ConnectionEvent, SmtpConnection } from '../core/connection.js';
import { AFTER_STARTTLS_HANDSHAKE, nextStepHint } from '../core/hints.js';
import { entriesFor } from '../core/transcript.js';
import { phaseAfterReply } from './phase.js';
import type { PhaseTrack } from './phase.js';
import type { Phase, SessionEntry, SessionState, SessionStore, StatusSlice } from './store.js';

export const BATCH_MS = 33;
export const CLOCK_MS = 250;

export interface Binding {
  /** Delivers with the next batch what changed beside the connection (the queued count), not in a frame of its own. */
  schedule(): void;
  /** Delivers what is still buffered and stops listening. */
  dispose(): void;
}

function sessionEntries(event: ConnectionEvent): SessionEntry[] {
  const entries = entriesFor(event);
  return event.type === 'sent' && event.kind === 'raw' ? entries.map((entry) => ({ ...entry, rawMode: true })) : entries;
}

const at = (phase: Phase): PhaseTrack => ({ phase, ready: phase });

export interface BindOptions {
  batchMs?: number;
  /** After each positive reply, what usually comes next (workshop scenarios, --hints). */
  hints?: boolean;
  /** Lines typed ahead of the replies (the outbox), shown with each batch. */
  queued?: () => number;
}

export function bindConnection(connection: SmtpConnection, store: SessionStore, options: BindOptions = {}): Binding {
  const batchMs = options.batchMs ?? BATCH_MS;
  let pending: SessionEntry[] = [];
  let track: PhaseTrack | undefined;
  let connected: boolean | undefined;
  let nextStep: string | undefined;
  let tlsStarting: StatusSlice['tlsStarting'];
  let startTlsRefused: number | undefined;
  let failure: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let clock: NodeJS.Timeout | undefined;
  const status = (state: SessionState): StatusSlice => {
    const next: StatusSlice = {
      ...state.status,
      phase: track?.phase ?? state.status.phase,
      connected: connected ?? state.status.connected,
      tls: connection.tls,
      inData: connection.inData,
      inAuth: connection.inAuth,
      waiting: connection.waiting,
      now: Date.now(),
      nextStep,
      ...(tlsStarting ? { tlsStarting } : {}),
      ...(startTlsRefused !== undefined ? { startTlsRefused } : {}),
      ...(failure !== undefined ? { failure } : {}),
    };
    return next;
  };

  const tick = (): void => {
    const now = connection.waiting;
    store.setState((state) => ({ status: { ...state.status, waiting: now, now: Date.now() } }));
    if (!now) stopClock();
  };
  const stopClock = (): void => {
    if (clock) clearInterval(clock);
    clock = undefined;
  };

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const entries = pending;
    pending = [];
    for (const entry of entries) store.getState().transcript.ring.push(entry);
    // One update for the batch: entries, status, TLS and capabilities change together.
    store.setState((state) => {
      const patch: Partial<SessionState> = {
        status: status(state),
        ...(entries.length > 0 ? { transcript: { ring: state.transcript.ring, revision: state.transcript.revision + 1 } } : {}),
      };
      const queued = options.queued?.() ?? state.composer.queued;
      if (queued !== state.composer.queued) patch.composer = { ...state.composer, queued };
      if (state.tls.report !== connection.tlsReport) patch.tls = { report: connection.tlsReport };
      if (state.caps.current !== connection.capabilities || state.caps.preTls !== connection.preTlsCapabilities) {
        patch.caps = { current: connection.capabilities, preTls: connection.preTlsCapabilities };
      }
      return patch;
    });
    if (connection.waiting && !clock) clock = setInterval(tick, CLOCK_MS);
    if (!connection.waiting) stopClock();
  };

  let soon = false;
  const flushSoon = (): void => {
    if (soon) return;
    soon = true;
    queueMicrotask(() => {
      soon = false;
      flush();
    });
  };

  const onEvent = (event: ConnectionEvent): void => {
    if (event.type === 'connecting') {
      track = at('connecting');
      if (event.tls) tlsStarting = 'implicit';
    }
    if (event.type === 'error') failure ??= event.error.message;
    if (event.type === 'connected') {
      connected = true;
      track = at('greeting');
    }
    if (event.type === 'reply' && event.answers) {
      track = phaseAfterReply(track ?? at('greeting'), event.answers.verb, event.reply.code);
      if (event.answers.verb === 'STARTTLS') {
        if (event.reply.code === 220) tlsStarting = 'starttls';
        else startTlsRefused = event.reply.code;
      }
      if (options.hints) nextStep = nextStepHint(event.answers.verb, event.reply, event.tls);
    }
    if (event.type === 'tls' && tlsStarting === 'starttls' && options.hints) nextStep = AFTER_STARTTLS_HANDSHAKE;
    if (event.type === 'sent' || event.type === 'closed') nextStep = undefined;
    if (event.type === 'closed') {
      connected = false;
      track = at('closed');
    }
    pending.push(...sessionEntries(event));
    // Closing is the last word: deliver it at once so nothing waits on a timer that may never fire again.
    if (event.type === 'closed') flush();
    // After the connection has finished its bookkeeping for the send (what it now waits for), in the key's task.
    else if (event.type === 'sent') flushSoon();
    else timer ??= setTimeout(flush, batchMs);
  };

  const unsubscribe = connection.subscribe(onEvent);
  let disposed = false;
  return {
    schedule() {
      if (!disposed) timer ??= setTimeout(flush, batchMs);
    },
    dispose() {
      disposed = true;
      unsubscribe();
      flush();
      stopClock();
    },
  };
}
