/**
 * Ending a session as swaks does, with QUIT, so the server logs a clean end. An open AUTH exchange is cancelled
 * with `*` first, or QUIT would go out as its answer; a reply still awaited or a body half sent is abandoned
 * instead, since nothing sent now could be told apart from it.
 */
import type { SmtpConnection } from './connection.js';

/** Sends and waits at most `ms`; a send refused at once (after a 421, say) is as good as an answer. */
async function within(send: () => Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([send(), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } catch {
    // Closing anyway: the transcript has the reason.
  } finally {
    clearTimeout(timer);
  }
}

/** Settles when the connection has closed, at once if it has. */
export function whenClosed(connection: SmtpConnection): Promise<void> {
  return new Promise((resolve) => {
    if (connection.closed) return resolve();
    const off = connection.subscribe((event) => {
      if (event.type !== 'closed') return;
      off();
      resolve();
    });
  });
}

export async function endPolitely(connection: SmtpConnection, waitMs: number): Promise<void> {
  if (connection.closed) return;
  if (connection.closing) {
    // After a 421 the server closes (RFC 5321 §3.8): given the time to, the close is told as its own.
    await within(() => whenClosed(connection), waitMs);
    connection.close();
    return;
  }
  if (connection.busy || connection.inData) {
    connection.cancel('the session ended while a reply was pending');
    return;
  }
  if (connection.inAuth) await within(() => connection.submit('*'), waitMs);
  if (!connection.inAuth && !connection.closed) await within(() => connection.submit('QUIT'), waitMs);
  if (connection.busy) connection.cancel('no reply to QUIT');
  else connection.close();
}
