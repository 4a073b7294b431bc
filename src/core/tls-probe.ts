/**
 * Which TLS versions a server accepts, and whose cipher order wins: one fresh connection per version, then two per
 * modern version offering AES-GCM first and ChaCha20 first (a third settles a tie). Connections go out in parallel,
 * each as the session would connect (STARTTLS or implicit TLS), so the answer takes seconds, not testssl's minutes.
 */
import type { SecureVersion } from 'node:tls';
import { SmtpConnection } from './connection.js';
import type { ConnectionOptions } from './connection.js';
import { SmtpError } from './errors.js';
import { hostPort } from './host-port.js';
import { printable } from './printable.js';
import type { Handshake } from './tls-handshake.js';
import type { TlsReport } from './tls-report.js';
import { TLS_VERSIONS } from './tls-settings.js';
import type { TlsSettings } from './tls-settings.js';
import type { TranscriptEntry } from './transcript.js';

export interface ProbeOptions {
  /** As the session connects; the probe replaces versions and ciphers and never writes the key log. */
  connection: ConnectionOptions;
  /** The EHLO name before STARTTLS. */
  helo?: string;
  /** Connections at once: some servers limit how many one client may hold. */
  parallel?: number;
}

export interface VersionResult {
  version: SecureVersion;
  outcome: 'accepted' | 'refused' | 'untested';
  /** IANA name of the suite the server chose. */
  suite?: string;
  group?: string;
  /** Why it was refused or could not be tried. */
  reason?: string;
  ms: number;
}

export type OrderVerdict = 'server order' | 'client order' | 'one family only' | 'unclear' | 'untested';

export interface OrderResult {
  version: 'TLSv1.2' | 'TLSv1.3';
  aesFirst?: string;
  chachaFirst?: string;
  verdict: OrderVerdict;
  /** One sentence, for the probe's line. */
  conclusion: string;
}

export interface ProbeResult {
  target: string;
  starttls: boolean;
  versions: VersionResult[];
  order: OrderResult[];
  ms: number;
  /** Set when no version could even be tried; `connected` tells a refused STARTTLS from no connection at all. */
  failure?: { reason: string; connected: boolean };
}

const DEFAULT_PARALLEL = 4;
const DEFAULT_HELO = 'localhost';
/** A probe that waits a minute per silent server is no longer quick; the session's own --timeout still wins. */
const PROBE_TIMEOUTS = { connect: 10_000, greeting: 15_000, command: 15_000, tlsHandshake: 10_000 };

const AES_GCM_12 = ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'];
const CHACHA_12 = ['ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305'];
// Node hands names starting with TLS_ to OpenSSL's TLS 1.3 list, in the order given; with no TLS 1.2 name, only 1.3 is on.
const AES_GCM_13 = ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256'];
const CHACHA_13 = ['TLS_CHACHA20_POLY1305_SHA256'];

const FAMILIES = {
  'TLSv1.2': { aes: AES_GCM_12, chacha: CHACHA_12 },
  'TLSv1.3': { aes: AES_GCM_13, chacha: CHACHA_13 },
} as const;

const isChaCha = (suite: string | undefined): boolean => suite !== undefined && suite.includes('CHACHA20');

type Attempt =
  | { kind: 'tls'; report: TlsReport }
  | { kind: 'refused'; reason: string }
  | { kind: 'untested'; reason: string; connected: boolean };

/** The refusal in a few words: the server's alert, the version it answered with, or what the error said. */
function refusal(error: SmtpError, handshake: Handshake | undefined, tried: TlsSettings): string {
  const alert = handshake?.alerts.find((a) => a.from === 'server');
  if (alert) return `alert ${alert.description}`;
  const chosen = handshake?.chosen;
  if (chosen && tried.minVersion && chosen.version !== tried.minVersion) return `server chose ${chosen.version}`;
  return printable(error.message.replace(/^TLS failed: /, ''));
}

async function attempt(options: ProbeOptions, tried: TlsSettings): Promise<Attempt> {
  const base = options.connection;
  const { keylogFile: _keylog, ...settings } = base.tls ?? {};
  const connection = new SmtpConnection({
    host: base.host,
    port: base.port,
    ...(base.family ? { family: base.family } : {}),
    tlsOnConnect: base.tlsOnConnect === true,
    tls: { ...settings, ...tried, strict: false },
    timeouts: { ...PROBE_TIMEOUTS, ...base.timeouts },
  });
  try {
    const greeting = await connection.open();
    if (!base.tlsOnConnect) {
      if (greeting.code !== 220) return { kind: 'untested', reason: `the greeting was ${greeting.code || 'malformed'}`, connected: true };
      await connection.submit(`EHLO ${options.helo ?? DEFAULT_HELO}`);
      const reply = await connection.submit('STARTTLS');
      if (!connection.tls) return { kind: 'untested', reason: `STARTTLS was answered ${reply?.code ?? 'with nothing'}`, connected: true };
    }
    const report = connection.tlsReport!;
    await connection.submit('QUIT').catch(() => undefined);
    return { kind: 'tls', report };
  } catch (error) {
    if (!(error instanceof SmtpError)) throw error;
    if (error.kind === 'tls') {
      const handshake = connection.tlsHandshake;
      // No ClientHello went out: this side had nothing to offer for the version (the cipher list given, say).
      if (!handshake?.offered) return { kind: 'untested', reason: printable(error.message.replace(/^TLS failed: /, '')), connected: true };
      return { kind: 'refused', reason: refusal(error, handshake, tried) };
    }
    return { kind: 'untested', reason: printable(error.message), connected: error.kind !== 'connection' && error.kind !== 'timeout' };
  } finally {
    connection.close();
  }
}

