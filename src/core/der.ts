/**
 * Just enough DER for what Node 20 does not parse for us: a certificate's signature algorithm, the distinguished
 * names in a CertificateRequest, and a stapled OCSP response. Input is untrusted: every element is bounds-checked.
 */
import { printable } from './printable.js';

export interface Element {
  tag: number;
  /** Where the tag byte is: signatures cover the whole element, header included. */
  at: number;
  start: number;
  end: number;
}

export function element(der: Uint8Array, at: number): Element | undefined {
  const tag = der[at];
  let lengthByte = der[at + 1];
  if (tag === undefined || lengthByte === undefined) return undefined;
  let start = at + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = der[start + i];
      if (lengthByte === undefined) return undefined;
      length = length * 256 + lengthByte;
    }
    start += count;
  }
  return start + length <= der.length ? { tag, at, start, end: start + length } : undefined;
}

/** The elements inside a constructed one (SEQUENCE, SET, an explicit tag), in order. */
export function children(der: Uint8Array, parent: Element): Element[] {
  const list: Element[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const child = element(der.subarray(0, parent.end), at);
    if (!child) break;
    list.push(child);
    at = child.end;
  }
  return list;
}

export function oidText(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature }. */
export function signatureAlgorithm(der: Uint8Array): string | undefined {
  const certificate = element(der, 0);
  if (!certificate || certificate.tag !== 0x30) return undefined;
  const tbs = element(der, certificate.start);
  if (!tbs) return undefined;
  const algorithm = element(der, tbs.end);
  if (!algorithm || algorithm.tag !== 0x30) return undefined;
  const oid = element(der, algorithm.start);
  if (!oid || oid.tag !== 0x06) return undefined;
  const dotted = oidText(der.subarray(oid.start, oid.end));
  return SIGNATURE_NAMES[dotted] ?? dotted;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

const TAG_BMP_STRING = 0x1e;

/** UTF8String, PrintableString, IA5String… are bytes to escape; BMPString is UTF-16BE. */
function stringValue(der: Uint8Array, value: Element): string {
  const bytes = Buffer.from(der.subarray(value.start, value.end));
  if (value.tag === TAG_BMP_STRING && bytes.length % 2 === 0) return printable(bytes.swap16().toString('utf16le'));
  return printable(bytes);
}

/** Name ::= SEQUENCE OF SET OF { type OID, value }, shown as `CN=…, O=…` with every value escaped. */
export function distinguishedName(der: Uint8Array): string | undefined {
  const name = element(der, 0);
  if (!name || name.tag !== 0x30) return undefined;
  const parts: string[] = [];
  for (const set of children(der, name)) {
    for (const attribute of children(der, set)) {
      const [type, value] = children(der, attribute);
      if (!type || type.tag !== 0x06 || !value) return undefined;
      const oid = oidText(der.subarray(type.start, type.end));
      parts.push(`${ATTRIBUTE_NAMES[oid] ?? oid}=${stringValue(der, value)}`);
    }
  }
  return parts.join(', ');
}
