/**
 * What the server sends, as the connection hears it: each line of a reply told as it comes when the reply answers
 * a wait, each whole reply handed to the wait it answers (a stray one answers none), and a 220 to STARTTLS the end
 * of the plaintext phase. At the close, what came of a reply that never ended.
 */
import type { ConnectionEvent, ConnectionOptions } from './connection-events.js';
import type { Dialogue } from './dialogue.js';
import type { Line } from './line-reader.js';
import type { Pending } from './reply-queue.js';
import { ReplyReader } from './reply-reader.js';
import type { Reply } from './reply.js';
import type { Waits } from './waits.js';

export interface IntakeDeps {
  waits: Waits;
  dialogue: Dialogue;
  emit(event: ConnectionEvent): void;
  /** Takes what the dialogue may have to say, which is often nothing. */
  warn(text: string | undefined): void;
  tls(): boolean;
  /** The server said 220 to STARTTLS: TLS starts now; `unread` came after it in plaintext, and no one may believe it. */
  startTls(unread: Buffer | undefined): void;
  /** A reply came for a wait: the next one's deadline starts. */
  answered(): void;
}

export class ReplyIntake {
  private readonly replies: ReplyReader;
  /** The reply coming began while nothing waited: a command sent meanwhile is not what it answers. */
  private begunUnasked = false;

  constructor(
    limits: Pick<ConnectionOptions, 'maxLineBytes' | 'maxReplyLines'>,
    private readonly deps: IntakeDeps,
  ) {
    this.replies = new ReplyReader(limits);
  }

  push(chunk: Buffer): void {
    const stopped = this.replies.push(chunk, { line: (raw, reply) => this.line(raw, reply), reply: (reply, told) => this.reply(reply, told) });
    if (stopped) this.deps.startTls(stopped.unread);
  }

  /** Lines come so far of the reply to the wait at the head; none for a reply begun while nothing waited. */
  get linesComing(): number {
    return this.begunUnasked ? 0 : this.replies.linesComing;
  }

  /** At the close: what came of a reply that never ended is told, for `answering`; the line cut short is returned. */
  takeUnfinished(answering: Pending | undefined): Line | undefined {
    const unfinished = this.replies.takeUnfinished();
    const owner = this.begunUnasked ? undefined : answering;
    this.begunUnasked = false;
    if (unfinished.reply) this.tell(unfinished.reply, owner, Date.now(), unfinished.told);
    return unfinished.line;
  }

  /** A line of a reply still coming, told at once when the reply answers a wait; any other reply is told whole. */
  private line(raw: Buffer, reply: Reply): boolean {
    const head = this.deps.waits.head;
    if (!head) {
      this.begunUnasked = true;
      return false;
    }
    const enhanced = reply.enhanced ? { enhanced: reply.enhanced.text } : {};
    const answers = { verb: head.verb, display: head.display };
    this.deps.emit({ type: 'reply-line', at: Date.now(), raw, code: reply.code, ...enhanced, tls: this.deps.tls(), ...this.loggedIn(), answers });
    return true;
  }

  /** Returns true when this reply starts the TLS upgrade. */
  private reply(reply: Reply, told: number): boolean {
    const { waits, dialogue, warn } = this.deps;
    const at = Date.now();
    const unasked = this.begunUnasked;
    this.begunUnasked = false;
    // A line without a code answers nothing, nor does a reply begun before anything was asked: letting either answer
    // would shift every later reply onto the wrong command.
    const head = reply.code === 0 || unasked ? undefined : waits.shift();
    const { show, warning } = dialogue.received(reply, head !== undefined);
    warn(warning);
    if (!show) return false;
    // Lines told already stay told, even when the wait they answered ran out before the last line (a probe's window).
    this.tell(reply, head, at, told);
    if (!head) return false;
    warn(dialogue.answered(head.verb, reply));
    if (head.verb === 'STARTTLS' && reply.code === 220 && !this.deps.tls()) {
      waits.holdUntilTls(head, reply);
      return true;
    }
    head.resolve(reply);
    this.deps.answered();
    return false;
  }

  private tell(reply: Reply, answering: Pending | undefined, at: number, told: number): void {
    const answers = answering ? { answers: { verb: answering.verb, display: answering.display } } : {};
    this.deps.emit({ type: 'reply', at, reply, ...(told > 0 ? { told } : {}), tls: this.deps.tls(), ...this.loggedIn(), ...answers });
  }

  private loggedIn(): { authenticated?: true } {
    return this.deps.dialogue.authenticated ? { authenticated: true } : {};
  }
}
