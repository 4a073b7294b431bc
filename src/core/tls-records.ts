/**
 * The TLS record layer and the handshake messages worth reading, parsed from bytes a hostile peer chose: every read
 * is bounds-checked and a malformed message throws `MalformedTls`, which the caller records instead of crashing.
 */
import { printable } from './printable.js';
import { extensionName, groupName, isGrease, signatureSchemeName, suiteName, versionName } from './tls-names.js';

export const CONTENT_CHANGE_CIPHER_SPEC = 20;
export const CONTENT_ALERT = 21;
export const CONTENT_HANDSHAKE = 22;
export const CONTENT_APPLICATION_DATA = 23;
const CONTENT_HEARTBEAT = 24;

export const HANDSHAKE_CLIENT_HELLO = 1;
export const HANDSHAKE_SERVER_HELLO = 2;
export const HANDSHAKE_NEW_SESSION_TICKET = 4;
export const HANDSHAKE_ENCRYPTED_EXTENSIONS = 8;
export const HANDSHAKE_CERTIFICATE = 11;
export const HANDSHAKE_SERVER_KEY_EXCHANGE = 12;
export const HANDSHAKE_CERTIFICATE_REQUEST = 13;
export const HANDSHAKE_CERTIFICATE_VERIFY = 15;
export const HANDSHAKE_FINISHED = 20;

const TLS13 = 0x0304;
const RECORD_HEADER = 5;
/** RFC 8446 §5.2: ciphertext may exceed 2^14 by 256 bytes; anything longer is not TLS. */
const MAX_RECORD = 16_384 + 256;

export class MalformedTls extends Error {
  override name = 'MalformedTls';
}

/** A cursor that refuses to read past the end of what it was given. */
class Reader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  get remaining(): number {
    return this.bytes.length - this.at;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u16(): number {
    return this.take(2).readUInt16BE(0);
  }
  u24(): number {
    return this.take(3).readUIntBE(0, 3);
  }
  u32(): number {
    return this.take(4).readUInt32BE(0);
  }
  take(length: number): Buffer {
    if (length > this.remaining) throw new MalformedTls(`needs ${length} bytes, ${this.remaining} left`);
    const slice = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }
  /** A length-prefixed vector: `width` bytes of length, then that many bytes. */
  bytesOf(width: 1 | 2 | 3): Buffer {
    const length = width === 1 ? this.u8() : width === 2 ? this.u16() : this.u24();
    return this.take(length);
  }
  vector(width: 1 | 2 | 3): Reader {
    return new Reader(this.bytesOf(width));
  }
  u16List(): number[] {
    const list: number[] = [];
    while (this.remaining >= 2) list.push(this.u16());
    if (this.remaining !== 0) throw new MalformedTls('odd length in a list of 16-bit values');
    return list;
  }
}

export interface TlsRecord {
  type: number;
  version: number;
  /** The header too: TLS 1.3 authenticates it as the AEAD's additional data. */
  header: Buffer;
  payload: Buffer;
}

/** Length-prefixed units out of a byte stream, however the chunks fall: records out of TCP, messages out of records. */
class Framer<T> {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly headerLength: number,
    private readonly lengthOf: (pending: Buffer) => number,
    private readonly unit: (whole: Buffer) => T,
  ) {}

  push(chunk: Buffer): T[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const units: T[] = [];
    while (this.pending.length >= this.headerLength) {
      const end = this.headerLength + this.lengthOf(this.pending);
      if (this.pending.length < end) break;
      units.push(this.unit(this.pending.subarray(0, end)));
      this.pending = this.pending.subarray(end);
    }
    return units;
  }
}

/** One direction's bytes → whole records. */
export class RecordSplitter extends Framer<TlsRecord> {
  constructor() {
    super(
      RECORD_HEADER,
      (pending) => {
        const type = pending[0]!;
        if (type < CONTENT_CHANGE_CIPHER_SPEC || type > CONTENT_HEARTBEAT) throw new MalformedTls(`content type ${type} is not TLS`);
        const length = pending.readUInt16BE(3);
        if (length > MAX_RECORD) throw new MalformedTls(`a record of ${length} bytes is not TLS`);
        return length;
      },
      (whole) => ({
        type: whole[0]!,
        version: whole.readUInt16BE(1),
        header: whole.subarray(0, RECORD_HEADER),
        payload: whole.subarray(RECORD_HEADER),
      }),
    );
  }
}

export interface HandshakeMessage {
  type: number;
  body: Buffer;
}

const HANDSHAKE_HEADER = 4;

/** Handshake messages may span records and several may share one. */
export class HandshakeAssembler extends Framer<HandshakeMessage> {
  constructor() {
    super(
      HANDSHAKE_HEADER,
      (pending) => pending.readUIntBE(1, 3),
      (whole) => ({ type: whole[0]!, body: whole.subarray(HANDSHAKE_HEADER) }),
    );
  }
}

interface Extension {
  type: number;
  data: Buffer;
}

function readExtensions(reader: Reader): Extension[] {
  if (reader.remaining === 0) return [];
  const list = reader.vector(2);
  const result: Extension[] = [];
  while (list.remaining > 0) result.push({ type: list.u16(), data: list.bytesOf(2) });
  return result;
}

const names = (list: Extension[]): string[] => list.map((extension) => extensionName(extension.type));
const find = (list: Extension[], type: number): Buffer | undefined => list.find((e) => e.type === type)?.data;

