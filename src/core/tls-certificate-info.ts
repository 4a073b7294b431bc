/**
 * The peer's certificate chain as Node hands it over, each certificate described in the fields the TLS pane shows.
 * Names and subjects come from the peer, so they pass through `printable` here.
 */
import { X509Certificate, createHash } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { signatureAlgorithm } from './der.js';
import { printable } from './printable.js';
import { isSelfSigned } from './tls-chain.js';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  altNames: string[];
  serialNumber: string;
  validFrom: string;
  validTo: string;
  /** Negative once expired. */
  daysLeft: number;
  /** Its validity begins after the moment the report was made. */
  notYetValid: boolean;
  keyType: string;
  keyBits?: number;
  curve?: string;
  signatureAlgorithm?: string;
  fingerprint256: string;
  /** base64 SHA-256 of the public key (HPKP / DANE-style pin, as gnutls-cli shows it). */
  pinSha256: string;
  selfSigned: boolean;
  /** False for a certificate Node added from the local trust store; undefined when the handshake was not seen. */
  sent?: boolean;
  pem: string;
}

export const DAY_MS = 86_400_000;

/** A certificate as Node hands it to checkServerIdentity or from getPeerCertificate(true): linked to its issuer. */
type LinkedCertificate = PeerCertificate & { issuerCertificate?: LinkedCertificate };

/** Leaf first, following the issuers Node linked; a self-signed root links to itself. */
export function peerChain(leaf: LinkedCertificate): PeerCertificate[] {
  const chain: PeerCertificate[] = [];
  // Without a peer certificate Node returns an empty object, hence the check for raw.
  let cert: LinkedCertificate | undefined = leaf;
  while (cert?.raw && !chain.includes(cert)) {
    chain.push(cert);
    const next: LinkedCertificate | undefined = cert.issuerCertificate;
    if (!next || next === cert || next.fingerprint256 === cert.fingerprint256) break;
    cert = next;
  }
  return chain;
}

export function chainOf(socket: TLSSocket): PeerCertificate[] {
  return peerChain(socket.getPeerCertificate(true));
}

/** `2026-11-24`: the one form a certificate's dates take in words (verdict, pane); --json keeps the full ISO time. */
export function certificateDay(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * The DANE-EE record mail admins publish for this key under `_25._tcp.HOST`: usage 3 (this certificate), selector 1
 * (its public key), matching 1 (SHA-256), the same digest as the pin, in hex.
 */
export function tlsaRecord(cert: CertificateInfo): string {
  return `3 1 1 ${Buffer.from(cert.pinSha256, 'base64').toString('hex')}`;
}

export const nameLines = (name: string): string => printable(name.replace(/\n/g, ', '));

export function describeCertificate(x509: X509Certificate, now: number, sent: boolean | undefined): CertificateInfo {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const sig = signatureAlgorithm(x509.raw);
  return {
    subject: nameLines(x509.subject),
    issuer: nameLines(x509.issuer),
    altNames: (x509.subjectAltName ?? '').split(/,\s*/).filter(Boolean).map((name) => printable(name)),
    serialNumber: x509.serialNumber,
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    daysLeft: Math.floor((Date.parse(x509.validTo) - now) / DAY_MS),
    notYetValid: Date.parse(x509.validFrom) > now,
    keyType: key.asymmetricKeyType ?? 'unknown',
    ...(details.modulusLength ? { keyBits: details.modulusLength } : {}),
    ...(details.namedCurve ? { curve: details.namedCurve } : {}),
    ...(sig ? { signatureAlgorithm: sig } : {}),
    fingerprint256: x509.fingerprint256,
    pinSha256: createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64'),
    selfSigned: isSelfSigned(x509),
    ...(sent !== undefined ? { sent } : {}),
    pem: x509.toString(),
  };
}
