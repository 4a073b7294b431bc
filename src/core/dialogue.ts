/**
 * What the SMTP dialogue has established so far, read from the replies and what they answer: whether lines are
 * message text (DATA) or secrets (AUTH), what EHLO offered before and after STARTTLS, whether the server is closing,
 * and how many replies in a row answered nothing. It only keeps count; the connection sends and tells.
 */
import type { Awaited } from './connection-events.js';
import type { Capabilities } from './ehlo.js';
import { parseEhlo } from './ehlo.js';
import { isClosing } from './reply.js';
import type { Reply } from './reply.js';
import { thousands } from './thousands.js';

/** Replies and stray lines that answer no command, shown in a row before the rest are only counted (a flood). */
export const MAX_UNASKED_IN_A_ROW = 100;

/** LOGIN takes two 334 rounds and SCRAM two; more than this in a row looks like a loop. */
export const AUTH_ROUNDS_BEFORE_WARNING = 3;

export class Dialogue {
  private dataMode = false;
  private authPending = false;
  private authRounds = 0;
  private loggedIn = false;
  private unasked = 0;
  private quit = false;
  private closingReply: Reply | undefined;
  private caps: Capabilities | undefined;
  private preTlsCaps: Capabilities | undefined;

  get inData(): boolean {
    return this.dataMode;
  }
  /** A 334 is pending: whatever is sent next is a secret. */
  get inAuth(): boolean {
    return this.authPending;
  }
  /** AUTH succeeded (235) on this connection since TLS started, if it did: what a reply means can depend on it. */
  get authenticated(): boolean {
    return this.loggedIn;
  }
  /** A 421 came (RFC 5321 §3.8): the server is closing the connection, so nothing more is sent. */
  get closing(): Reply | undefined {
    return this.closingReply;
  }
  /** A close after QUIT is the one the user asked for. */
  get quitSent(): boolean {
    return this.quit;
  }
  get capabilities(): Capabilities | undefined {
    return this.caps;
  }
  /** What EHLO said before STARTTLS: an attacker could have written it, so it is kept only for the diff. */
  get preTlsCapabilities(): Capabilities | undefined {
    return this.preTlsCaps;
  }

  /** Warns before a STARTTLS that cannot work or should not be sent; `secure` says TLS is already up. */
  startTlsWarning(secure: boolean): string | undefined {
    if (secure) return 'STARTTLS inside TLS: RFC 3207 §4.2 allows only one';
    if (this.caps?.starttls === false) return 'the server did not advertise STARTTLS in its EHLO reply';
    return undefined;
  }

  sent(verb: Awaited): void {
    if (verb === 'QUIT') this.quit = true;
  }

  /** The final "." or a streamed body is on its way: what follows is commands again, whatever the reply. */
  endData(): void {
    this.dataMode = false;
  }

  /**
   * Every reply, asked for or not. A flood of replies that answer nothing is counted rather than shown; the
   * warning, when there is one, ends such a run and belongs before this reply.
   */
  received(reply: Reply, answers: boolean): { show: boolean; warning?: string } {
    if (isClosing(reply)) this.closingReply = reply;
    if (!answers) return { show: ++this.unasked <= MAX_UNASKED_IN_A_ROW };
    const warning = this.endUnasked();
    return { show: true, ...(warning ? { warning } : {}) };
  }

  /** Ends a run of replies that answered nothing, with a warning saying how many went unshown. */
  endUnasked(): string | undefined {
    const unshown = this.unasked - MAX_UNASKED_IN_A_ROW;
    const counted = this.unasked;
    this.unasked = 0;
    if (unshown <= 0) return undefined;
    return `… ${thousands(unshown)} more replies or lines that answer no command not shown (${thousands(counted)} in a row)`;
  }

  /** The reply to `verb`, once shown; returns a warning when the server keeps challenging AUTH. */
  answered(verb: Awaited, reply: Reply): string | undefined {
    const challenged = reply.code === 334 && (verb === 'AUTH' || verb === 'auth-response');
    this.authRounds = challenged ? this.authRounds + 1 : 0;
    this.authPending = challenged;
    if ((verb === 'AUTH' || verb === 'auth-response') && reply.code === 235) this.loggedIn = true;
    if (verb === 'DATA' && reply.code === 354) this.dataMode = true;
    if (verb === 'data-end') this.dataMode = false;
    if ((verb === 'EHLO' || verb === 'LHLO') && reply.code >= 200 && reply.code < 300) this.caps = parseEhlo(reply);
    if (this.authRounds !== AUTH_ROUNDS_BEFORE_WARNING + 1) return undefined;
    return `the server has sent ${this.authRounds} 334 challenges in a row: a loop? Send * to cancel the exchange (RFC 4954 §4)`;
  }

  /** RFC 3207 §4.2: after the 220 to STARTTLS, what EHLO said in plaintext is no longer believed. */
  startedTls(): void {
    this.preTlsCaps = this.caps;
    this.caps = undefined;
    this.loggedIn = false;
  }
}
