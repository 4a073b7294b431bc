/** What the handshake settled besides the certificate: the key exchange group and the client-certificate exchange. */
import type { TLSSocket } from 'node:tls';
import type { Handshake } from './tls-handshake.js';

export interface KeyExchangeGroup {
  type: string;
  name?: string;
  size: number;
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
  return ephemeral && 'size' in ephemeral && ephemeral.size
    ? { type: ephemeral.type ?? 'unknown', ...(ephemeral.name ? { name: ephemeral.name } : {}), size: ephemeral.size }
    : undefined;
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
