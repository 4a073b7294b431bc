// Certificates made in-process for the workshop server and the tests: every trust failure a
// student should meet (unknown CA, missing intermediate, expired, not yet valid, wrong host,
// weak key, SHA-1) is one options object away, with no openssl binary and no files on disk.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

x509.cryptoProvider.set(webcrypto);

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;

export type KeyType = 'ec-p256' | 'rsa';
export type SignatureHash = 'SHA-256' | 'SHA-1';

export interface GeneratedCertificate {
  /** PKCS#8 PEM, loadable by `tls.createServer({key})`. */
  keyPem: string;
  certPem: string;
  /** This certificate followed by its intermediates (never the root): what a server should send. */
  chainPem: string;
  /** Distinguished name, e.g. `CN=localhost`. */
  subject: string;
  /** Kept so the certificate can sign others (see `generateCa`). */
  privateKey: CryptoKey;
  /** Undefined when self-signed. */
  issuer?: GeneratedCertificate;
}

/** Any generated certificate can sign; only those made with `isCa` (or `generateCa`) are accepted as CAs by verifiers. */
export type CertificateAuthority = GeneratedCertificate;

export interface CertificateOptions {
  commonName?: string;
  /** DNS names or IP addresses (v4 or v6) for the subjectAltName. */
  altNames?: string[];
  keyType?: KeyType;
  rsaBits?: number;
  notBefore?: Date;
  notAfter?: Date;
  /** Absent: self-signed. */
  issuer?: CertificateAuthority;
  /** Hash of the signature made by the issuer (or by this key when self-signed). */
  signatureHash?: SignatureHash;
  isCa?: boolean;
}

const DEFAULT_COMMON_NAME = 'localhost';
const DEFAULT_ALT_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];
const HOUR_MS = 60 * 60 * 1000;
const DEFAULT_VALIDITY_MS = 30 * 24 * HOUR_MS;
const DEFAULT_RSA_BITS = 2048;
const RSA_SIGNING = 'RSASSA-PKCS1-v1_5';
const KEY_USAGES: webcrypto.KeyUsage[] = ['sign', 'verify'];

export async function generateCertificate(options: CertificateOptions = {}): Promise<GeneratedCertificate> {
  const keyType = options.keyType ?? 'ec-p256';
  const hash = options.signatureHash ?? 'SHA-256';
  const isCa = options.isCa ?? false;
  const subject = `CN=${escapeDnValue(options.commonName ?? DEFAULT_COMMON_NAME)}`;
  const notBefore = options.notBefore ?? new Date(Date.now() - HOUR_MS);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + DEFAULT_VALIDITY_MS);
  const keys = await generateKeys(keyType, options.rsaBits ?? DEFAULT_RSA_BITS);
  const issuer = options.issuer;
  const signingKey = issuer?.privateKey ?? keys.privateKey;

  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(isCa, undefined, true),
    new x509.KeyUsagesExtension(keyUsage(isCa, keyType), true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (!isCa) {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]));
  }
  const altNames = options.altNames ?? (isCa ? [] : DEFAULT_ALT_NAMES);
  if (altNames.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(altNames.map(generalName)));
  }
  if (issuer) {
    const issuerCert = new x509.X509Certificate(issuer.certPem);
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerCert.publicKey));
  }

  const certificate = await x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer?.subject ?? subject,
    notBefore,
    notAfter,
    serialNumber: randomSerial(),
    publicKey: keys.publicKey,
    signingKey: await withHash(signingKey, hash),
    signingAlgorithm: { name: signingKey.algorithm.name, hash },
    extensions,
  });

  const certPem = certificate.toString('pem') + '\n';
  const chainTail = issuer?.issuer ? issuer.chainPem : '';
  return {
    keyPem: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem,
    chainPem: certPem + chainTail,
    subject,
    privateKey: keys.privateKey,
    ...(issuer ? { issuer } : {}),
  };
}

/** A CA certificate: self-signed root by default, an intermediate when given an `issuer`. */
export function generateCa(
  commonName: string,
  options: Omit<CertificateOptions, 'commonName' | 'isCa'> = {},
): Promise<CertificateAuthority> {
  return generateCertificate({ ...options, commonName, isCa: true });
}

async function generateKeys(keyType: KeyType, rsaBits: number): Promise<CryptoKeyPair> {
  const algorithm =
    keyType === 'rsa'
      ? { name: RSA_SIGNING, hash: 'SHA-256', modulusLength: rsaBits, publicExponent: new Uint8Array([1, 0, 1]) }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  return webcrypto.subtle.generateKey(algorithm, true, KEY_USAGES);
}

// A WebCrypto RSA key is bound to the hash it was created with, so signing with another hash
// (SHA-1 for the weak-signature lesson) needs the same key material imported with that hash.
async function withHash(key: CryptoKey, hash: SignatureHash): Promise<CryptoKey> {
  if (key.algorithm.name !== RSA_SIGNING || (key.algorithm as webcrypto.RsaHashedKeyAlgorithm).hash.name === hash) {
    return key;
  }
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: RSA_SIGNING, hash }, true, ['sign']);
}

function keyUsage(isCa: boolean, keyType: KeyType): x509.KeyUsageFlags {
  const flags = x509.KeyUsageFlags;
  if (isCa) {
    return flags.keyCertSign | flags.cRLSign | flags.digitalSignature;
  }
  // RSA key exchange (TLS 1.0-1.2 without ECDHE) encrypts the premaster secret to the key.
  return keyType === 'rsa' ? flags.digitalSignature | flags.keyEncipherment : flags.digitalSignature;
}

function generalName(name: string): x509.JsonGeneralName {
  return { type: isIP(name) ? 'ip' : 'dns', value: name };
}

// RFC 5280: positive, at most 20 octets; a clear top bit keeps the DER integer positive.
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

// RFC 4514 escaping, so a common name such as "a,b" cannot turn into two attributes.
function escapeDnValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]| $/g, (c) => `\\${c}`);
}
