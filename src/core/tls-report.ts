/**
 * What a finished handshake negotiated and what the peer's certificate chain is worth, as plain data. Every text
 * field that came from the peer (names, subjects, alert words) is escaped by `printable` before it lands here.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { signatureAlgorithm } from './der.js';
import { printable } from './printable.js';
import { chainProblem, isSelfSigned, trustAnchors } from './tls-chain.js';
import type { Handshake } from './tls-handshake.js';
import { readOcsp } from './tls-ocsp.js';
import type { OcspReport } from './tls-ocsp.js';
import { describeVerifyCode, verifyCodeText } from './verify-codes.js';
import type { VerdictPartName } from './verify-codes.js';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  altNames: string[];
  serialNumber: string;
  validFrom: string;
  validTo: string;
  /** Negative once expired. */
  daysLeft: number;
  keyType: string;
  keyBits?: number;
  curve?: string;
  signatureAlgorithm?: string;
  fingerprint256: string;
  /** base64 SHA-256 of the public key (HPKP / DANE-style pin, as gnutls-cli shows it). */
  pinSha256: string;
  selfSigned: boolean;
  /** False for a certificate Node added from the local trust store; undefined when the handshake was not seen. */
  sent?: boolean;
  pem: string;
}

export interface HostnameCheck {
  /** The name (or IP) the certificate was checked against. */
  checked: string;
  ok: boolean;
  /** SNI sent, if any. */
  servername?: string;
}

export interface VerdictPart {
  part: VerdictPartName;
  ok: boolean;
  /** A few words: 'trusted root', 'self-signed', '29 days left', 'RSA 1024 bits'. */
  label: string;
  /** One sentence of what was found. */
  detail: string;
  /** Node's code and OpenSSL's verify number, when the part failed for a reason OpenSSL names. */
  code?: string;
  openssl?: number;
  /** One sentence on what to fix on the server. */
  fix?: string;
}

export interface Verdict {
  /** Chain verified to a trusted root, dates valid and the name matches. */
  trusted: boolean;
  /** Short word for badges: 'verified', 'self-signed', 'expired', 'wrong host', … */
  label: string;
  /** Node's code and OpenSSL's verify number of the first failing part. */
  code?: string;
  openssl?: number;
  reason: string;
  fix?: string;
  hostname: HostnameCheck;
  /** In order: chain, dates, hostname, strength. */
  parts: VerdictPart[];
}

export interface ClientCertificateFacts {
  /** Undefined when it cannot be known: TLS 1.3 hides the request and the key log secrets were missing. */
  requested?: boolean;
  /** CA names the server accepts client certificates from; empty: any. */
  caNames: string[];
  /** A certificate was configured (--cert). */
  configured: boolean;
  /** The client answered with a certificate (not an empty list). */
  sent?: boolean;
}

export interface TlsReport {
  protocol: string;
  cipher: { name: string; standardName: string; bits?: number };
  group?: { type: string; name?: string; size: number };
  /** SNI sent, if any. */
  servername?: string;
  alpn?: string;
  resumed: boolean;
  resumption: { offered: boolean; ticketLifetimeSeconds?: number };
  handshakeMs: number;
  chain: CertificateInfo[];
  verdict: Verdict;
  ocsp: OcspReport;
  clientCertificate: ClientCertificateFacts;
  /** The record-layer view: offered versus chosen, each message, alerts. */
  handshake?: Handshake;
  securityLevelLowered: boolean;
  warnings: string[];
}

