/**
 * The TLS pane's content as lines: before TLS, plainly that nothing is encrypted (once the connection is closed,
 * that and why: tls-link.ts); after, what was negotiated, the certificate verdict first with its reason, warnings,
 * the EHLO capabilities with what STARTTLS changed, and the handshake message by message. The core escapes what
 * came from the peer; `printable` here makes sure, and it is idempotent.
 */
import type { Capabilities } from '../core/ehlo.js';
import { describeChanges, diffCapabilities } from '../core/ehlo.js';
import { printable } from '../core/printable.js';
import { thousands } from '../core/thousands.js';
import { timelineLines, verdictLines } from '../core/tls-lines.js';
import { isStaticRsa } from '../core/tls-negotiated.js';
import { certificateDay, tlsaRecord } from '../core/tls-certificate-info.js';
import type { CertificateInfo, TlsReport } from '../core/tls-report.js';
import { truncate, wrapWords } from './text-width.js';
import type { UiTone } from './theme.js';
import { ended, OPEN_LINK, withoutTls } from './tls-link.js';
import type { TlsLink } from './tls-link.js';

export interface PaneLine {
  text: string;
  tone?: UiTone;
  heading?: boolean;
  /** Continuation rows are indented this much more than the line's own leading spaces; 2 when absent. */
  indent?: number;
}

function heading(text: string): PaneLine {
  return { text, heading: true };
}

function field(name: string, value: string, tone?: UiTone): PaneLine {
  return { text: `  ${name}: ${value}`, ...(tone ? { tone } : {}) };
}

/** Static RSA negotiates no group: the pane says what it does instead, and what that costs. */
function keyExchange(report: TlsReport): PaneLine {
  if (report.group) return field('key exchange', `${printable(report.group.name ?? report.group.type)} (${report.group.size} bits)`);
  if (isStaticRsa(report.cipher.standardName || report.cipher.name)) return field('key exchange', 'RSA key transport: no forward secrecy', 'warning');
  return field('key exchange', 'not reported');
}

function negotiated(report: TlsReport): PaneLine[] {
  const { offered, chosen } = report.handshake ?? {};
  const resumption = report.resumption.offered ? (report.resumed ? 'resumed the previous session' : 'offered, not resumed') : 'none offered';
  const lines = [
    heading('Negotiated'),
    field('version', printable(report.protocol), report.protocol === 'TLSv1' || report.protocol === 'TLSv1.1' ? 'warning' : 'secure'),
    field('cipher', printable(report.cipher.standardName || report.cipher.name)),
    keyExchange(report),
  ];
  if (chosen?.signatureScheme) lines.push(field('server signature', printable(chosen.signatureScheme)));
  if (offered) lines.push(field('we offered', `${offered.versions.map(printable).join(', ')} · ${offered.suites.length} suites · ${offered.groups.length} groups`));
  lines.push(
    field('SNI sent', report.servername ? printable(report.servername) : 'none'),
    field('ALPN', report.alpn ? printable(report.alpn) : 'none'),
    field('handshake', `${report.handshakeMs} ms`),
    field('resumption', resumption),
  );
  if (report.ocsp.stapled) lines.push(field('OCSP staple', printable(report.ocsp.certStatus ?? report.ocsp.responseStatus), report.ocsp.certStatus === 'good' ? 'secure' : 'warning'));
  if (report.clientCertificate.requested) {
    lines.push(field('client certificate', `requested; ${report.clientCertificate.sent ? 'one was sent' : 'none was sent (--cert, --key)'}`, 'warning'));
  }
  return lines;
}

function certificateLines(cert: CertificateInfo, depth: number): PaneLine[] {
  const key = `${cert.keyType}${cert.keyBits ? ` ${cert.keyBits} bits` : ''}${cert.curve ? ` ${cert.curve}` : ''}`;
  const days = cert.daysLeft < 0 ? `expired ${-cert.daysLeft} days ago` : `${cert.daysLeft} days left`;
  const from = certificateDay(cert.validFrom);
  const lines: PaneLine[] = [
    { text: `  [${depth}] ${printable(cert.subject)}${cert.sent === false ? ' (from the local trust store)' : ''}` },
    field('  issuer', cert.selfSigned ? 'itself (self-signed)' : printable(cert.issuer)),
    cert.notYetValid ? field('  valid from', `${from} (not yet valid)`, 'insecure') : field('  valid from', from),
    field('  valid until', `${certificateDay(cert.validTo)} (${days})`, cert.daysLeft < 0 ? 'insecure' : undefined),
    field('  key', printable(key)),
  ];
  if (cert.signatureAlgorithm) lines.push(field('  signature', printable(cert.signatureAlgorithm)));
  if (cert.altNames.length > 0) lines.push(field('  names', printable(cert.altNames.join(', '))));
  lines.push(field('  SHA-256 fingerprint', printable(cert.fingerprint256)), field('  pin-sha256', printable(cert.pinSha256)));
  // DANE-EE pins the server's own key: a record for a CA's key would need usage 2, and is seldom what admins want.
  if (depth === 0) lines.push(field('  DANE TLSA', tlsaRecord(cert)));
  return lines;
}

