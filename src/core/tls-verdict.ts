/**
 * The verdict on a peer's certificate, part by part (chain, dates, hostname, strength), each failure in Node's and
 * OpenSSL's words with a fix, and the one reason that decides trust.
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { printable } from './printable.js';
import { DAY_MS, certificateDay } from './tls-certificate-info.js';
import type { CertificateInfo } from './tls-certificate-info.js';
import { chainPart } from './tls-chain-part.js';
import type { KeyExchangeGroup } from './tls-negotiated.js';
import { strengthPart } from './tls-strength.js';
import { codedPart, describeVerifyCode, verifyCodeText } from './verify-codes.js';
import type { VerdictPartName } from './verify-codes.js';

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
  /** False for a part this connection could not check (a resumed session brings no certificate): not a pass. */
  checked?: false;
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
  /** Chain verified to a trusted root, dates valid, the name matches, and no key or signature too weak. */
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

/** What the verdict is drawn from: how the handshake went and the peer's chain, as sent and as described. */
export interface VerdictFacts {
  /** Node's `authorizationError`; undefined when the chain was authorized. */
  authorizationError: string | undefined;
  leaf: X509Certificate | undefined;
  /** The certificates the server itself sent, leaf first. */
  sent: X509Certificate[];
  chain: CertificateInfo[];
  group: KeyExchangeGroup | undefined;
  /** A resumed session brought no certificate to look at. */
  resumedBlind: boolean;
  checkedName: string;
  servername: string | undefined;
  trustedCa: string | undefined;
  now: number;
}

const HOUR_MS = 3_600_000;
const SOON_DAYS = 14;
/** Within this distance of a validity boundary, a wrong clock is the likelier explanation. */
const SKEW_HINT_MS = 2 * DAY_MS;

function checkHostname(leaf: X509Certificate | undefined, name: string, servername: string | undefined): HostnameCheck {
  const ok = leaf !== undefined && (isIP(name) ? leaf.checkIP(name) !== undefined : leaf.checkHost(name) !== undefined);
  return { checked: printable(name), ok, ...(servername ? { servername: printable(servername) } : {}) };
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
      return codedPart('dates', 'CERT_NOT_YET_VALID', 'not yet valid', `${where} becomes valid on ${certificateDay(cert.validFrom)}, in ${span(from - now)}${skewHint(from - now)}`);
    }
    if (to < now) {
      return codedPart('dates', 'CERT_HAS_EXPIRED', 'expired', `${where} expired ${span(now - to)} ago, on ${certificateDay(cert.validTo)}${skewHint(now - to)}`);
    }
  }
  const leaf = chain[0];
  if (!leaf) return { part: 'dates', ok: false, label: 'no certificate', detail: 'the server sent no certificate' };
  const soon = leaf.daysLeft < SOON_DAYS ? ' — renew soon' : '';
  return { part: 'dates', ok: true, label: `${leaf.daysLeft} days left`, detail: `valid from ${certificateDay(leaf.validFrom)} until ${certificateDay(leaf.validTo)}${soon}` };
}

/**
 * A resumed session brings no certificate: its dates and names were checked when the session began, and OpenSSL's
 * stored chain verdict still speaks for the chain, so these parts are neither passed nor failed here.
 */
function notChecked(part: 'dates' | 'hostname' | 'strength'): VerdictPart {
  return { part, ok: true, checked: false, label: 'not checked (resumed)', detail: 'a resumed session sends no certificate: this was checked when the session began' };
}

function hostnamePart(check: HostnameCheck, leaf: CertificateInfo | undefined): VerdictPart {
  const sni = check.servername ? `SNI ${check.servername} sent` : 'no SNI sent';
  const names = leaf?.altNames.length ? leaf.altNames.join(', ') : leaf ? `no subjectAltName; subject ${leaf.subject}` : 'no certificate';
  if (check.ok) return { part: 'hostname', ok: true, label: check.checked, detail: `${check.checked} matches (${sni}; the certificate names ${names})` };
  return codedPart('hostname', 'ERR_TLS_CERT_ALTNAME_INVALID', undefined, `${check.checked} is not among the names the certificate lists: ${names} (${sni})`);
}

/**
 * A weak key or signature in the certificates (a strength part with a verify code) fails verification, as it does
 * for OpenSSL at security level 2, though Node's OpenSSL, at level 1, takes RSA-1024. A small DH group alone is
 * reported, not held against the certificate, unless OpenSSL itself refused the chain (`strengthRefused`).
 */
export function buildVerdict(parts: VerdictPart[], hostname: HostnameCheck, strengthRefused = false): Verdict {
  const failures = parts.filter((part) => !part.ok && (part.part !== 'strength' || part.code !== undefined || strengthRefused));
  const failing = failures[0];
  if (!failing) {
    const reason = parts.some((part) => part.checked === false)
      ? 'the resumed session was verified when it began: its chain led to a trusted root; its dates and host name were checked then, not on this connection, which brought no certificate'
      : 'the chain leads to a trusted root, the dates are valid and it names the host';
    return { trusted: true, label: 'verified', reason, hostname, parts };
  }
  return {
    trusted: false,
    // The badge says what failed ("key too weak"); the part keeps what was found ("RSA 1024 bits"). Every failure is
    // named: an expired self-signed certificate is "self-signed, expired", not only the first of the two.
    label: failures.map((part) => (part.code ? describeVerifyCode(part.code).label : part.label)).join(', '),
    ...(failing.code ? { code: failing.code, openssl: failing.openssl! } : {}),
    reason: failing.detail,
    ...(failing.fix ? { fix: failing.fix } : {}),
    hostname,
    parts,
  };
}

export function judge(facts: VerdictFacts): Verdict {
  const authError = facts.authorizationError;
  const hostname = checkHostname(facts.leaf, facts.checkedName, facts.servername);
  const strength = strengthPart(facts.chain, facts.group);
  // OpenSSL 3 refuses a SHA-1 signature at its default level with no reason given ("unspecified").
  const blamed = authError === undefined ? undefined : authError === 'UNSPECIFIED' && !strength.ok ? 'strength' : describeVerifyCode(authError).part;
  const parts = [
    chainPart(authError, blamed, facts.sent, facts.trustedCa),
    facts.resumedBlind ? notChecked('dates') : datesPart(facts.chain, facts.now),
    facts.resumedBlind ? notChecked('hostname') : hostnamePart(hostname, facts.chain[0]),
    // Without certificates only the key exchange can be judged: a weak one still shows, else nothing was checked.
    facts.resumedBlind && strength.ok ? notChecked('strength') : strength,
  ];
  return buildVerdict(parts, hostname, blamed === 'strength');
}

/** `18 / DEPTH_ZERO_SELF_SIGNED_CERT` for a failed part, empty for one that passed. */
export function partCode(part: VerdictPart): string {
  return part.code ? verifyCodeText(part.code) : '';
}
