/** PEM text → each certificate block in it, read, or undefined where a block cannot be read. */
import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function readCertificate(certificate: string | Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(certificate);
  } catch {
    return undefined;
  }
}

export function pemCertificates(text: string): Array<X509Certificate | undefined> {
  return (text.match(PEM_BLOCK) ?? []).map((block) => readCertificate(block));
}
