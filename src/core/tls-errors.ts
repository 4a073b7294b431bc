/**
 * OpenSSL's terse handshake errors, plus what the record layer saw, → what happened in words and what to try.
 * Error texts come from the peer's behaviour and are escaped before they are shown.
 */
import { printable } from './printable.js';
import type { Handshake } from './tls-handshake.js';
import { ALERTS, alertName } from './tls-names.js';
import { VERIFY_CODES, verifyCodeText } from './verify-codes.js';

export interface TlsFailure {
  /** The alert the server sent, by name and number, if there was one. */
  alert?: string;
  /** A few words for one probe line: `alert protocol_version (70)`, `server chose TLSv1`. */
  short: string;
  message: string;
}

const ALERT_WORDS: ReadonlyArray<[RegExp, string]> = Object.entries(ALERTS).map(([code, name]) => [
  new RegExp(`alert ${name.replace(/_/g, ' ')}(?![a-z ])`, 'i'),
  alertName(Number(code)),
]);

/** OpenSSL writes "SSL alert number 70" when the peer sent the alert; older texts only name it in words. */
export function receivedAlert(text: string, handshake: Handshake | undefined): string | undefined {
  const fromServer = handshake?.alerts.find((alert) => alert.from === 'server');
  if (fromServer) return fromServer.description;
  const number = /SSL alert number (\d+)/.exec(text);
  if (number) return alertName(Number(number[1]));
  return ALERT_WORDS.find(([pattern]) => pattern.test(text))?.[1];
}

const OLD_VERSIONS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

function alertHint(alert: string, handshake: Handshake | undefined): string {
  const offered = handshake?.offered;
  if (alert.startsWith('protocol_version')) {
    if (!offered) return ': the server accepts none of the TLS versions offered; if it only speaks an older one, connect anyway with --tls-min TLSv1';
    const list = offered.versions.join(', ');
    if (!offered.versions.includes('TLSv1.3')) return `: the server accepts none of the TLS versions offered (${list}); it may want a newer one (see --tls-max)`;
    if (offered.versions.some((v) => OLD_VERSIONS.has(v))) return `: the server accepts none of the TLS versions offered (${list})`;
    if (!offered.versions.includes('TLSv1.2')) {
      return `: the server accepts none of the TLS versions offered (${list} only: --tls-min TLSv1.3, or --ciphers naming TLS 1.3 suites alone, left out TLSv1.2)`;
    }
    return `: the server accepts none of the TLS versions offered (${list}), so it likely speaks only an older one; connect anyway with --tls-min TLSv1`;
  }
  if (alert.startsWith('handshake_failure')) {
    const suites = offered ? ` among the ${offered.suites.length} suites offered` : '';
    return `: no cipher suite or parameter in common${suites}; try --tls-min TLSv1 (which also lowers the security level) or --ciphers`;
  }
  if (alert.startsWith('certificate_required')) return ': the server wants a client certificate; give one with --cert and --key';
  if (alert.startsWith('unknown_ca') || alert.startsWith('bad_certificate')) {
    return ': the server refused the client certificate sent (--cert)';
  }
  return '';
}

/** `implicit`: TLS was to start from the first byte; undefined when it is not known which way it started. */
export function describeTlsError(error: Error & { code?: string }, handshake?: Handshake, implicit?: boolean): TlsFailure {
  const text = error.message;
  const code = error.code ?? '';
  const known = VERIFY_CODES[code];
  if (known) {
    return {
      short: `certificate refused: ${known.label}`,
      message: `the certificate was refused (${verifyCodeText(code)}): ${known.meaning}; fix: ${known.fix}`,
    };
  }
  const alert = receivedAlert(text, handshake);
  if (alert) {
    return { alert, short: `alert ${alert}`, message: `the server sent the TLS alert ${alert}${alertHint(alert, handshake)}` };
  }
  const chosen = handshake?.chosen?.version;
  if (chosen && OLD_VERSIONS.has(chosen) && /unsupported protocol|no protocols available|version/i.test(text)) {
    return {
      short: `server chose ${chosen}`,
      message: `the server only speaks ${chosen}, older than this client accepts by default (TLSv1.2); connect anyway with --tls-min TLSv1`,
    };
  }
  if (/unsupported protocol|no protocols available/i.test(text)) {
    return {
      short: 'no common version',
      message: 'the server only speaks a TLS version this client refuses by default (older than TLSv1.2); connect anyway with --tls-min TLSv1',
    };
  }
  if (/ee key too small|ca key too small|dh key too small|ca md too weak/i.test(text)) {
    return {
      short: 'key or signature too weak',
      message: `the server's key or signature is too weak for the default security level (${printable(text.trim())}); try --tls-min TLSv1, which lowers it`,
    };
  }
  if (/no ciphers available/i.test(text)) {
    return { short: 'no suite to offer', message: 'this side has no cipher suite to offer for the TLS versions allowed (see --ciphers, --tls-min, --tls-max)' };
  }
  if (/wrong version number|packet length too long|record layer failure/i.test(text) || handshake?.stopped) {
    const why =
      implicit === undefined
        ? 'plaintext after its 220 to STARTTLS or, with --tls-on-connect, a port that expects STARTTLS (such as 25 or 587)'
        : implicit
          ? 'this port may expect STARTTLS (as 25 and 587 do): connect without --tls-on-connect'
          : 'plaintext after its 220 to STARTTLS';
    return { short: 'not TLS', message: `the server answered with bytes that are not TLS: ${why}` };
  }
  if (code === 'ECONNRESET' || /socket disconnected|socket hang up/i.test(text)) {
    return { short: 'connection closed', message: 'the server closed the connection during the TLS handshake' };
  }
  return { short: printable(text.split('\n')[0] ?? text), message: printable(text.trim()) };
}
