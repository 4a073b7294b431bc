/**
 * The replies a connection waits for, in order (a FIFO, as replies come in the order of the commands), each with
 * one deadline for the whole reply: the clock starts when the reply is due, never again per read.
 */
import type { Awaited, Waiting } from './connection-events.js';
import type { SmtpError } from './errors.js';
import type { Reply } from './reply.js';

export interface Pending {
  verb: Awaited;
  display: string;
  timeoutMs: number;
  startedAt?: number;
  timer?: NodeJS.Timeout;
  resolve: (reply: Reply) => void;
  reject: (error: SmtpError) => void;
  /** Set for a probe's wait: silence until the deadline is an answer, not a failure. */
  silence?: () => void;
}

/** How an error names the reply it gave up on; after the end of DATA, silence is not a refusal, and it says so. */
export function nameWait(pending: Pick<Pending, 'verb' | 'display'>): { what: string; extra: string } {
  return pending.verb === 'data-end'
    ? { what: 'the end of DATA', extra: ': the message MAY have been accepted — check before resending' }
    : { what: pending.display, extra: '' };
}

export class ReplyQueue {
  private readonly items: Pending[] = [];

  /** `onTimeout` gives up on the connection: after a lost reply, every later one would answer the wrong command. */
  constructor(private readonly onTimeout: (pending: Pending) => void) {}

  get head(): Pending | undefined {
    return this.items[0];
  }

  get waiting(): Waiting | undefined {
    const head = this.items[0];
    if (!head?.startedAt) return undefined;
    return { verb: head.verb, display: nameWait(head).what, startedAt: head.startedAt, deadline: head.startedAt + head.timeoutMs };
  }

  /** `first` puts the wait before all others: the greeting comes before any reply to what is typed ahead. */
  expect(verb: Awaited, display: string, timeoutMs: number, first = false): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const pending: Pending = { verb, display, timeoutMs, resolve, reject };
      if (first) this.items.unshift(pending);
      else this.items.push(pending);
    });
  }

  expectWithin(verb: Awaited, display: string, windowMs: number): Promise<Reply | undefined> {
    return new Promise<Reply | undefined>((resolve, reject) => {
      this.items.push({ verb, display, timeoutMs: windowMs, resolve, reject, silence: () => resolve(undefined) });
    });
  }

  /** The reply that just came answers the oldest wait. */
  shift(): Pending | undefined {
    const head = this.items.shift();
    if (head?.timer) clearTimeout(head.timer);
    return head;
  }

  startClock(): void {
    const head = this.items[0];
    if (!head || head.timer) return;
    head.startedAt = Date.now();
    head.timer = setTimeout(() => {
      if (!head.silence) return this.onTimeout(head);
      this.items.shift();
      head.silence();
      this.startClock();
    }, head.timeoutMs);
  }

  /** Rejects every wait (and `also`, a wait held elsewhere); returns the first one given up. */
  rejectAll(error: SmtpError, also?: Pending): Pending | undefined {
    const pending = [...this.items.splice(0), ...(also ? [also] : [])];
    for (const item of pending) {
      if (item.timer) clearTimeout(item.timer);
      item.reject(error);
    }
    return pending[0];
  }
}
