/** What a finished handshake negotiated and what the peer's certificate chain is worth, as plain data. */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { PeerCertificate, DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { signatureAlgorithm } from './der.js';
import { describeVerifyCode } from './verify-codes.js';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  altNames: string[];
  validFrom: string;
  validTo: string;
  /** Negative once expired. */
  daysLeft: number;
  keyType: string;
  keyBits?: number;
  curve?: string;
  signatureAlgorithm?: string;
  fingerprint256: string;
  selfSigned: boolean;
  pem: string;
}

export interface HostnameCheck {
  /** The name (or IP) the certificate was checked against. */
  checked: string;
  ok: boolean;
}

export interface Verdict {
  /** Chain verified to a trusted root and the name matches. */
  trusted: boolean;
  /** Short word for badges: 'verified', 'self-signed', 'expired', 'wrong host', … */
  label: string;
  /** Node's code and OpenSSL's verify number, when the chain failed. */
  code?: string;
  openssl?: number;
  reason: string;
  fix?: string;
  hostname: HostnameCheck;
}

export interface TlsReport {
  protocol: string;
  cipher: { name: string; standardName: string; bits?: number };
  group?: { type: string; name?: string; size: number };
  /** SNI sent, if any. */
  servername?: string;
  alpn?: string;
  resumed: boolean;
  handshakeMs: number;
  chain: CertificateInfo[];
  verdict: Verdict;
  securityLevelLowered: boolean;
  warnings: string[];
}

const DAY_MS = 86_400_000;

function chainOf(socket: TLSSocket): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  // Without a peer certificate Node returns an empty object, hence the check for raw.
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert?.raw && !chain.includes(cert)) {
    chain.push(cert);
    const next: DetailedPeerCertificate | undefined = cert.issuerCertificate;
    if (!next || next === cert || next.fingerprint256 === cert.fingerprint256) break;
    cert = next;
  }
  return chain;
}

function describeCertificate(peer: PeerCertificate, now: number): CertificateInfo {
  const x509 = new X509Certificate(peer.raw);
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const sig = signatureAlgorithm(peer.raw);
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    altNames: (x509.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    daysLeft: Math.floor((Date.parse(x509.validTo) - now) / DAY_MS),
    keyType: key.asymmetricKeyType ?? 'unknown',
    ...(details.modulusLength ? { keyBits: details.modulusLength } : {}),
    ...(details.namedCurve ? { curve: details.namedCurve } : {}),
    ...(sig ? { signatureAlgorithm: sig } : {}),
    fingerprint256: x509.fingerprint256,
    selfSigned: x509.subject === x509.issuer && x509.verify(key),
    pem: x509.toString(),
  };
}

function checkHostname(peer: PeerCertificate | undefined, name: string): HostnameCheck {
  if (!peer?.raw) return { checked: name, ok: false };
  const x509 = new X509Certificate(peer.raw);
  const ok = isIP(name) ? x509.checkIP(name) !== undefined : x509.checkHost(name) !== undefined;
  return { checked: name, ok };
}

export function buildVerdict(authorizationError: string | undefined, hostname: HostnameCheck): Verdict {
  if (authorizationError) {
    const code = describeVerifyCode(authorizationError);
    return {
      trusted: false,
      label: code.label,
      code: authorizationError,
      openssl: code.openssl,
      reason: code.meaning,
      fix: code.fix,
      hostname,
    };
  }
  if (!hostname.ok) {
    const code = describeVerifyCode('ERR_TLS_CERT_ALTNAME_INVALID');
    return {
      trusted: false,
      label: code.label,
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      openssl: code.openssl,
      reason: `${code.meaning} (${hostname.checked})`,
      fix: code.fix,
      hostname,
    };
  }
  return { trusted: true, label: 'verified', reason: 'the chain leads to a trusted root and names the host', hostname };
}

function warningsFor(protocol: string, chain: CertificateInfo[], lowered: boolean): string[] {
  const warnings: string[] = [];
  if (lowered) warnings.push('OpenSSL security level lowered to 0 (--tls-min below TLSv1.2): weak settings accepted');
  if (protocol === 'TLSv1' || protocol === 'TLSv1.1') warnings.push(`${protocol} is deprecated (RFC 8996)`);
  chain.forEach((cert, depth) => {
    if (cert.keyType === 'rsa' && cert.keyBits !== undefined && cert.keyBits < 2048) {
      warnings.push(`depth ${depth}: RSA key of ${cert.keyBits} bits (under 2048)`);
    }
    if (cert.signatureAlgorithm && /sha1|md5/i.test(cert.signatureAlgorithm) && !cert.selfSigned) {
      warnings.push(`depth ${depth}: signed with ${cert.signatureAlgorithm}`);
    }
  });
  return warnings;
}

export function buildTlsReport(
  socket: TLSSocket,
  context: { checkedName: string; servername?: string; handshakeMs: number; securityLevelLowered: boolean },
): TlsReport {
  const now = Date.now();
  const peers = chainOf(socket);
  const chain = peers.map((peer) => describeCertificate(peer, now));
  const cipher = socket.getCipher();
  const ephemeral = socket.getEphemeralKeyInfo();
  const protocol = socket.getProtocol() ?? 'unknown';
  const authError = socket.authorized ? undefined : String(socket.authorizationError ?? 'UNKNOWN');
  const verdict = buildVerdict(authError, checkHostname(peers[0], context.checkedName));
  return {
    protocol,
    cipher: { name: cipher.name, standardName: cipher.standardName },
    ...(ephemeral && 'size' in ephemeral && ephemeral.size
      ? { group: { type: ephemeral.type ?? 'unknown', ...(ephemeral.name ? { name: ephemeral.name } : {}), size: ephemeral.size } }
      : {}),
    ...(context.servername ? { servername: context.servername } : {}),
    ...(socket.alpnProtocol ? { alpn: socket.alpnProtocol } : {}),
    resumed: socket.isSessionReused(),
    handshakeMs: context.handshakeMs,
    chain,
    verdict,
    securityLevelLowered: context.securityLevelLowered,
    warnings: warningsFor(protocol, chain, context.securityLevelLowered),
  };
}

/** One line for the transcript's `===` mark and the status badge. */
export function tlsSummary(report: TlsReport): string {
  const group = report.group ? ` · ${report.group.name ?? report.group.type}` : '';
  const verdict = report.verdict.trusted ? 'verified ✓' : `${report.verdict.label} ✗`;
  return `${report.protocol} · ${report.cipher.standardName}${group} · ${verdict}`;
}
