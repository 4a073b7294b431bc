/** A socket's error in the words of what the connection was doing when it came: connecting, a TLS handshake, talking. */
import { SmtpError, connectionError } from './errors.js';
import { hostPort } from './host-port.js';
import type { Handshake } from './tls-handshake.js';
import { describeTlsError } from './tls-errors.js';
import { describeSessionBreak } from './tls-session-break.js';
import type { StrayBytes } from './tls-stray-bytes.js';

export type SocketError = Error & { code?: string };

/**
 * Who ended a connection, as far as can be told: `error` when a socket error ended it and neither side is known to
 * have chosen to, `none` when it never opened.
 */
export type Closer = 'server' | 'client' | 'error' | 'none';

export interface SocketErrorContext {
  host: string;
  port: number;
  /** No TCP connection yet, and none given up. */
  connecting: boolean;
  handshaking: boolean;
  /** The handshake finished: a TLS error now breaks a session under way, it does not fail a handshake. */
  secure: boolean;
  /** TLS from the first byte (--tls-on-connect), not after STARTTLS. */
  implicit: boolean;
  /** Read only for a TLS failure: reading it ends the watching of the records. */
  handshake: () => Handshake | undefined;
  /** What the server sent that was not TLS records, if it did. */
  stray: () => StrayBytes | undefined;
}

const SERVER_ENDED = new Set(['ECONNRESET', 'EPIPE']);

export function socketError(error: SocketError, context: SocketErrorContext): { error: SmtpError; by: Closer } {
  const { host, port } = context;
  const code = error.code ?? '';
  // Nothing opened yet: whatever failed (ECONNREFUSED, ENOTFOUND, EAI_AGAIN…), there is no connection to close.
  if (context.connecting) {
    return { error: connectionError(`cannot connect to ${hostPort(host, port)}: ${error.message}`, code), by: 'none' };
  }
  const tlsError = code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || error.message.includes('SSL');
  if (context.secure && tlsError) {
    const broken = describeSessionBreak(error, context.stray());
    return { error: new SmtpError('tls', broken.message, error.code, broken.raw), by: broken.by };
  }
  if (context.handshaking || tlsError) {
    const failure = describeTlsError(error, context.handshake(), context.implicit);
    // An alert or a reset is the server's doing; anything else is this side refusing what it received.
    const by = failure.alert !== undefined || failure.short === 'connection closed' ? 'server' : 'client';
    return { error: new SmtpError('tls', `TLS failed: ${failure.message}`, error.code), by };
  }
  if (SERVER_ENDED.has(code)) {
    const how = code === 'EPIPE' ? 'closed the connection while this side was still writing' : 'reset the connection';
    return { error: connectionError(`the server at ${hostPort(host, port)} ${how} (${error.message})`, code), by: 'server' };
  }
  return { error: connectionError(`the connection to ${hostPort(host, port)} failed: ${error.message}`, error.code), by: 'error' };
}
