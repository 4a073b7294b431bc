/**
 * The chain judged on its own. OpenSSL reports one verify error per connection, the last it met, so an expired
 * self-signed certificate says only "expired". To show every part of the verdict, the chain is walked here again:
 * from the leaf through the certificates the server sent to a trust anchor, with dates left to their own part.
 */
import type { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { pemCertificates } from './pem.js';

let systemAnchors: X509Certificate[] | undefined;

/** PEM text (one or many certificates) → certificates; what is not a certificate is skipped. */
export function parsePemBundle(pem: string): X509Certificate[] {
  return pemCertificates(pem).filter((cert): cert is X509Certificate => cert !== undefined);
}

/** Node trusts only the given CA file when there is one, and its bundled roots otherwise. */
export function trustAnchors(ca: string | undefined): X509Certificate[] {
  if (ca !== undefined) return parsePemBundle(ca);
  systemAnchors ??= parsePemBundle(rootCertificates.join('\n'));
  return systemAnchors;
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

/** By name and signature only: X509_check_issued would also ask for keyCertSign, which self-signed leaves lack. */
export function isSelfSigned(cert: X509Certificate): boolean {
  return cert.subject === cert.issuer && cert.verify(cert.publicKey);
}

/**
 * From the leaf through the certificates the server sent, each issued by the one before, as far as they go: where it
 * stops tells a missing intermediate (at the leaf) from a CA unknown here (at the top of the intermediates sent).
 */
export function pathAsSent(sent: X509Certificate[]): X509Certificate[] {
  const path: X509Certificate[] = [];
  for (let cert = sent[0]; cert; ) {
    path.push(cert);
    const issuer: X509Certificate = cert;
    cert = sent.find((candidate) => !path.includes(candidate) && issuedBy(issuer, candidate));
  }
  return path;
}

/**
 * Node's code for what is wrong with the chain as sent, or undefined when it leads to an anchor. Dates are not
 * looked at: that is the dates part's job.
 */
export function chainProblem(sent: X509Certificate[], anchors: X509Certificate[]): string | undefined {
  const path = pathAsSent(sent);
  for (const [depth, cert] of path.entries()) {
    if (anchors.some((anchor) => anchor.fingerprint256 === cert.fingerprint256 || issuedBy(cert, anchor))) return undefined;
    if (isSelfSigned(cert)) return depth === 0 ? 'DEPTH_ZERO_SELF_SIGNED_CERT' : 'SELF_SIGNED_CERT_IN_CHAIN';
  }
  if (path.length === 0) return undefined;
  return path.length === 1 ? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' : 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
}
