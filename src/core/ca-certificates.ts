/**
 * A CA file's bytes → the PEM text Node and the verdict read. Node skips, without a word, a file with no PEM
 * certificate in it, and stops at the first block it cannot read: the CA would then silently not be trusted.
 */
import { pemCertificates, readCertificate } from './pem.js';

export type CaFile = { pem: string } | { problem: string };

export function caCertificates(bytes: Buffer): CaFile {
  const blocks = pemCertificates(bytes.toString('latin1'));
  if (blocks.length === 0) {
    // One DER certificate, as browsers and Windows export them.
    const der = readCertificate(bytes);
    return der ? { pem: der.toString() } : { problem: 'holds no certificate (PEM or DER)' };
  }
  const damaged = blocks.findIndex((block) => block === undefined);
  if (damaged !== -1) return { problem: `holds a certificate that cannot be read: PEM block ${damaged + 1} of ${blocks.length}` };
  return { pem: bytes.toString('utf8') };
}
