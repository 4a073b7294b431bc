/** The handshake messages after the hellos that say something worth showing: certificates, key exchange, signatures, tickets. */
import { EXT_CERTIFICATE_AUTHORITIES, EXT_SIGNATURE_ALGORITHMS, findExtension, readExtensions } from './tls-extensions.js';
import { groupName, signatureSchemeName } from './tls-names.js';
import { Reader } from './tls-reader.js';
import { isTls13 } from './tls-records.js';

/** How many certificates a Certificate message carries (TLS 1.3 adds a context and per-entry extensions). */
export function certificateCount(body: Buffer, tls13: boolean): number {
  const reader = new Reader(body);
  if (tls13) reader.bytesOf(1);
  const list = reader.vector(3);
  let count = 0;
  while (list.remaining > 0) {
    list.bytesOf(3);
    if (tls13) list.bytesOf(2);
    count++;
  }
  return count;
}

export interface KeyExchangeInfo {
  group?: string;
  dhBits?: number;
  signatureScheme?: string;
}

/** TLS ≤ 1.2's ServerKeyExchange: the (EC)DHE parameters and, in TLS 1.2, the signature scheme, all in clear. */
export function parseServerKeyExchange(body: Buffer, suite: string, versionCode: number): KeyExchangeInfo {
  const reader = new Reader(body);
  const info: KeyExchangeInfo = {};
  if (suite.includes('_ECDHE_')) {
    const curveType = reader.u8();
    if (curveType !== 3) return info;
    info.group = groupName(reader.u16());
    reader.bytesOf(1);
  } else if (suite.includes('_DHE_')) {
    const prime = reader.bytesOf(2);
    const leadingZeros = prime.findIndex((byte) => byte !== 0);
    const significant = leadingZeros === -1 ? Buffer.alloc(0) : prime.subarray(leadingZeros);
    info.dhBits = significant.length === 0 ? 0 : (significant.length - 1) * 8 + (32 - Math.clz32(significant[0]!));
    reader.bytesOf(2);
    reader.bytesOf(2);
  } else {
    return info;
  }
  if (versionCode === 0x0303) info.signatureScheme = signatureSchemeName(reader.u16());
  return info;
}

export interface CertificateRequestInfo {
  /** Distinguished names of the CAs whose client certificates the server accepts; empty: any. */
  caNames: string[];
  signatureSchemes: string[];
}

function caNames(data: Buffer, decodeName: (der: Buffer) => string | undefined): string[] {
  const list = new Reader(data).vector(2);
  const result: string[] = [];
  while (list.remaining > 0) result.push(decodeName(list.bytesOf(2)) ?? '(unreadable name)');
  return result;
}

export function parseCertificateRequest(
  body: Buffer,
  versionCode: number,
  decodeName: (der: Buffer) => string | undefined,
): CertificateRequestInfo {
  const reader = new Reader(body);
  if (isTls13(versionCode)) {
    reader.bytesOf(1);
    const list = readExtensions(reader);
    const sigalgs = findExtension(list, EXT_SIGNATURE_ALGORITHMS);
    const authorities = findExtension(list, EXT_CERTIFICATE_AUTHORITIES);
    return {
      caNames: authorities ? caNames(authorities, decodeName) : [],
      signatureSchemes: sigalgs ? new Reader(sigalgs).vector(2).u16List().map(signatureSchemeName) : [],
    };
  }
  reader.bytesOf(1);
  const signatureSchemes = versionCode === 0x0303 ? reader.vector(2).u16List().map(signatureSchemeName) : [];
  const rest = reader.take(reader.remaining);
  return { caNames: caNames(rest, decodeName), signatureSchemes };
}

export function parseCertificateVerify(body: Buffer): string {
  return signatureSchemeName(new Reader(body).u16());
}

/** Seconds the server says its ticket may be used for. */
export function ticketLifetime(body: Buffer): number {
  return new Reader(body).u32();
}
