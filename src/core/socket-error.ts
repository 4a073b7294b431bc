/** A socket's error in the words of what the connection was doing when it came: connecting, a TLS handshake, talking. */
import { SmtpError, connectionError } from './errors.js';
import { hostPort } from './host-port.js';
import type { Handshake } from './tls-handshake.js';
import { describeTlsError } from './tls-errors.js';

export type SocketError = Error & { code?: string };

export interface SocketErrorContext {
  host: string;
  port: number;
  /** No TCP connection yet, and none given up. */
  connecting: boolean;
  handshaking: boolean;
  /** Read only for a TLS failure: reading it ends the watching of the records. */
  handshake: () => Handshake | undefined;
}

export function socketError(error: SocketError, context: SocketErrorContext): SmtpError {
  const { host, port } = context;
  if (context.connecting && error.code && /^E[A-Z]+$/.test(error.code)) {
    return connectionError(`cannot connect to ${hostPort(host, port)}: ${error.message}`, error.code);
  }
  if (context.handshaking || error.code?.startsWith('ERR_SSL') || error.code?.startsWith('ERR_TLS') || error.message.includes('SSL')) {
    return new SmtpError('tls', `TLS failed: ${describeTlsError(error, context.handshake()).message}`, error.code);
  }
  return connectionError(`connection to ${hostPort(host, port)} failed: ${error.message}`, error.code);
}
