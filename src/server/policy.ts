// What a scenario's policy sees of a session and how its answers become smtp-server replies.
import type { SMTPServerSession } from 'smtp-server';

/** What a policy sees of a session. */
export interface SessionFacts {
  id: string;
  remoteAddress: string;
  secure: boolean;
  user: string | undefined;
  heloName: string | undefined;
  /** 1 for the first mail transaction of the connection. */
  transaction: number;
  /** The reverse path of the transaction under way: `''` for `<>`, undefined before MAIL. */
  sender: string | undefined;
}

/** A reply that refuses a command. */
export interface SmtpRefusal {
  code: number;
  message: string;
  /** RFC 3463 status, e.g. `4.7.1`; without it smtp-server derives one from `code` (451 → 4.3.0). */
  enhanced?: string;
}

type Verdict = SmtpRefusal | undefined | Promise<SmtpRefusal | undefined>;

/** Per-command decisions. Returning a promise delays the reply (slow-server lessons). */
export interface ServerPolicy {
  /** Before the greeting; a refusal is sent instead of it and the connection closed. */
  connect?(session: SessionFacts): Verdict;
  mailFrom?(address: string, session: SessionFacts): Verdict;
  rcptTo?(address: string, session: SessionFacts): Verdict;
  /** After the message's final dot, before its reply; a refusal rejects the message. */
  dataEnd?(session: SessionFacts): Verdict;
}

export function decide(verdict: Verdict, callback: (error?: Error | null) => void): void {
  Promise.resolve(verdict).then(
    (refusal) => callback(refusal ? Object.assign(new Error(refusalText(refusal)), { responseCode: refusal.code }) : null),
    (error: Error) => callback(error),
  );
}

function refusalText({ enhanced, message }: SmtpRefusal): string {
  return enhanced ? `${enhanced} ${message}` : message;
}

export function facts(session: SMTPServerSession): SessionFacts {
  return {
    id: session.id,
    remoteAddress: session.remoteAddress,
    secure: session.secure,
    user: userName(session),
    heloName: session.hostNameAppearsAs || undefined,
    transaction: session.transaction,
    sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
  };
}

export function userName(session: SMTPServerSession): string | undefined {
  return typeof session.user === 'string' ? session.user : undefined;
}
