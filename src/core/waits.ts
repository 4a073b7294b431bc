/**
 * Everything a connection waits for: the replies in order, and beside them the 220 to STARTTLS, held back until the
 * handshake is done so that the caller's next command goes out over TLS; and the first wait given up, which a
 * partial reply that came for it at the close still answers.
 */
import type { SmtpError } from './errors.js';
import { ReplyQueue } from './reply-queue.js';
import type { Pending } from './reply-queue.js';
import type { Reply } from './reply.js';

export class Waits extends ReplyQueue {
  private startTls: { pending: Pending; reply: Reply } | undefined;
  private firstAbandoned: Pending | undefined;

  /** A reply is awaited, or the 220 to STARTTLS is held. */
  get pending(): boolean {
    return this.head !== undefined || this.startTls !== undefined;
  }
  get abandoned(): Pending | undefined {
    return this.firstAbandoned;
  }

  holdUntilTls(pending: Pending, reply: Reply): void {
    this.startTls = { pending, reply };
  }

  /** TLS is up: the 220 is the caller's now. */
  releaseAfterTls(): void {
    const held = this.startTls;
    this.startTls = undefined;
    held?.pending.resolve(held.reply);
  }

  /** Rejects every wait, the held 220 too: after one reply is lost, every later one would answer the wrong command. */
  giveUp(error: SmtpError): void {
    const first = this.rejectAll(error, this.startTls?.pending);
    this.firstAbandoned ??= first;
    this.startTls = undefined;
  }
}