export interface ReportContext {
  checkedName: string;
  servername?: string;
  handshakeMs: number;
  securityLevelLowered: boolean;
  handshake?: Handshake;
  /** The stapled OCSP response; undefined when the server stapled none. */
  ocspResponse?: Buffer;
  ocspRequested: boolean;
  /** The CA file the user trusts instead of the system roots. */
  trustedCa?: string;
  clientCertificateConfigured: boolean;
  resumptionOffered: boolean;
  /** Problems met on the way (a key log that could not be written). */
  warnings?: string[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MIN_RSA_BITS = 2048;
const MIN_DH_BITS = 2048;
const SOON_DAYS = 14;
/** Within this distance of a validity boundary, a wrong clock is the likelier explanation. */
const SKEW_HINT_MS = 2 * DAY_MS;

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

const nameLines = (name: string): string => printable(name.replace(/\n/g, ', '));

function describeCertificate(x509: X509Certificate, now: number, sent: boolean | undefined): CertificateInfo {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const sig = signatureAlgorithm(x509.raw);
  return {
    subject: nameLines(x509.subject),
    issuer: nameLines(x509.issuer),
    altNames: (x509.subjectAltName ?? '').split(/,\s*/).filter(Boolean).map((name) => printable(name)),
    serialNumber: x509.serialNumber,
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    daysLeft: Math.floor((Date.parse(x509.validTo) - now) / DAY_MS),
    keyType: key.asymmetricKeyType ?? 'unknown',
    ...(details.modulusLength ? { keyBits: details.modulusLength } : {}),
    ...(details.namedCurve ? { curve: details.namedCurve } : {}),
    ...(sig ? { signatureAlgorithm: sig } : {}),
    fingerprint256: x509.fingerprint256,
    pinSha256: createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64'),
    selfSigned: isSelfSigned(x509),
    ...(sent !== undefined ? { sent } : {}),
    pem: x509.toString(),
  };
}

function checkHostname(leaf: X509Certificate | undefined, name: string, servername: string | undefined): HostnameCheck {
  const ok = leaf !== undefined && (isIP(name) ? leaf.checkIP(name) !== undefined : leaf.checkHost(name) !== undefined);
  return { checked: printable(name), ok, ...(servername ? { servername: printable(servername) } : {}) };
}

function coded(part: VerdictPartName, code: string, label: string | undefined, detail: string): VerdictPart {
  const known = describeVerifyCode(code);
  return { part, ok: false, label: label ?? known.label, detail, code, openssl: known.openssl, fix: known.fix };
}

/**
 * Node's own verdict where it speaks of the chain; where it speaks of another part ("expired": OpenSSL keeps only
 * the last error), the chain is walked again so that a self-signed or incomplete chain is still named.
 */
function chainPart(authorizationError: string | undefined, blamed: VerdictPartName | undefined, sent: X509Certificate[], trustedCa: string | undefined): VerdictPart {
  let code = authorizationError;
  if (code !== undefined && blamed !== 'chain') code = chainProblem(sent, trustAnchors(trustedCa));
  if (code === undefined) {
    return { part: 'chain', ok: true, label: 'trusted', detail: 'the chain leads to a trusted root' };
  }
  const known = describeVerifyCode(code);
  const issuer = sent[0] ? ` (issuer ${nameLines(sent[0].issuer)})` : '';
  return coded('chain', code, undefined, `${known.meaning}${code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ? issuer : ''}`);
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < DAY_MS) return `${Math.max(1, Math.round(abs / HOUR_MS))} hours`;
  return `${Math.round(abs / DAY_MS)} days`;
}

function skewHint(ms: number): string {
  return Math.abs(ms) < SKEW_HINT_MS ? `; a clock ${span(ms)} off on either side would explain it: check this machine's clock` : '';
}

function datesPart(chain: CertificateInfo[], now: number): VerdictPart {
  for (const [depth, cert] of chain.entries()) {
    const where = depth === 0 ? 'the server certificate' : `the certificate at depth ${depth} (${cert.subject})`;
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    if (from > now) {
      return coded('dates', 'CERT_NOT_YET_VALID', 'not yet valid', `${where} is not valid before ${cert.validFrom}, in ${span(from - now)}${skewHint(from - now)}`);
    }
    if (to < now) {
      return coded('dates', 'CERT_HAS_EXPIRED', 'expired', `${where} expired ${span(now - to)} ago, on ${day(cert.validTo)}${skewHint(now - to)}`);
    }
  }
  const leaf = chain[0];
  if (!leaf) return { part: 'dates', ok: false, label: 'no certificate', detail: 'the server sent no certificate' };
  const soon = leaf.daysLeft < SOON_DAYS ? ' — renew soon' : '';
  return { part: 'dates', ok: true, label: `${leaf.daysLeft} days left`, detail: `valid from ${day(leaf.validFrom)} until ${day(leaf.validTo)}${soon}` };
}

/**
 * A resumed session brings no certificate: its dates and names were checked when the session began, and OpenSSL's
 * stored chain verdict still speaks for the chain, so these parts are neither passed nor failed here.
 */
function notChecked(part: 'dates' | 'hostname'): VerdictPart {
  return { part, ok: true, label: 'not checked (resumed)', detail: 'a resumed session sends no certificate: this was checked when the session began' };
}

function hostnamePart(check: HostnameCheck, leaf: CertificateInfo | undefined): VerdictPart {
  const sni = check.servername ? `SNI ${check.servername} sent` : 'no SNI sent';
  const names = leaf?.altNames.length ? leaf.altNames.join(', ') : leaf ? `no subjectAltName; subject ${leaf.subject}` : 'no certificate';
  if (check.ok) return { part: 'hostname', ok: true, label: check.checked, detail: `${check.checked} matches (${sni}; the certificate names ${names})` };
  return coded('hostname', 'ERR_TLS_CERT_ALTNAME_INVALID', undefined, `${check.checked} is not among the names the certificate lists: ${names} (${sni})`);
}

function strengthPart(chain: CertificateInfo[], group: TlsReport['group']): VerdictPart {
  const findings: VerdictPart[] = [];
  chain.forEach((cert, depth) => {
    if (cert.keyType === 'rsa' && cert.keyBits !== undefined && cert.keyBits < MIN_RSA_BITS) {
      const where = depth === 0 ? 'the server key' : `the key at depth ${depth}`;
      findings.push(coded('strength', depth === 0 ? 'EE_KEY_TOO_SMALL' : 'CA_KEY_TOO_SMALL', `RSA ${cert.keyBits} bits`, `${where} is RSA of ${cert.keyBits} bits, under ${MIN_RSA_BITS}`));
    }
    // A root's own signature is never checked (it is trusted as is), so SHA-1 there is harmless.
    if (cert.signatureAlgorithm && /sha1|md5/i.test(cert.signatureAlgorithm) && !cert.selfSigned) {
      findings.push(coded('strength', 'CA_MD_TOO_WEAK', cert.signatureAlgorithm, `the certificate at depth ${depth} is signed with ${cert.signatureAlgorithm}`));
    }
  });
  if (group?.type === 'DH' && group.size < MIN_DH_BITS) {
    findings.push({
      part: 'strength',
      ok: false,
      label: `DH ${group.size} bits`,
      detail: `the key exchange used finite-field DH of ${group.size} bits, under ${MIN_DH_BITS}`,
      fix: 'configure DH parameters of 2048 bits or more, or prefer ECDHE cipher suites',
    });
  }
  const [first, ...rest] = findings;
  if (!first) return { part: 'strength', ok: true, label: 'strong', detail: 'keys, signatures and key exchange are of current strength' };
  return rest.length === 0 ? first : { ...first, detail: [first, ...rest].map((f) => f.detail).join('; ') };
}

/**
 * Weak keys and signatures are reported, not held against trust, unless OpenSSL itself refused the chain for them
 * (`strengthRefused`), as it does for SHA-1 signatures at its default level.
 */
export function buildVerdict(parts: VerdictPart[], hostname: HostnameCheck, strengthRefused = false): Verdict {
  const failing = parts.find((part) => !part.ok && (part.part !== 'strength' || strengthRefused));
  if (!failing) {
    return { trusted: true, label: 'verified', reason: 'the chain leads to a trusted root, the dates are valid and it names the host', hostname, parts };
  }
  return {
    trusted: false,
    label: failing.label,
    ...(failing.code ? { code: failing.code, openssl: failing.openssl! } : {}),
    reason: failing.detail,
    ...(failing.fix ? { fix: failing.fix } : {}),
    hostname,
    parts,
  };
}

function warningsFor(protocol: string, lowered: boolean, ocsp: OcspReport, extra: string[]): string[] {
  const warnings: string[] = [];
  if (lowered) warnings.push('OpenSSL security level lowered to 0 (--tls-min below TLSv1.2): weak settings accepted');
  if (protocol === 'TLSv1' || protocol === 'TLSv1.1') warnings.push(`${protocol} is deprecated (RFC 8996)`);
  if (ocsp.stapled && ocsp.certStatus === 'revoked') warnings.push(`the stapled OCSP response says the certificate is REVOKED${ocsp.revokedAt ? ` since ${ocsp.revokedAt}` : ''}`);
  return [...warnings, ...extra];
}

function clientCertificateFacts(handshake: Handshake | undefined, configured: boolean): ClientCertificateFacts {
  const hidden = handshake === undefined || handshake.hidden;
  const request = handshake?.certificateRequest;
  const requested = request !== undefined ? true : hidden ? undefined : false;
  const count = handshake?.clientCertificates;
  const sent = count !== undefined ? count > 0 : requested === false ? false : undefined;
  return {
    ...(requested !== undefined ? { requested } : {}),
    caNames: request?.caNames ?? [],
    configured,
    ...(sent !== undefined ? { sent } : {}),
  };
}

export function buildTlsReport(socket: TLSSocket, context: ReportContext): TlsReport {
  const now = Date.now();
  const peers = chainOf(socket).map((peer) => new X509Certificate(peer.raw));
  const sentCount = context.handshake?.serverCertificates;
  const chain = peers.map((peer, depth) => describeCertificate(peer, now, sentCount === undefined ? undefined : depth < sentCount));
  const sent = sentCount === undefined ? peers : peers.slice(0, sentCount);
  const cipher = socket.getCipher();
  const ephemeral = socket.getEphemeralKeyInfo();
  const protocol = socket.getProtocol() ?? 'unknown';
  const group =
    ephemeral && 'size' in ephemeral && ephemeral.size
      ? { type: ephemeral.type ?? 'unknown', ...(ephemeral.name ? { name: ephemeral.name } : {}), size: ephemeral.size }
      : undefined;
  const authError = socket.authorized ? undefined : String(socket.authorizationError ?? 'UNKNOWN');
  const hostname = checkHostname(peers[0], context.checkedName, context.servername);
  const strength = strengthPart(chain, group);
  // OpenSSL 3 refuses a SHA-1 signature at its default level with no reason given ("unspecified").
  const blamed = authError === undefined ? undefined : authError === 'UNSPECIFIED' && !strength.ok ? 'strength' : describeVerifyCode(authError).part;
  const resumedBlind = socket.isSessionReused() && chain.length === 0;
  const parts = [
    chainPart(authError, blamed, sent, context.trustedCa),
    resumedBlind ? notChecked('dates') : datesPart(chain, now),
    resumedBlind ? notChecked('hostname') : hostnamePart(hostname, chain[0]),
    strength,
  ];
  const ocsp: OcspReport = context.ocspResponse?.length
    ? readOcsp(context.ocspResponse, peers[0], peers[1])
    : { stapled: false, requested: context.ocspRequested };
  const ticketLifetimeSeconds = context.handshake?.ticketLifetimeSeconds;
  return {
    protocol,
    cipher: { name: cipher.name, standardName: cipher.standardName },
    ...(group ? { group } : {}),
    ...(context.servername ? { servername: printable(context.servername) } : {}),
    ...(socket.alpnProtocol ? { alpn: printable(socket.alpnProtocol) } : {}),
    resumed: socket.isSessionReused(),
    resumption: { offered: context.resumptionOffered, ...(ticketLifetimeSeconds !== undefined ? { ticketLifetimeSeconds } : {}) },
    handshakeMs: context.handshakeMs,
    chain,
    verdict: buildVerdict(parts, hostname, blamed === 'strength'),
    ocsp,
    clientCertificate: clientCertificateFacts(context.handshake, context.clientCertificateConfigured),
    ...(context.handshake ? { handshake: context.handshake } : {}),
    securityLevelLowered: context.securityLevelLowered,
    warnings: warningsFor(protocol, context.securityLevelLowered, ocsp, context.warnings ?? []),
  };
}

/** One line for the transcript's `===` mark and the status badge. */
export function tlsSummary(report: TlsReport): string {
  const group = report.group ? ` · ${report.group.name ?? report.group.type}` : '';
  const verdict = report.verdict.trusted ? 'verified ✓' : `${report.verdict.label} ✗`;
  return `${report.protocol} · ${report.cipher.standardName}${group} · ${verdict}`;
}

/** `18 / DEPTH_ZERO_SELF_SIGNED_CERT` for a failed part, empty for one that passed. */
export function partCode(part: VerdictPart): string {
  return part.code ? verifyCodeText(part.code) : '';
}

/** The peer chain as PEM, leaf first, for `/export-chain FILE`. */
export function chainPem(report: TlsReport): string {
  return report.chain.map((cert) => cert.pem.trimEnd() + '\n').join('');
}
