/**
 * Script mode's answer to SIGINT (Ctrl-C) and SIGTERM (a CI job cancelled): the first asks the run to end cleanly,
 * through an AbortSignal whose reason names it; the listeners go at once, so a second signal meets Node's default
 * and ends the process there and then. Released after the run too: nothing of this outlives it.
 */
import { EXIT_SIGINT, EXIT_SIGTERM } from '../cli/exit-codes.js';
import type { SmtpConnection } from '../core/connection.js';
import { nameWait } from '../core/reply-queue.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export interface Interrupts {
  /** Aborted by the first signal, with the signal's name as its reason. */
  signal: AbortSignal;
  release(): void;
}

type SignalTarget = Pick<NodeJS.Process, 'on' | 'off'>;

export function catchInterrupts(target: SignalTarget = process): Interrupts {
  const controller = new AbortController();
  const onInt = (): void => stop('SIGINT');
  const onTerm = (): void => stop('SIGTERM');
  const release = (): void => {
    target.off('SIGINT', onInt);
    target.off('SIGTERM', onTerm);
  };
  const stop = (name: StopSignal): void => {
    release();
    controller.abort(name);
  };
  target.on('SIGINT', onInt);
  target.on('SIGTERM', onTerm);
  return { signal: controller.signal, release };
}

/** Which signal aborted the run (SIGINT unless the reason says SIGTERM). */
export function stopSignal(aborted: AbortSignal): StopSignal {
  return aborted.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

/** The shell's convention, 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM. */
export function interruptedExit(signal: StopSignal): number {
  return signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
}

/**
 * How long an interrupted run still waits: for the reply it had asked for (so what the server made of it is known, and
 * QUIT does not go out while a reply is due), then for the reply to QUIT. A second signal ends even that.
 */
export const INTERRUPT_GRACE_MS = 2000;

export interface RunInterruption {
  /** The signal, once one came. */
  readonly by: StopSignal | undefined;
  /** Settles when a signal comes; never, otherwise. */
  readonly came: Promise<void>;
  readonly graceMs: number;
  /** The run has stopped waiting for the reply it had asked for: the grace given to it ends. */
  settle(): void;
  dispose(): void;
}

/**
 * Watches `aborted` for the run on `connection`: a signal is said at once (`say`), and a wait under way gets the
 * grace to end in, after which it is given up (closing the connection). A body being streamed is cut at once: half
 * a message without its end is never delivered, and nothing more of it is sent.
 */
export function watchInterruption(
  aborted: AbortSignal | undefined,
  connection: SmtpConnection,
  say: (text: string) => void,
  bodyUnderway: () => boolean,
): RunInterruption {
  const graceMs = Math.min(INTERRUPT_GRACE_MS, connection.timeouts.command);
  let by: StopSignal | undefined;
  let timer: NodeJS.Timeout | undefined;
  let came: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (came = resolve));
  const giveUp = (): void => {
    const waiting = connection.waiting;
    if (!connection.busy || !waiting) return;
    const { what, extra } = nameWait(waiting);
    connection.cancel(`interrupted, and no reply to ${what} within ${graceMs / 1000} s${extra}; closing without QUIT, whose reply could not be told from that one`);
  };
  const onAbort = (): void => {
    by = stopSignal(aborted!);
    say(`interrupted by ${by}: nothing more of the script is sent`);
    if (bodyUnderway() && !connection.closed) {
      connection.cancel('interrupted in the middle of the message body: the connection is closed before its end, so nothing is delivered');
    } else if (connection.busy) {
      timer = setTimeout(giveUp, graceMs);
    }
    came();
  };
  aborted?.addEventListener('abort', onAbort, { once: true });
  const settle = (): void => clearTimeout(timer);
  return {
    get by() {
      return by;
    },
    came: promise,
    graceMs,
    settle,
    dispose() {
      settle();
      aborted?.removeEventListener('abort', onAbort);
    },
  };
}
