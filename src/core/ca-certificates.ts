/**
 * A CA file's bytes → the PEM text Node and the verdict read. Node skips, without a word, a file with no PEM
 * certificate in it, and stops at the first block it cannot read: the CA would then silently not be trusted.
 */
import { X509Certificate } from 'node:crypto';

export type CaFile = { pem: string } | { problem: string };

/** As tls-chain's parsePemBundle reads the trust anchors. */
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readable(certificate: string | Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(certificate);
  } catch {
    return undefined;
  }
}

export function caCertificates(bytes: Buffer): CaFile {
  const blocks = bytes.toString('latin1').match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    // One DER certificate, as browsers and Windows export them.
    const der = readable(bytes);
    return der ? { pem: der.toString() } : { problem: 'holds no certificate (PEM or DER)' };
  }
  const damaged = blocks.findIndex((block) => !readable(block));
  if (damaged !== -1) return { problem: `holds a certificate that cannot be read: PEM block ${damaged + 1} of ${blocks.length}` };
  return { pem: bytes.toString('utf8') };
}
