/**
 * Builds a signed OCSP response (RFC 6960) in DER, as a CA's responder would, so the tests can staple real ones:
 * good, revoked, or signed by the wrong key.
 */
import { KeyObject, X509Certificate, createHash, sign } from 'node:crypto';
import type { GeneratedCertificate } from '../../../src/server/certs.js';
import { octets, oid, sequence, time, tlv } from './der.js';

export type CertStatus = 'good' | 'revoked' | 'unknown';

export interface ResponseOptions {
  status: CertStatus;
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** Signs with this key instead of the issuer's. */
  signer?: GeneratedCertificate;
}

/** A successful basic response about `leaf`, signed (ecdsa-with-SHA256) by its issuer. */
export function ocspResponse(leaf: GeneratedCertificate, issuer: GeneratedCertificate, options: ResponseOptions): Buffer {
  const leafCert = new X509Certificate(leaf.certPem);
  const issuerCert = new X509Certificate(issuer.certPem);
  const sha1 = (bytes: Buffer): Buffer => createHash('sha1').update(bytes).digest();
  const certId = sequence(
    sequence(oid('1.3.14.3.2.26'), Buffer.from([0x05, 0x00])),
    octets(sha1(Buffer.from(issuerCert.subject))),
    octets(sha1(issuerCert.publicKey.export({ type: 'spki', format: 'der' }))),
    tlv(0x02, Buffer.from(leafCert.serialNumber, 'hex')),
  );
  const now = new Date();
  const status =
    options.status === 'good'
      ? Buffer.from([0x80, 0x00])
      : options.status === 'revoked'
        ? tlv(0xa1, time(new Date(now.getTime() - 86_400_000)))
        : Buffer.from([0x82, 0x00]);
  const single = sequence(
    certId,
    status,
    time(options.thisUpdate ?? new Date(now.getTime() - 3_600_000)),
    tlv(0xa0, time(options.nextUpdate ?? new Date(now.getTime() + 7 * 86_400_000))),
  );
  const tbs = sequence(tlv(0xa2, octets(sha1(Buffer.from(issuer.certPem)))), time(now), sequence(single));
  const key = KeyObject.from((options.signer ?? issuer).privateKey);
  const signature = sign('sha256', tbs, { key, dsaEncoding: 'der' });
  const basic = sequence(tbs, sequence(oid('1.2.840.10045.4.3.2')), tlv(0x03, Buffer.from([0]), signature));
  return sequence(tlv(0x0a, Buffer.from([0])), tlv(0xa0, sequence(oid('1.3.6.1.5.5.7.48.1.1'), octets(basic))));
}

/** A responder that answered with an error status and no response at all. */
export function ocspError(status: number): Buffer {
  return sequence(tlv(0x0a, Buffer.from([status])));
}
