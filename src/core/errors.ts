/** Typed failures: each kind maps to one exit code and one clear sentence. */

export type SmtpErrorKind = 'connection' | 'timeout' | 'tls' | 'protocol' | 'usage';

export class SmtpError extends Error {
  constructor(
    readonly kind: SmtpErrorKind,
    message: string,
    readonly code?: string,
    /** The bytes that prove it, kept beside the transcript's line; the message shows them escaped. */
    readonly raw?: Buffer,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
}

/** The code of a TLS handshake that missed its deadline: no refusal was heard, the server said nothing in time. */
export const TLS_HANDSHAKE_TIMEOUT = 'ETLSTIMEOUT';

export function connectionError(message: string, code?: string): SmtpError {
  return new SmtpError('connection', message, code);
}
