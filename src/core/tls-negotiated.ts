/** What the handshake settled besides the certificate: the key exchange group and the client-certificate exchange. */
import type { TLSSocket } from 'node:tls';
import type { Handshake } from './tls-handshake.js';
import { ianaGroupName } from './tls-names.js';

export interface KeyExchangeGroup {
  type: string;
  /** IANA's name (secp256r1, x25519, ffdhe2048), as the handshake lines say it; none for TLS 1.2's own DH primes. */
  name?: string;
  size: number;
  /** Node's (OpenSSL's) own name, where it gives one: prime256v1, X25519, as `openssl s_client` prints it. */
  opensslName?: string;
}

export interface ClientCertificateFacts {
  /** Undefined when it cannot be known: TLS 1.3 hides the request and the key log secrets were missing. */
  requested?: boolean;
  /** CA names the server accepts client certificates from; empty: any. */
  caNames: string[];
  /** A certificate was configured (--cert). */
  configured: boolean;
  /** The client answered with a certificate (not an empty list). */
  sent?: boolean;
}

export function keyExchangeGroup(socket: TLSSocket): KeyExchangeGroup | undefined {
  const ephemeral = socket.getEphemeralKeyInfo();
  if (!ephemeral || !('size' in ephemeral) || !ephemeral.size) return undefined;
  const type = ephemeral.type ?? 'unknown';
  // Node names no DH group; TLS 1.3 allows only the named ffdhe ones (RFC 7919), so the size names it.
  const ffdhe = type === 'DH' && socket.getProtocol() === 'TLSv1.3' ? `ffdhe${ephemeral.size}` : undefined;
  const name = ephemeral.name ? ianaGroupName(ephemeral.name) : ffdhe;
  return { type, ...(name ? { name } : {}), size: ephemeral.size, ...(ephemeral.name ? { opensslName: ephemeral.name } : {}) };
}

export function clientCertificateFacts(handshake: Handshake | undefined, configured: boolean): ClientCertificateFacts {
  const hidden = handshake === undefined || handshake.hidden;
  const request = handshake?.certificateRequest;
  const requested = request !== undefined ? true : hidden ? undefined : false;
  const count = handshake?.clientCertificates;
  const sent = count !== undefined ? count > 0 : requested === false ? false : undefined;
  return {
    ...(requested !== undefined ? { requested } : {}),
    caNames: request?.caNames ?? [],
    configured,
    ...(sent !== undefined ? { sent } : {}),
  };
}

/**
 * A TLS 1.2 suite named TLS_RSA_WITH_…: the client encrypts the session's secret to the server's certificate key
 * ("static RSA"), so no group is negotiated, and whoever later holds that key can decrypt recorded sessions.
 */
export function isStaticRsa(standardName: string): boolean {
  return standardName.startsWith('TLS_RSA_WITH_');
}