/** The verdict first, in words: its label and code, every part (chain, dates, host name, strength), what failed and the fix. */
function certificate(report: TlsReport): PaneLine[] {
  const { verdict } = report;
  const [parts = '', ...failing] = verdictLines(verdict);
  const code = verdict.code ? ` (${verdict.openssl ?? '?'} / ${printable(verdict.code)})` : '';
  // A resumed session skips the certificate: the parts that need one cannot be checked on this connection.
  const resumed: PaneLine[] =
    report.resumed && report.chain.length === 0
      ? [{ text: '  resumed session: the server sent no certificate this time, so the parts that need one say so (/connect to the same HOST:PORT starts afresh)', tone: 'warning' }]
      : [];
  return [
    heading('Certificate'),
    ...resumed,
    { text: `  ${verdict.trusted ? '✓ verified' : `✗ ${printable(verdict.label)}${code}`}`, tone: verdict.trusted ? 'secure' : 'insecure' },
    ...(verdict.trusted ? [{ text: `  ${printable(verdict.reason)}` }] : failing.map((text): PaneLine => ({ text: `  ${text}` }))),
    { text: `  ${parts}`, tone: 'muted' },
  ];
}

function chain(report: TlsReport): PaneLine[] {
  if (report.chain.length === 0) return [heading('Chain'), { text: '  the server sent no certificate', tone: 'insecure' }];
  return [heading(`Chain (${report.chain.length})`), ...report.chain.flatMap((cert, depth) => certificateLines(cert, depth))];
}

function timeline(report: TlsReport): PaneLine[] {
  if (!report.handshake) return [];
  const alerts = report.handshake.alerts.map((alert): PaneLine => ({ text: `  alert from the ${alert.from}: ${alert.level} ${printable(alert.description)}`, tone: 'problem' }));
  return [heading('Handshake'), ...alerts, ...timelineLines(report.handshake).map((text): PaneLine => ({ text: `  ${text.trimStart()}`, tone: 'muted' }))];
}

/** A list for reading, not evidence: a hostile EHLO of a thousand 8 KiB lines is shown in part (the transcript keeps it). */
const MAX_KEYWORDS_SHOWN = 60;
const MAX_KEYWORD_CELLS = 120;

function keywordLines(caps: Capabilities): PaneLine[] {
  const shown = caps.list.slice(0, MAX_KEYWORDS_SHOWN).map((cap) => truncate(printable(cap.asReceived), MAX_KEYWORD_CELLS));
  const more = caps.list.length - shown.length;
  const rest = more > 0 ? [`… ${thousands(more)} more (the transcript has them all)`] : [];
  const keywords = [...shown, ...rest];
  return [
    { text: `  ${keywords.length > 0 ? keywords.join(' · ') : 'none (HELO-only server?)'}` },
    ...caps.problems.slice(0, MAX_KEYWORDS_SHOWN).map((problem): PaneLine => ({ text: `  ${truncate(printable(problem), MAX_KEYWORD_CELLS)}`, tone: 'warning' })),
  ];
}

/**
 * What STARTTLS changed, then both lists, marked: the one before TLS kept only for the comparison, so it shows once
 * there is something to compare it with (the EHLO over TLS).
 */
function capabilityLines(caps: Capabilities | undefined, preTls: Capabilities | undefined, secure: boolean, open: boolean): PaneLine[] {
  const before = (list: Capabilities): PaneLine[] => [heading('Capabilities before TLS (plaintext, untrusted)'), ...keywordLines(list)];
  const current = heading(secure ? 'Capabilities after TLS' : 'Capabilities (plaintext, untrusted)');
  if (!caps) {
    if (!preTls) return [];
    // Closed before the EHLO over TLS: the list from before is all there is, and asking for EHLO would be wrong.
    if (!open) return before(preTls);
    return [current, { text: '  send EHLO again: what was said before TLS no longer counts', tone: 'warning' }];
  }
  if (!preTls) return [current, ...keywordLines(caps)];
  const changes = describeChanges(diffCapabilities(preTls, caps));
  return [
    heading('What STARTTLS changed'),
    ...(changes.length === 0 ? [{ text: '  nothing' }] : []),
    ...changes.map((change): PaneLine => ({ text: `  ${printable(change)}`, tone: change.includes('forbids') ? 'warning' : 'accent' })),
    ...before(preTls),
    current,
    ...keywordLines(caps),
  ];
}

/** `link`: where the connection stands (tls-link.ts); open when absent. */
export function tlsPaneLines(report: TlsReport | undefined, caps: Capabilities | undefined, preTls: Capabilities | undefined, link: TlsLink = OPEN_LINK): PaneLine[] {
  const open = !link.closed;
  // During the handshake nothing said before it counts, and nothing after it has come yet.
  if (!report) return [...withoutTls(caps, link), ...(link.handshake && open ? [] : capabilityLines(caps, preTls, false, open))];
  const warnings = report.warnings.map((warning): PaneLine => ({ text: `  ${printable(warning)}`, tone: 'warning' }));
  const head: PaneLine[] = open
    ? [{ text: `ENCRYPTED — ${printable(report.protocol)}`, tone: 'secure', heading: true }]
    : [{ text: `CLOSED — it was encrypted with ${printable(report.protocol)}`, tone: 'muted', heading: true }, ...ended(link)];
  return [
    ...head,
    ...negotiated(report),
    ...certificate(report),
    ...(warnings.length > 0 ? [heading('Warnings'), ...warnings] : []),
    ...capabilityLines(caps, preTls, true, open),
    ...chain(report),
    ...timeline(report),
  ];
}

/** Lines → rows of the pane's width; continuation rows keep the line's tone, indented under its text. */
export function wrapPaneLines(lines: readonly PaneLine[], width: number): PaneLine[] {
  return lines.flatMap((line) => wrapWords(line.text, width, line.indent ?? 2).map((text) => ({ ...line, text })));
}