/** Runs the tasks with at most `limit` at once, keeping their order in the results. */
async function pooled<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

function groupOf(report: TlsReport): string | undefined {
  if (!report.group) return undefined;
  return report.group.name ?? `${report.group.type} ${report.group.size} bits`;
}

async function versionResult(options: ProbeOptions, version: SecureVersion): Promise<{ result: VersionResult; attempt: Attempt }> {
  const started = Date.now();
  const outcome = await attempt(options, { minVersion: version, maxVersion: version });
  const ms = Date.now() - started;
  if (outcome.kind !== 'tls') return { result: { version, outcome: outcome.kind, reason: outcome.reason, ms }, attempt: outcome };
  const group = groupOf(outcome.report);
  return { result: { version, outcome: 'accepted', suite: outcome.report.cipher.standardName, ...(group ? { group } : {}), ms }, attempt: outcome };
}

async function chosenSuite(options: ProbeOptions, version: 'TLSv1.2' | 'TLSv1.3', ciphers: readonly string[]): Promise<string | undefined> {
  const outcome = await attempt(options, { minVersion: version, maxVersion: version, ciphers: ciphers.join(':') });
  return outcome.kind === 'tls' ? outcome.report.cipher.standardName : undefined;
}

const family = (suite: string): string => (isChaCha(suite) ? 'ChaCha20-Poly1305' : 'AES-GCM');

async function orderResult(options: ProbeOptions, version: 'TLSv1.2' | 'TLSv1.3'): Promise<OrderResult> {
  const { aes, chacha } = FAMILIES[version];
  const [aesFirst, chachaFirst] = await Promise.all([
    chosenSuite(options, version, [...aes, ...chacha]),
    chosenSuite(options, version, [...chacha, ...aes]),
  ]);
  const seen = { version, ...(aesFirst ? { aesFirst } : {}), ...(chachaFirst ? { chachaFirst } : {}) };
  if (!aesFirst || !chachaFirst) {
    return { ...seen, verdict: 'untested', conclusion: 'neither AES-GCM nor ChaCha20 suites were accepted in one of the tries' };
  }
  if (isChaCha(aesFirst) !== isChaCha(chachaFirst)) {
    return isChaCha(chachaFirst)
      ? { ...seen, verdict: 'client order', conclusion: "the server follows the client's order" }
      : { ...seen, verdict: 'unclear', conclusion: 'the server chose the family the client listed last, both times' };
  }
  // Both tries landed on one family: either the server insists on it, or it has no suite of the other.
  const other = isChaCha(aesFirst) ? aes : chacha;
  const alone = await chosenSuite(options, version, other);
  if (!alone) return { ...seen, verdict: 'one family only', conclusion: `the server only accepts ${family(aesFirst)} suites here` };
  return { ...seen, verdict: 'server order', conclusion: `the server enforces its own order and prefers ${family(aesFirst)}` };
}

export async function probeTls(options: ProbeOptions): Promise<ProbeResult> {
  const started = Date.now();
  const limit = options.parallel ?? DEFAULT_PARALLEL;
  const tries = await pooled(TLS_VERSIONS.map((version) => () => versionResult(options, version)), limit);
  const versions = tries.map((t) => t.result);
  const modern = versions.filter((v) => v.outcome === 'accepted' && (v.version === 'TLSv1.2' || v.version === 'TLSv1.3'));
  const order = await pooled(modern.map((v) => () => orderResult(options, v.version as 'TLSv1.2' | 'TLSv1.3')), Math.max(1, Math.floor(limit / 2)));
  const { host, port } = options.connection;
  const first = tries[0]?.attempt;
  const untested = first?.kind === 'untested' && tries.every((t) => t.attempt.kind === 'untested') ? first : undefined;
  return {
    target: hostPort(printable(host), port),
    starttls: options.connection.tlsOnConnect !== true,
    versions,
    order,
    ms: Date.now() - started,
    ...(untested ? { failure: { reason: untested.reason, connected: untested.connected } } : {}),
  };
}

/** One line per version, then one per cipher-order check: what `/probe tls` and `--probe-tls` print. */
export function formatProbe(result: ProbeResult): string[] {
  return probeLines(result).map((line) => line.text);
}

/** The probe's lines in a transcript: `===` information, and `***` when no connection got as far as TLS. */
export function probeEntries(result: ProbeResult, at = Date.now()): TranscriptEntry[] {
  return probeLines(result).map(({ text, failed }) => (failed ? { at, mark: '***', kind: 'error', text, tls: false } : { at, mark: '===', kind: 'info', text, tls: false }));
}

function probeLines(result: ProbeResult): Array<{ text: string; failed?: true }> {
  const how = result.starttls ? 'STARTTLS' : 'implicit TLS';
  const head = `TLS probe of ${result.target} (${how}), ${result.ms} ms`;
  if (result.failure) return [{ text: head }, { text: `probe failed: ${result.failure.reason}`, failed: true }];
  const versions = result.versions.map((v) => {
    const name = v.version.padEnd(7);
    if (v.outcome === 'accepted') return `${name} accepted ${v.suite}${v.group ? ` (${v.group})` : ''}`;
    return `${name} ${v.outcome === 'refused' ? 'refused' : 'not tried'} (${v.reason})`;
  });
  const order = result.order.map((o) => {
    const tries = o.aesFirst && o.chachaFirst ? `AES-GCM first → ${o.aesFirst}, ChaCha20 first → ${o.chachaFirst}: ` : '';
    return `${o.version} cipher order: ${tries}${o.conclusion}`;
  });
  return [head, ...versions, ...order].map((text) => ({ text }));
}
