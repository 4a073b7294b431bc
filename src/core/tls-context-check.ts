/**
 * The TLS options checked by building the secure context they make, once, before anything connects. OpenSSL only
 * refuses a cipher list, a certificate or a key when that context is built, which otherwise happens inside
 * tls.connect: after STARTTLS has gone out.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { SecureContextOptions } from 'node:tls';
import { printable } from './printable.js';
import { DEFAULT_MIN, lowersSecurityLevel, TLS_VERSIONS, tlsConnectOptions } from './tls-settings.js';
import type { TlsSettings } from './tls-settings.js';

/** The option OpenSSL refused; `pair` is the certificate and the key together, `versions` the lowest and highest. */
export type TlsOption = 'ciphers' | 'cert' | 'key' | 'pair' | 'versions';

export interface TlsOptionProblem {
  option: TlsOption;
  reason: string;
}

type OpenSslError = Error & { code?: string; reason?: string };

const WORDS: ReadonlyArray<[RegExp, string]> = [
  // Node refuses a list of only colons itself, before OpenSSL sees it.
  [/no cipher match|\.ciphers' is invalid/, 'OpenSSL matches no cipher suite'],
  [/no start line/, 'OpenSSL finds no PEM certificate in it'],
  [/DECODER routines::unsupported/, 'OpenSSL finds no private key in it that it can read'],
  [/bad decrypt/, 'the key is encrypted, and there is no option for its passphrase: give it decrypted'],
  [/key values mismatch/, "the key is not the certificate's"],
];

/** OpenSSL's reason, in words. */
export function contextErrorWords(error: OpenSslError): string {
  return WORDS.find(([pattern]) => pattern.test(error.message))?.[1] ?? `OpenSSL says: ${printable(error.reason ?? error.message)}`;
}

/** Whether any option reaches the secure context: a start with none pays nothing for the check. */
export function shapesContext(settings: TlsSettings): boolean {
  const { ciphers, ca, cert, key, minVersion, maxVersion } = settings;
  return [ciphers, ca, cert, key, minVersion, maxVersion].some((value) => value !== undefined);
}

function refusal(options: SecureContextOptions): OpenSslError | undefined {
  try {
    // Without a CA list Node builds its bundled root store (~20 ms), which a context only checked never uses.
    createSecureContext({ ca: [], ...options });
    return undefined;
  } catch (error) {
    return error as OpenSslError;
  }
}

/** A TLS 1.3 name alone leaves OpenSSL no TLS 1.2 list to add the lowered security level to. */
function ciphersReason(settings: TlsSettings, error: OpenSslError): string {
  const names = (settings.ciphers ?? '').split(':').filter(Boolean);
  if (lowersSecurityLevel(settings) && names.length > 0 && names.every((name) => name.startsWith('TLS_'))) {
    return 'names only TLS 1.3 suites, and a --tls-min below TLSv1.2 needs one of TLS 1.2 or older';
  }
  return contextErrorWords(error);
}

/**
 * Versions and suites that cannot meet: OpenSSL builds the context all the same, and the handshake then fails with
 * a reason that blames the server.
 */
function versionsProblem(settings: TlsSettings): TlsOptionProblem | undefined {
  const min = settings.minVersion ?? DEFAULT_MIN;
  const max = settings.maxVersion ?? 'TLSv1.3';
  if (TLS_VERSIONS.indexOf(min) > TLS_VERSIONS.indexOf(max)) {
    const given = settings.minVersion ? '' : ' (the default; give --tls-min too)';
    return { option: 'versions', reason: `no version is left: the lowest allowed is ${min}${given}, the highest ${max}` };
  }
  const names = (settings.ciphers ?? '').split(':').filter(Boolean);
  if (max !== 'TLSv1.3' && names.length > 0 && names.every((name) => name.startsWith('TLS_'))) {
    return { option: 'ciphers', reason: `names only TLS 1.3 suites, and --tls-max ${max} leaves no TLS 1.3` };
  }
  return undefined;
}

export function tlsOptionProblem(settings: TlsSettings): TlsOptionProblem | undefined {
  const conflict = versionsProblem(settings);
  if (conflict) return conflict;
  const { ciphers, minVersion, maxVersion, ca, cert, key } = tlsConnectOptions('', settings);
  const whole = refusal({ ciphers, minVersion, maxVersion, cert, key, ...(ca ? { ca } : {}) });
  if (whole) {
    // OpenSSL names no option: each is built alone to find the one refused, and the pair is left.
    const ciphersError = refusal({ ciphers, minVersion, maxVersion });
    if (ciphersError) return { option: 'ciphers', reason: ciphersReason(settings, ciphersError) };
    for (const [option, part] of [['cert', { cert }], ['key', { key }]] as const) {
      const error = refusal(part);
      if (error) return { option, reason: contextErrorWords(error) };
    }
    return { option: 'pair', reason: contextErrorWords(whole) };
  }
  // OpenSSL keeps a key of another type than the certificate's (an EC key beside an RSA certificate) unchecked.
  if (cert && key && !keyFits(cert, key)) return { option: 'pair', reason: "the key is not the certificate's" };
  return undefined;
}

function keyFits(cert: SecureContextOptions['cert'], key: SecureContextOptions['key']): boolean {
  if (typeof cert !== 'string' || typeof key !== 'string') return true;
  try {
    return new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch {
    // OpenSSL took them: the handshake will tell.
    return true;
  }
}
