/**
 * A TLS session that breaks long after its handshake, in words. Nothing about versions, suites or the 220 to STARTTLS
 * applies any more: what broke it is the server leaving TLS (Exim writes its last 500 or 421 in plaintext and hangs
 * up), an alert, or a record this side could not read.
 */
import { printable } from './printable.js';
import { shownBytes } from './shown-bytes.js';
import { receivedAlert } from './tls-errors.js';
import type { StrayBytes } from './tls-stray-bytes.js';

export interface SessionBreak {
  message: string;
  /** The server's doing (bytes that are not TLS, an alert), or this side refusing a record it received. */
  by: 'server' | 'client';
  /** The bytes that were not TLS, as evidence. */
  raw?: Buffer;
}

export function describeSessionBreak(error: Error, stray: StrayBytes | undefined): SessionBreak {
  // Whether or not its FIN is in yet, a server that writes outside TLS has left the session: nothing after can be read.
  if (stray) {
    const what = `the server sent plaintext in the middle of the TLS session (not TLS records): ${shownBytes(stray.raw, stray.total)}`;
    return { message: what, by: 'server', raw: stray.raw };
  }
  const alert = receivedAlert(error.message, undefined);
  if (alert) return { message: `the server sent the TLS alert ${alert} in the middle of the TLS session`, by: 'server' };
  return { message: `the TLS session broke after its handshake: ${printable(error.message.trim())}`, by: 'client' };
}
