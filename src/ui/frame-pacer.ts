/**
 * What the panes see of the store, and when: Ink draws one frame per publish, so the pacer decides the frame rate.
 * Changes from the network (a flood of lines, a countdown) are published at most every BACKGROUND_GAP_MS; a key's
 * change at once, or INPUT_GAP_MS after the previous frame at the soonest. A publish carries everything changed so
 * far, so a key's frame shows the lines that came before it and the next background frame waits a full gap after it.
 *
 * Ink's own throttle cannot do this: it debounces, so a key typed just after a frame waits a whole interval, and
 * longer when the next batch of lines lands inside that interval.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { SessionState, SessionStore } from '../session/store.js';

/** 20 frames a second for what the server does; with keys typed at 10 a second the whole stays under 30. */
export const BACKGROUND_GAP_MS = 50;
export const INPUT_GAP_MS = 20;

export interface PacerGaps {
  background: number;
  input: number;
}

type Listener = (state: SessionState, previous: SessionState) => void;

export type PacedStore = Pick<StoreApi<SessionState>, 'getState' | 'getInitialState' | 'subscribe'>;

export class FramePacer implements PacedStore {
  private published: SessionState;
  private publishedAt = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<Listener>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Number.POSITIVE_INFINITY;
  private queued = false;
  private urgent = false;

  constructor(
    private readonly store: SessionStore,
    private readonly gaps: PacerGaps = { background: BACKGROUND_GAP_MS, input: INPUT_GAP_MS },
  ) {
    this.published = store.getState();
  }

  getState = (): SessionState => {
    // Unwatched, there is nothing to pace: a first render sees the store as it is.
    if (this.listeners.size === 0) this.published = this.store.getState();
    return this.published;
  };

  getInitialState = (): SessionState => this.store.getInitialState();

  subscribe = (listener: Listener): (() => void) => {
    if (this.listeners.size === 0) {
      this.published = this.store.getState();
      this.unsubscribe = this.store.subscribe(() => this.schedule());
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      this.cancelTimer();
    };
  };

  /**
   * A key was handled: what it changes is shown at once, with whatever else is waiting. Its effects may still be
   * on their way in this task's microtasks (the outbox sends after an await, the binding delivers the sent line
   * in one), so until the task ends every change counts as the key's.
   */
  input(): void {
    if (this.listeners.size === 0) return;
    this.urgent = true;
    setImmediate(() => {
      if (this.store.getState() === this.published) this.urgent = false;
    });
    this.schedule();
  }

  private schedule(): void {
    if (this.listeners.size === 0 || this.store.getState() === this.published) return;
    const due = this.publishedAt + (this.urgent ? this.gaps.input : this.gaps.background);
    const wait = due - performance.now();
    // A microtask, not at once: the rest of a key's or a batch's changes in this task go out in the same frame.
    if (wait <= 0) this.queuePublish();
    else if (due < this.dueAt) {
      this.cancelTimer();
      this.dueAt = due;
      // Timers run by the event loop's clock, which can lag performance.now() by a millisecond: one that fires
      // early schedules again, and waits out the rest.
      this.timer = setTimeout(() => {
        this.cancelTimer();
        this.schedule();
      }, wait);
    }
  }

  private queuePublish(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.publish();
    });
  }

  private publish(): void {
    this.cancelTimer();
    this.urgent = false;
    const state = this.store.getState();
    const previous = this.published;
    if (state === previous || this.listeners.size === 0) return;
    this.published = state;
    this.publishedAt = performance.now();
    for (const listener of this.listeners) listener(state, previous);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Number.POSITIVE_INFINITY;
  }
}