const EXT_SERVER_NAME = 0;
const EXT_STATUS_REQUEST = 5;
const EXT_SUPPORTED_GROUPS = 10;
const EXT_SIGNATURE_ALGORITHMS = 13;
const EXT_ALPN = 16;
const EXT_EXTENDED_MASTER_SECRET = 23;
const EXT_SESSION_TICKET = 35;
const EXT_PRE_SHARED_KEY = 41;
const EXT_SUPPORTED_VERSIONS = 43;
const EXT_CERTIFICATE_AUTHORITIES = 47;
const EXT_KEY_SHARE = 51;
const EXT_RENEGOTIATION_INFO = 0xff01;

/** What the client offered, by name; GREASE values are left out as the noise they are. */
export interface ClientHelloInfo {
  versions: string[];
  suites: string[];
  groups: string[];
  keyShares: string[];
  signatureSchemes: string[];
  serverName?: string;
  alpn: string[];
  /** A TLS 1.2 ticket or a TLS 1.3 PSK: the client asked to resume. */
  resumptionOffered: boolean;
  ocspRequested: boolean;
  extensions: string[];
  random: Buffer;
}

const real = (codes: number[]): number[] => codes.filter((code) => !isGrease(code));

function alpnList(data: Buffer): string[] {
  const list = new Reader(data).vector(2);
  const protocols: string[] = [];
  while (list.remaining > 0) protocols.push(printable(list.bytesOf(1)));
  return protocols;
}

function serverName(data: Buffer): string | undefined {
  const list = new Reader(data).vector(2);
  while (list.remaining > 0) {
    const type = list.u8();
    const name = list.bytesOf(2);
    if (type === 0) return printable(name);
  }
  return undefined;
}

export function parseClientHello(body: Buffer): ClientHelloInfo {
  const reader = new Reader(body);
  const legacyVersion = reader.u16();
  const random = Buffer.from(reader.take(32));
  reader.bytesOf(1);
  const suites = real(reader.vector(2).u16List());
  reader.bytesOf(1);
  const list = readExtensions(reader);
  const versions = find(list, EXT_SUPPORTED_VERSIONS);
  const groups = find(list, EXT_SUPPORTED_GROUPS);
  const sigalgs = find(list, EXT_SIGNATURE_ALGORITHMS);
  const shares = find(list, EXT_KEY_SHARE);
  const keyShares: number[] = [];
  if (shares) {
    const entries = new Reader(shares).vector(2);
    while (entries.remaining > 0) {
      keyShares.push(entries.u16());
      entries.bytesOf(2);
    }
  }
  const sni = find(list, EXT_SERVER_NAME);
  const alpn = find(list, EXT_ALPN);
  const name = sni ? serverName(sni) : undefined;
  const ticket = find(list, EXT_SESSION_TICKET);
  return {
    versions: (versions ? real(new Reader(versions).vector(1).u16List()) : [legacyVersion]).map(versionName),
    suites: suites.map(suiteName),
    groups: groups ? real(new Reader(groups).vector(2).u16List()).map(groupName) : [],
    keyShares: real(keyShares).map(groupName),
    signatureSchemes: sigalgs ? real(new Reader(sigalgs).vector(2).u16List()).map(signatureSchemeName) : [],
    ...(name !== undefined ? { serverName: name } : {}),
    alpn: alpn ? alpnList(alpn) : [],
    resumptionOffered: (ticket !== undefined && ticket.length > 0) || find(list, EXT_PRE_SHARED_KEY) !== undefined,
    ocspRequested: find(list, EXT_STATUS_REQUEST) !== undefined,
    extensions: names(list.filter((e) => !isGrease(e.type))),
    random,
  };
}

/** RFC 8446 §4.1.3: a ServerHello with this random is a HelloRetryRequest. */
const HELLO_RETRY_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export interface ServerHelloInfo {
  retry: boolean;
  version: string;
  versionCode: number;
  suite: string;
  /** TLS 1.3's key_share (for a HelloRetryRequest: the group it asks for). */
  group?: string;
  extensions: string[];
  extendedMasterSecret: boolean;
  secureRenegotiation: boolean;
  /** TLS 1.3: the server accepted the offered PSK. */
  pskAccepted: boolean;
  sessionId: Buffer;
}

export function parseServerHello(body: Buffer): ServerHelloInfo {
  const reader = new Reader(body);
  const legacyVersion = reader.u16();
  const random = reader.take(32);
  const sessionId = Buffer.from(reader.bytesOf(1));
  const suite = reader.u16();
  reader.u8();
  const list = readExtensions(reader);
  const supported = find(list, EXT_SUPPORTED_VERSIONS);
  const versionCode = supported ? new Reader(supported).u16() : legacyVersion;
  const share = find(list, EXT_KEY_SHARE);
  return {
    retry: random.equals(HELLO_RETRY_RANDOM),
    version: versionName(versionCode),
    versionCode,
    suite: suiteName(suite),
    ...(share ? { group: groupName(new Reader(share).u16()) } : {}),
    extensions: names(list),
    extendedMasterSecret: find(list, EXT_EXTENDED_MASTER_SECRET) !== undefined,
    secureRenegotiation: find(list, EXT_RENEGOTIATION_INFO) !== undefined,
    pskAccepted: find(list, EXT_PRE_SHARED_KEY) !== undefined,
    sessionId,
  };
}

export const isTls13 = (versionCode: number): boolean => versionCode === TLS13;

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
    const sigalgs = find(list, EXT_SIGNATURE_ALGORITHMS);
    const authorities = find(list, EXT_CERTIFICATE_AUTHORITIES);
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

export function parseExtensionNames(body: Buffer): { extensions: string[]; alpn?: string } {
  const list = readExtensions(new Reader(body));
  const alpn = find(list, EXT_ALPN);
  const chosen = alpn ? alpnList(alpn)[0] : undefined;
  return { extensions: names(list), ...(chosen !== undefined ? { alpn: chosen } : {}) };
}
