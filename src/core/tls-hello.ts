/**
 * The negotiation, as the hellos carry it: what the client offered, what the server chose, and (TLS 1.3) the choices
 * the server moved into EncryptedExtensions.
 */
import { printable } from './printable.js';
import {
  EXT_ALPN,
  EXT_EXTENDED_MASTER_SECRET,
  EXT_KEY_SHARE,
  EXT_PRE_SHARED_KEY,
  EXT_RENEGOTIATION_INFO,
  EXT_SERVER_NAME,
  EXT_SESSION_TICKET,
  EXT_SIGNATURE_ALGORITHMS,
  EXT_STATUS_REQUEST,
  EXT_SUPPORTED_GROUPS,
  EXT_SUPPORTED_VERSIONS,
  extensionNames,
  findExtension,
  readExtensions,
} from './tls-extensions.js';
import { groupName, isGrease, signatureSchemeName, suiteName, versionName } from './tls-names.js';
import { Reader } from './tls-reader.js';

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
  const versions = findExtension(list, EXT_SUPPORTED_VERSIONS);
  const groups = findExtension(list, EXT_SUPPORTED_GROUPS);
  const sigalgs = findExtension(list, EXT_SIGNATURE_ALGORITHMS);
  const shares = findExtension(list, EXT_KEY_SHARE);
  const keyShares: number[] = [];
  if (shares) {
    const entries = new Reader(shares).vector(2);
    while (entries.remaining > 0) {
      keyShares.push(entries.u16());
      entries.bytesOf(2);
    }
  }
  const sni = findExtension(list, EXT_SERVER_NAME);
  const alpn = findExtension(list, EXT_ALPN);
  const name = sni ? serverName(sni) : undefined;
  const ticket = findExtension(list, EXT_SESSION_TICKET);
  return {
    versions: (versions ? real(new Reader(versions).vector(1).u16List()) : [legacyVersion]).map(versionName),
    suites: suites.map(suiteName),
    groups: groups ? real(new Reader(groups).vector(2).u16List()).map(groupName) : [],
    keyShares: real(keyShares).map(groupName),
    signatureSchemes: sigalgs ? real(new Reader(sigalgs).vector(2).u16List()).map(signatureSchemeName) : [],
    ...(name !== undefined ? { serverName: name } : {}),
    alpn: alpn ? alpnList(alpn) : [],
    resumptionOffered: (ticket !== undefined && ticket.length > 0) || findExtension(list, EXT_PRE_SHARED_KEY) !== undefined,
    ocspRequested: findExtension(list, EXT_STATUS_REQUEST) !== undefined,
    extensions: extensionNames(list.filter((e) => !isGrease(e.type))),
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
  const supported = findExtension(list, EXT_SUPPORTED_VERSIONS);
  const versionCode = supported ? new Reader(supported).u16() : legacyVersion;
  const share = findExtension(list, EXT_KEY_SHARE);
  return {
    retry: random.equals(HELLO_RETRY_RANDOM),
    version: versionName(versionCode),
    versionCode,
    suite: suiteName(suite),
    ...(share ? { group: groupName(new Reader(share).u16()) } : {}),
    extensions: extensionNames(list),
    extendedMasterSecret: findExtension(list, EXT_EXTENDED_MASTER_SECRET) !== undefined,
    secureRenegotiation: findExtension(list, EXT_RENEGOTIATION_INFO) !== undefined,
    pskAccepted: findExtension(list, EXT_PRE_SHARED_KEY) !== undefined,
    sessionId,
  };
}

export function parseExtensionNames(body: Buffer): { extensions: string[]; alpn?: string } {
  const list = readExtensions(new Reader(body));
  const alpn = findExtension(list, EXT_ALPN);
  const chosen = alpn ? alpnList(alpn)[0] : undefined;
  return { extensions: extensionNames(list), ...(chosen !== undefined ? { alpn: chosen } : {}) };
}
