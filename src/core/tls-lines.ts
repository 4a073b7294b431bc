/**
 * A TlsReport in words: a few lines for the transcript and script mode, and the longer views (verdict parts,
 * handshake timeline) the TLS pane shows. Report fields are escaped already; `printable` here only makes sure.
 */
import { printable } from './printable.js';
import type { Handshake, HandshakeStep } from './tls-handshake.js';
import type { TlsReport, Verdict, VerdictPart } from './tls-report.js';
import { tlsSummary } from './tls-report.js';
import { partCode } from './tls-verdict.js';

export interface TlsLine {
  text: string;
  /** A warning: shown with the error mark. */
  problem?: boolean;
}

function partMark(part: VerdictPart): string {
  if (!part.ok) return '✗';
  return part.checked === false ? '–' : '✓';
}

/**
 * `chain ✗ self-signed · dates ✓ 29 days left · …` (– for a part not checked), then per failing part
 * `chain (18 / DEPTH_ZERO_SELF_SIGNED_CERT): what was found. Fix: what to do on the server.`
 */
export function verdictLines(verdict: Verdict): string[] {
  const failing = verdict.parts.filter((part) => !part.ok);
  return [
    verdict.parts.map((part) => `${part.part} ${partMark(part)} ${printable(part.label)}`).join(' · '),
    ...failing.map((part) => {
      const code = partCode(part);
      return `${part.part}${code ? ` (${code})` : ''}: ${printable(part.detail)}${part.fix ? `. Fix: ${part.fix}` : ''}`;
    }),
  ];
}

function negotiation(handshake: Handshake): string | undefined {
  const { offered, chosen, retry } = handshake;
  if (!offered || !chosen) return undefined;
  const signed = chosen.signatureScheme ? `, signed with ${chosen.signatureScheme}` : '';
  const group = chosen.group ?? (chosen.dhBits !== undefined ? `DH ${chosen.dhBits} bits` : undefined);
  const hrr = retry ? ` after a HelloRetryRequest for ${retry.group ?? 'another group'}` : '';
  return (
    `offered ${offered.versions.join(', ')} with ${offered.suites.length} suites; ` +
    `chosen ${chosen.version} ${chosen.suite}${group ? ` with ${group}` : ''}${signed}${hrr}`
  );
}

function clientCertificateLine(report: TlsReport): string | undefined {
  const facts = report.clientCertificate;
  if (facts.requested !== true) return undefined;
  const cas = facts.caNames.length > 0 ? ` from ${facts.caNames.map((n) => printable(n)).join('; ')}` : ' (any CA)';
  const answer = facts.sent === true ? 'one was sent' : facts.configured ? 'the one configured was not sent' : 'none was sent (--cert, --key)';
  return `the server asked for a client certificate${cas}: ${answer}`;
}

function ocspLine(report: TlsReport): string | undefined {
  const ocsp = report.ocsp;
  if (!ocsp.stapled) return undefined;
  if (!ocsp.certStatus) return `OCSP staple: the responder said ${ocsp.responseStatus}`;
  const until = ocsp.nextUpdate ? `, next update ${ocsp.nextUpdate}` : '';
  return `OCSP staple: ${ocsp.certStatus} (this update ${ocsp.thisUpdate ?? '?'}${until}; signature: ${ocsp.signature})`;
}

/** The few `===` lines script mode prints; the rest is for --json and the TLS pane. */
export function tlsTranscriptLines(report: TlsReport): TlsLine[] {
  const leaf = report.chain[0];
  const [parts, ...failing] = verdictLines(report.verdict);
  const handshake = report.handshake ? negotiation(report.handshake) : undefined;
  const resumption = report.resumption.offered ? (report.resumed ? 'the previous session was resumed' : 'the previous session was offered but not resumed') : undefined;
  const optional = [handshake, clientCertificateLine(report), ocspLine(report), resumption].filter((line): line is string => line !== undefined);
  return [
    { text: `TLS started: ${tlsSummary(report)}` },
    ...optional.map((text) => ({ text })),
    { text: `certificate ${leaf ? `${printable(leaf.subject)}: ` : ''}${parts}` },
    ...failing.map((text) => ({ text })),
    ...report.warnings.map((text) => ({ text: printable(text), problem: true })),
  ];
}

function stepLine(step: HandshakeStep): string {
  const arrow = step.from === 'client' ? 'client → server' : 'server → client';
  const seen = step.seen === 'clear' ? '' : ` [${step.seen}]`;
  const detail = step.detail ? `  ${printable(step.detail)}` : '';
  return `${`+${step.at} ms`.padStart(8)}  ${arrow}  ${step.name}${seen}${detail}`;
}

/** The handshake message by message, for the TLS pane. */
export function timelineLines(handshake: Handshake): string[] {
  const lines = handshake.steps.map(stepLine);
  if (handshake.hidden) lines.push('(TLS 1.3 handshake records stayed encrypted: no key log secrets to read them)');
  if (handshake.stopped) lines.push(`(${printable(handshake.stopped)})`);
  return lines;
}
