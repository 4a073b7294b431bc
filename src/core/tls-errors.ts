/** OpenSSL's terse handshake errors → what happened, in words, and what to try. */

const ALERTS: ReadonlyArray<[RegExp, string]> = [
  [/alert close notify/i, 'close_notify (0)'],
  [/alert unexpected message/i, 'unexpected_message (10)'],
  [/alert bad record mac/i, 'bad_record_mac (20)'],
  [/alert record overflow/i, 'record_overflow (22)'],
  [/alert handshake failure|sslv3 alert handshake failure/i, 'handshake_failure (40)'],
  [/alert bad certificate/i, 'bad_certificate (42)'],
  [/alert unsupported certificate/i, 'unsupported_certificate (43)'],
  [/alert certificate revoked/i, 'certificate_revoked (44)'],
  [/alert certificate expired/i, 'certificate_expired (45)'],
  [/alert certificate unknown/i, 'certificate_unknown (46)'],
  [/alert illegal parameter/i, 'illegal_parameter (47)'],
  [/alert unknown ca/i, 'unknown_ca (48)'],
  [/alert access denied/i, 'access_denied (49)'],
  [/alert decode error/i, 'decode_error (50)'],
  [/alert decrypt error/i, 'decrypt_error (51)'],
  [/alert protocol version/i, 'protocol_version (70)'],
  [/alert insufficient security/i, 'insufficient_security (71)'],
  [/alert internal error/i, 'internal_error (80)'],
  [/alert inappropriate fallback/i, 'inappropriate_fallback (86)'],
  [/alert user canceled/i, 'user_canceled (90)'],
  [/alert missing extension/i, 'missing_extension (109)'],
  [/alert unsupported extension/i, 'unsupported_extension (110)'],
  [/alert unrecognized name/i, 'unrecognized_name (112)'],
  [/alert certificate required/i, 'certificate_required (116)'],
  [/alert no application protocol/i, 'no_application_protocol (120)'],
];

export interface TlsFailure {
  /** The alert the server sent, by name and number, if the error names one. */
  alert?: string;
  message: string;
}

export function describeTlsError(error: Error & { code?: string }): TlsFailure {
  const text = error.message;
  const alert = ALERTS.find(([pattern]) => pattern.test(text))?.[1];
  if (alert) {
    const hint = alert.startsWith('protocol_version')
      ? ': the server does not accept any TLS version offered; if it only speaks an old one, try --tls-min TLSv1'
      : alert.startsWith('handshake_failure')
        ? ': no cipher suite or parameter in common; try --tls-min TLSv1 or --ciphers'
        : '';
    return { alert, message: `the server sent the TLS alert ${alert}${hint}` };
  }
  if (/wrong version number|packet length too long|record layer failure/i.test(text)) {
    return { message: 'the server answered with bytes that are not TLS (plaintext after the 220?)' };
  }
  if (/unsupported protocol|no protocols available/i.test(text)) {
    return {
      message:
        'the server only speaks a TLS version this client refuses by default (older than TLSv1.2); connect anyway with --tls-min TLSv1',
    };
  }
  if (/ee key too small|dh key too small|ca md too weak/i.test(text)) {
    return { message: `the server's key or signature is too weak for the default security level (${text}); try --tls-min TLSv1, which lowers it` };
  }
  if (error.code === 'ECONNRESET' || /socket disconnected|socket hang up/i.test(text)) {
    return { message: 'the server closed the connection during the TLS handshake' };
  }
  return { message: text };
}
