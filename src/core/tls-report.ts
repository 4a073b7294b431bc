/**
 * What a finished handshake negotiated and what the peer's certificate chain is worth, as plain data. Every text
 * field that came from the peer (names, subjects, alert words) is escaped by `printable` before it lands here.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { printable } from './printable.js';
import { chainOf, describeCertificate } from './tls-certificate-info.js';
import type { CertificateInfo } from './tls-certificate-info.js';
import type { Handshake } from './tls-handshake.js';
import { clientCertificateFacts, isStaticRsa, keyExchangeGroup } from './tls-negotiated.js';
import type { ClientCertificateFacts, KeyExchangeGroup } from './tls-negotiated.js';
import { readOcsp } from './tls-ocsp.js';
import type { OcspReport } from './tls-ocsp.js';
import { judge } from './tls-verdict.js';
import type { Verdict } from './tls-verdict.js';

export type { CertificateInfo } from './tls-certificate-info.js';
export type { Verdict, VerdictPart } from './tls-verdict.js';

export interface TlsReport {
  protocol: string;
  cipher: { name: string; standardName: string; bits?: number };
  group?: KeyExchangeGroup;
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

/** RFC 8996 retired TLS 1.0 and 1.1: said of a session that negotiated one, and of a TLS probe that found one accepted. */
export function deprecationWarning(protocol: string): string | undefined {
  return protocol === 'TLSv1' || protocol === 'TLSv1.1' ? `${protocol} is deprecated (RFC 8996)` : undefined;
}

function warningsFor(protocol: string, suite: string, lowered: boolean, ocsp: OcspReport, extra: string[]): string[] {
  const warnings: string[] = [];
  if (lowered) warnings.push('OpenSSL security level lowered to 0 (--tls-min below TLSv1.2): weak settings accepted');
  const deprecated = deprecationWarning(protocol);
  if (deprecated) warnings.push(deprecated);
  if (isStaticRsa(suite)) {
    warnings.push(`${suite} is RSA key transport: no forward secrecy, whoever gets the server's key can decrypt recorded sessions (RFC 9325 §4.1)`);
  }
  if (ocsp.stapled && ocsp.certStatus === 'revoked') warnings.push(`the stapled OCSP response says the certificate is REVOKED${ocsp.revokedAt ? ` since ${ocsp.revokedAt}` : ''}`);
  return [...warnings, ...extra];
}

export function buildTlsReport(socket: TLSSocket, context: ReportContext): TlsReport {
  const now = Date.now();
  const peers = chainOf(socket).map((peer) => new X509Certificate(peer.raw));
  const sentCount = context.handshake?.serverCertificates;
  const chain = peers.map((peer, depth) => describeCertificate(peer, now, sentCount === undefined ? undefined : depth < sentCount));
  const sent = sentCount === undefined ? peers : peers.slice(0, sentCount);
  const cipher = socket.getCipher();
  const group = keyExchangeGroup(socket);
  const protocol = socket.getProtocol() ?? 'unknown';
  const verdict = judge({
    authorizationError: socket.authorized ? undefined : String(socket.authorizationError ?? 'UNKNOWN'),
    leaf: peers[0],
    sent,
    chain,
    group,
    resumedBlind: socket.isSessionReused() && chain.length === 0,
    checkedName: context.checkedName,
    servername: context.servername,
    trustedCa: context.trustedCa,
    now,
  });
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
    verdict,
    ocsp,
    clientCertificate: clientCertificateFacts(context.handshake, context.clientCertificateConfigured),
    ...(context.handshake ? { handshake: context.handshake } : {}),
    securityLevelLowered: context.securityLevelLowered,
    warnings: warningsFor(protocol, cipher.standardName || cipher.name, context.securityLevelLowered, ocsp, context.warnings ?? []),
  };
}

/** One line for the transcript's `===` mark and the status badge. */
export function tlsSummary(report: TlsReport): string {
  const group = report.group ? ` · ${report.group.name ?? report.group.type}` : '';
  const verdict = report.verdict.trusted ? 'verified ✓' : `${report.verdict.label} ✗`;
  return `${report.protocol} · ${report.cipher.standardName}${group} · ${verdict}`;
}

/** The peer chain as PEM, leaf first, for `/export-chain FILE`. */
export function chainPem(report: TlsReport): string {
  return report.chain.map((cert) => cert.pem.trimEnd() + '\n').join('');
}
