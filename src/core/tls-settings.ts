/** What the user asked of TLS → options for Node's tls.connect. */
import { isIP } from 'node:net';
import type { ConnectionOptions, SecureVersion } from 'node:tls';
import { strictServerIdentity } from './tls-strict.js';

export const TLS_VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export interface TlsSettings {
  /** SNI to send; undefined = the host name (none for an IP address); false = send none. */
  servername?: string | false;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
  /** PEM texts, already read from the files the user named. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Refuse an unverified certificate instead of reporting it. */
  strict?: boolean;
  /** Append NSS key-log lines here (--keylog, SSLKEYLOGFILE) so a capture can be decrypted. */
  keylogFile?: string;
}

export function isTlsVersion(value: string): value is SecureVersion {
  return (TLS_VERSIONS as readonly string[]).includes(value);
}

export function sniFor(host: string, settings: TlsSettings): string | undefined {
  if (settings.servername === false) return undefined;
  if (settings.servername) return settings.servername;
  return isIP(host) ? undefined : host;
}

/** Node's lowest version unless told otherwise. */
export const DEFAULT_MIN: SecureVersion = 'TLSv1.2';

/** OpenSSL 3 refuses TLS 1.0/1.1 and small keys at its default security level; the report must say we lowered it. */
export function lowersSecurityLevel(settings: TlsSettings): boolean {
  const min = settings.minVersion ?? DEFAULT_MIN;
  return TLS_VERSIONS.indexOf(min) < TLS_VERSIONS.indexOf('TLSv1.2');
}

export function tlsConnectOptions(host: string, settings: TlsSettings): ConnectionOptions {
  const servername = sniFor(host, settings);
  let ciphers = settings.ciphers;
  if (lowersSecurityLevel(settings)) {
    ciphers = ciphers ? `${ciphers}:@SECLEVEL=0` : 'DEFAULT:@SECLEVEL=0';
  }
  return {
    ...(servername ? { servername } : {}),
    ...(settings.minVersion ? { minVersion: settings.minVersion } : {}),
    ...(settings.maxVersion ? { maxVersion: settings.maxVersion } : {}),
    ...(ciphers ? { ciphers } : {}),
    ...(settings.ca ? { ca: settings.ca } : {}),
    ...(settings.cert ? { cert: settings.cert } : {}),
    ...(settings.key ? { key: settings.key } : {}),
    rejectUnauthorized: settings.strict === true,
    // The hostname is checked by the report for every connection; Node's own check only runs when strict.
    checkServerIdentity: settings.strict ? strictServerIdentity : () => undefined,
  };
}
