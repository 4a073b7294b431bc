/**
 * A stapled OCSP response (RFC 6960) → what it says about the server's certificate: good, revoked or unknown, when
 * it was said and until when, and whether its signature comes from the certificate's issuer.
 */
import { X509Certificate, verify } from 'node:crypto';
import { children, element, oidText } from './der.js';
import type { Element } from './der.js';

export type OcspReport =
  | { stapled: false; requested: boolean }
  | {
      stapled: true;
      /** Anything but 'successful' means the responder answered with an error and no status. */
      responseStatus: string;
      certStatus?: 'good' | 'revoked' | 'unknown';
      producedAt?: string;
      thisUpdate?: string;
      nextUpdate?: string;
      revokedAt?: string;
      /** The response is about this leaf (its serial number). */
      forThisCertificate?: boolean;
      signature: 'issuer' | 'delegated responder' | 'not verified' | 'invalid';
      problems: string[];
    };

const RESPONSE_STATUS: Readonly<Record<number, string>> = {
  0: 'successful',
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

const BASIC_RESPONSE = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

const DIGESTS: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
};

const TAG_GENERALIZED_TIME = 0x18;

function generalizedTime(der: Uint8Array, el: Element | undefined): string | undefined {
  if (!el || el.tag !== TAG_GENERALIZED_TIME) return undefined;
  const text = Buffer.from(der.subarray(el.start, el.end)).toString('latin1');
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function bytesOf(der: Uint8Array, el: Element): Buffer {
  return Buffer.from(der.subarray(el.start, el.end));
}

/** Node prints serial numbers in upper-case hex without leading zero bytes. */
function serialHex(der: Uint8Array, el: Element): string {
  let bytes = bytesOf(der, el);
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return bytes.toString('hex').toUpperCase();
}

function signatureOk(der: Uint8Array, tbs: Element, algorithm: Element, signature: Element, signer: X509Certificate): boolean | undefined {
  const oid = children(der, algorithm)[0];
  if (!oid) return undefined;
  const digest = DIGESTS[oidText(der.subarray(oid.start, oid.end))];
  if (digest === undefined) return undefined;
  // BIT STRING: the first byte counts unused bits, always 0 for a signature.
  const value = bytesOf(der, signature).subarray(1);
  try {
    return verify(digest, der.subarray(tbs.at, tbs.end), signer.publicKey, value);
  } catch {
    return false;
  }
}

/**
 * `leaf` and `issuer` are the first two certificates of the chain the server sent; without the issuer the
 * signature cannot be checked, and the report says so.
 */
export function readOcsp(response: Buffer, leaf: X509Certificate | undefined, issuer: X509Certificate | undefined): OcspReport {
  const der = new Uint8Array(response);
  const problems: string[] = [];
  const notReadable = (why: string): OcspReport => ({ stapled: true, responseStatus: 'unreadable', signature: 'not verified', problems: [why] });
  const top = element(der, 0);
  if (!top || top.tag !== 0x30) return notReadable('the staple is not a DER OCSP response');
  const [status, wrapped] = children(der, top);
  if (!status || status.tag !== 0x0a) return notReadable('no response status');
  const responseStatus = RESPONSE_STATUS[der[status.start] ?? -1] ?? `status ${der[status.start]}`;
  if (responseStatus !== 'successful' || !wrapped) return { stapled: true, responseStatus, signature: 'not verified', problems };
  const [bytesSequence] = children(der, wrapped);
  const [type, octets] = bytesSequence ? children(der, bytesSequence) : [];
  if (!type || !octets || oidText(der.subarray(type.start, type.end)) !== BASIC_RESPONSE) return notReadable('not a basic OCSP response');
  const basicDer = der.subarray(octets.start, octets.end);
  const basic = element(basicDer, 0);
  const [tbs, algorithm, signature, certs] = basic ? children(basicDer, basic) : [];
  if (!tbs || !algorithm || !signature) return notReadable('the basic response is incomplete');
  const fields = children(basicDer, tbs).filter((el) => el.tag !== 0xa0);
  const producedAt = generalizedTime(basicDer, fields[1]);
  const responses = fields[2] ? children(basicDer, fields[2]) : [];
  const single = responses[0];
  const [certId, certStatus, thisUpdate, ...rest] = single ? children(basicDer, single) : [];
  if (!certId || !certStatus) return notReadable('no certificate status in the response');
  const serial = children(basicDer, certId)[3];
  const nextUpdateWrapper = rest.find((el) => el.tag === 0xa0);
  const nextUpdate = nextUpdateWrapper ? generalizedTime(basicDer, children(basicDer, nextUpdateWrapper)[0]) : undefined;
  const state = certStatus.tag === 0x80 ? 'good' : certStatus.tag === 0xa1 ? 'revoked' : 'unknown';
  const revokedAt = state === 'revoked' ? generalizedTime(basicDer, children(basicDer, certStatus)[0]) : undefined;
  const forThisCertificate = leaf && serial ? serialHex(basicDer, serial) === leaf.serialNumber.toUpperCase() : undefined;
  if (forThisCertificate === false) problems.push('the response is about another certificate (serial number differs)');
  if (responses.length > 1) problems.push(`${responses.length} statuses in one response; only the first is shown`);
  const thisUpdateText = generalizedTime(basicDer, thisUpdate);
  const now = Date.now();
  if (nextUpdate && Date.parse(nextUpdate) < now) problems.push('the response is stale: its next update has passed');
  if (thisUpdateText && Date.parse(thisUpdateText) > now + 5 * 60_000) problems.push('the response claims a time in the future');
  return {
    stapled: true,
    responseStatus,
    certStatus: state,
    ...(producedAt ? { producedAt } : {}),
    ...(thisUpdateText ? { thisUpdate: thisUpdateText } : {}),
    ...(nextUpdate ? { nextUpdate } : {}),
    ...(revokedAt ? { revokedAt } : {}),
    ...(forThisCertificate !== undefined ? { forThisCertificate } : {}),
    signature: signer(basicDer, tbs, algorithm, signature, certs, issuer, problems),
    problems,
  };
}

/** The issuer signs, or a responder certificate the issuer signed for OCSP signing (RFC 6960 §4.2.2.2). */
function signer(
  der: Uint8Array,
  tbs: Element,
  algorithm: Element,
  signature: Element,
  certs: Element | undefined,
  issuer: X509Certificate | undefined,
  problems: string[],
): Extract<OcspReport, { stapled: true }>['signature'] {
  if (!issuer) {
    problems.push('the server sent no issuer certificate, so the signature was not checked');
    return 'not verified';
  }
  const direct = signatureOk(der, tbs, algorithm, signature, issuer);
  if (direct) return 'issuer';
  const list = certs ? children(der, children(der, certs)[0] ?? certs) : [];
  for (const el of list) {
    let responder: X509Certificate;
    try {
      responder = new X509Certificate(Buffer.from(der.subarray(el.at, el.end)));
    } catch {
      continue;
    }
    const delegated = responder.verify(issuer.publicKey) && (responder.keyUsage ?? []).includes(OCSP_SIGNING);
    if (delegated && signatureOk(der, tbs, algorithm, signature, responder)) return 'delegated responder';
  }
  if (direct === undefined && list.length === 0) {
    problems.push('the signature algorithm is not one checked here');
    return 'not verified';
  }
  problems.push('the signature does not verify with the issuer or a responder it authorised');
  return 'invalid';
}
