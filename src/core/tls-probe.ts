/**
 * Which TLS versions a server accepts, and whose cipher order wins: one fresh connection per version, then three or
 * four per modern version (tls-probe-order.ts). Connections go out in parallel, each as the session would connect
 * (STARTTLS or implicit TLS), so the answer takes seconds, not testssl's minutes.
 */
import type { SecureVersion } from 'node:tls';
import { SmtpConnection } from './connection.js';
import type { ConnectionOptions } from './connection.js';
import { SmtpError, TLS_HANDSHAKE_TIMEOUT } from './errors.js';
import { hostPort } from './host-port.js';
import { printable } from './printable.js';
import { isPositive } from './reply.js';
import type { Handshake } from './tls-handshake.js';
import { orderLine, orderResult } from './tls-probe-order.js';
import type { OrderResult, OrderVersion } from './tls-probe-order.js';
import { deprecationWarning } from './tls-report.js';
import type { TlsReport } from './tls-report.js';
import { TLS_VERSIONS } from './tls-settings.js';
import type { TlsSettings } from './tls-settings.js';
import type { TranscriptEntry } from './transcript.js';

export type { OrderResult, OrderVerdict } from './tls-probe-order.js';

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
  /** Untested because the handshake never finished: no answer is not a refusal. */
  stalled?: true;
  /** Said of an accepted TLSv1 or TLSv1.1, in the session's words. */
  warning?: string;
  ms: number;
}

export interface ProbeResult {
  target: string;
  starttls: boolean;
  /**
   * False when an EHLO reply before STARTTLS did not list it (a middlebox may strip it): the probe sends STARTTLS
   * anyway, which a client following RFC 3207 never would. Absent with implicit TLS or when no EHLO was answered.
   */
  starttlsAdvertised?: boolean;
  versions: VersionResult[];
  order: OrderResult[];
  ms: number;
  /**
   * Set when no version could even be tried; `connected` tells a refused STARTTLS from no connection at all,
   * `notTls` a server that answered a ClientHello with something else (a plaintext port with --tls-on-connect),
   * and `stalled` one that let every handshake run out of time: the probe could not run, nothing was refused.
   */
  failure?: { reason: string; connected: boolean; notTls?: true; stalled?: true };
}

const DEFAULT_PARALLEL = 4;
const DEFAULT_HELO = 'localhost';
/** A probe that waits a minute per silent server is no longer quick; the session's own --timeout still wins (README). */
const PROBE_TIMEOUTS = { connect: 10_000, greeting: 15_000, command: 15_000, tlsHandshake: 10_000 };

type Outcome =
  | { kind: 'tls'; report: TlsReport }
  | { kind: 'refused'; reason: string }
  | { kind: 'not tls'; reason: string }
  | { kind: 'stalled'; reason: string }
  | { kind: 'untested'; reason: string; connected: boolean };

/** With STARTTLS, whether the EHLO reply before it listed STARTTLS; unknown until one was answered. */
type Attempt = Outcome & { starttlsAdvertised?: boolean };

const tlsFailure = (error: SmtpError): string => printable(error.message.replace(/^TLS failed: /, ''));

/** The server's first bytes after the ClientHello were no TLS record: nothing it said refuses a version. */
const answeredWithoutTls = (handshake: Handshake): boolean =>
  handshake.stopped !== undefined && handshake.alerts.length === 0 && !handshake.steps.some((step) => step.from === 'server');

/** The refusal in a few words: the server's alert, the version it answered with, or what the error said. */
function refusal(error: SmtpError, handshake: Handshake | undefined, tried: TlsSettings): string {
  const alert = handshake?.alerts.find((a) => a.from === 'server');
  if (alert) return `alert ${alert.description}`;
  const chosen = handshake?.chosen;
  if (chosen && tried.minVersion && chosen.version !== tried.minVersion) return `server chose ${chosen.version}`;
  return tlsFailure(error);
}

/** A handshake that ran out of time: the server may have said nothing at all, or stopped halfway. */
function stall(handshake: Handshake, seconds: number, starttls: boolean): string {
  if (handshake.steps.some((step) => step.from === 'server')) return `the TLS handshake did not finish within ${seconds} s`;
  return `the server sent nothing back to the ClientHello within ${seconds} s${starttls ? ' after its 220 to STARTTLS' : ''}`;
}

async function attempt(options: ProbeOptions, tried: TlsSettings): Promise<Attempt> {
  const base = options.connection;
  const { keylogFile: _keylog, ...settings } = base.tls ?? {};
  const timeouts = { ...PROBE_TIMEOUTS, ...base.timeouts };
  const connection = new SmtpConnection({
    host: base.host,
    port: base.port,
    ...(base.family ? { family: base.family } : {}),
    tlsOnConnect: base.tlsOnConnect === true,
    tls: { ...settings, ...tried, strict: false },
    timeouts,
  });
  let starttlsAdvertised: boolean | undefined;
  const outcome = async (): Promise<Outcome> => {
    const greeting = await connection.open();
    if (!base.tlsOnConnect) {
      if (greeting.code !== 220) return { kind: 'untested', reason: `the greeting was ${greeting.code || 'malformed'}`, connected: true };
      const ehlo = await connection.submit(`EHLO ${options.helo ?? DEFAULT_HELO}`);
      // A refused EHLO lists nothing: that is no offer stripped, so it is not said to be one.
      if (ehlo && isPositive(ehlo.code)) starttlsAdvertised = connection.capabilities?.starttls === true;
      const reply = await connection.submit('STARTTLS');
      if (!connection.tls) return { kind: 'untested', reason: `STARTTLS was answered ${reply?.code ?? 'with nothing'}`, connected: true };
    }
    const report = connection.tlsReport!;
    await connection.submit('QUIT').catch(() => undefined);
    return { kind: 'tls', report };
  };
  const advertised = (): { starttlsAdvertised?: boolean } => (starttlsAdvertised === undefined ? {} : { starttlsAdvertised });
  try {
    return { ...(await outcome()), ...advertised() };
  } catch (error) {
    if (!(error instanceof SmtpError)) throw error;
    return { ...failedAttempt(error, connection, tried, timeouts.tlsHandshake / 1000), ...advertised() };
  } finally {
    connection.close();
  }
}

function failedAttempt(error: SmtpError, connection: SmtpConnection, tried: TlsSettings, handshakeSeconds: number): Outcome {
  if (error.kind !== 'tls') return { kind: 'untested', reason: printable(error.message), connected: error.kind !== 'connection' && error.kind !== 'timeout' };
  const handshake = connection.tlsHandshake;
  // No ClientHello went out: this side had nothing to offer for the version (the cipher list given, say).
  if (!handshake?.offered) return { kind: 'untested', reason: tlsFailure(error), connected: true };
  // Silence until the deadline refuses nothing: the version is untested, not refused.
  if (error.code === TLS_HANDSHAKE_TIMEOUT) return { kind: 'stalled', reason: stall(handshake, handshakeSeconds, !connection.options.tlsOnConnect) };
  // The explorer's own not-TLS message, which says whether to try STARTTLS or --tls-on-connect.
  if (answeredWithoutTls(handshake)) return { kind: 'not tls', reason: tlsFailure(error) };
  return { kind: 'refused', reason: refusal(error, handshake, tried) };
}

type Limited = <T>(task: () => Promise<T>) => Promise<T>;

/** At most `limit` connections at once across every try, the cipher-order ones of both versions included. */
function limiter(limit: number): Limited {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active < limit) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // A freed place goes straight to the next waiting task, so `active` counts it still.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

function groupOf(report: TlsReport): string | undefined {
  if (!report.group) return undefined;
  return report.group.name ?? `${report.group.type} ${report.group.size} bits`;
}

async function versionResult(options: ProbeOptions, version: SecureVersion): Promise<{ result: VersionResult; attempt: Attempt }> {
  const started = Date.now();
  const outcome = await attempt(options, { minVersion: version, maxVersion: version });
  const ms = Date.now() - started;
  if (outcome.kind === 'stalled') return { result: { version, outcome: 'untested', reason: outcome.reason, stalled: true, ms }, attempt: outcome };
  if (outcome.kind !== 'tls') {
    const said = outcome.kind === 'not tls' ? 'untested' : outcome.kind;
    return { result: { version, outcome: said, reason: outcome.reason, ms }, attempt: outcome };
  }
  const { report } = outcome;
  const group = groupOf(report);
  const warning = deprecationWarning(report.protocol);
  return {
    result: { version, outcome: 'accepted', suite: report.cipher.standardName, ...(group ? { group } : {}), ...(warning ? { warning } : {}), ms },
    attempt: outcome,
  };
}

async function chosenSuite(options: ProbeOptions, version: OrderVersion, ciphers: readonly string[]): Promise<string | undefined> {
  const outcome = await attempt(options, { minVersion: version, maxVersion: version, ciphers: ciphers.join(':') });
  return outcome.kind === 'tls' ? outcome.report.cipher.standardName : undefined;
}

/** No version got as far as an answer about TLS: why, from the first try that says most. */
function probeFailure(attempts: Attempt[]): ProbeResult['failure'] {
  if (attempts.some((a) => a.kind === 'tls' || a.kind === 'refused')) return undefined;
  const notTls = attempts.find((a) => a.kind === 'not tls');
  if (notTls) return { reason: notTls.reason, connected: true, notTls: true };
  const stalled = attempts.find((a) => a.kind === 'stalled');
  if (stalled) return { reason: `${stalled.reason}: no version could be tried (a longer --timeout waits more)`, connected: true, stalled: true };
  const first = attempts[0];
  return first?.kind === 'untested' ? { reason: first.reason, connected: first.connected } : undefined;
}

export async function probeTls(options: ProbeOptions): Promise<ProbeResult> {
  const started = Date.now();
  const limited = limiter(Math.max(1, options.parallel ?? DEFAULT_PARALLEL));
  const tries = await Promise.all(TLS_VERSIONS.map((version) => limited(() => versionResult(options, version))));
  const versions = tries.map((t) => t.result);
  const modern = versions.flatMap((v) => (v.outcome === 'accepted' && (v.version === 'TLSv1.2' || v.version === 'TLSv1.3') ? [v.version] : []));
  const offer = (version: OrderVersion, suites: readonly string[]): Promise<string | undefined> => limited(() => chosenSuite(options, version, suites));
  const order = await Promise.all(modern.map((version) => orderResult(offer, version)));
  const { host, port } = options.connection;
  const failure = probeFailure(tries.map((t) => t.attempt));
  const advertised = tries.flatMap((t) => (t.attempt.starttlsAdvertised === undefined ? [] : [t.attempt.starttlsAdvertised]));
  return {
    target: hostPort(printable(host), port),
    starttls: options.connection.tlsOnConnect !== true,
    ...(advertised.length > 0 ? { starttlsAdvertised: advertised.every(Boolean) } : {}),
    versions,
    order,
    ms: Date.now() - started,
    ...(failure ? { failure } : {}),
  };
}

/** One line per version, deprecation warnings, then one line per cipher-order check: what `/probe tls` and `--probe-tls` print. */
export function formatProbe(result: ProbeResult): string[] {
  return probeLines(result).map((line) => line.text);
}

/** The probe's lines in a transcript: `===` information; `***` when no connection got as far as TLS, and for a warning. */
export function probeEntries(result: ProbeResult, at = Date.now()): TranscriptEntry[] {
  return probeLines(result).map(({ text, problem }) => (problem ? { at, mark: '***', kind: 'error', text, tls: false } : { at, mark: '===', kind: 'info', text, tls: false }));
}

const UNADVERTISED =
  "STARTTLS is not in the server's EHLO reply: the probe sent it anyway, which a client following RFC 3207 never does; " +
  'such clients stay in plaintext here (a middlebox may have stripped the offer)';

function probeLines(result: ProbeResult): Array<{ text: string; problem?: true }> {
  const how = result.starttls ? 'STARTTLS' : 'implicit TLS';
  const top = [{ text: `TLS probe of ${result.target} (${how}), ${result.ms} ms` }, ...(result.starttlsAdvertised === false ? [{ text: UNADVERTISED, problem: true as const }] : [])];
  if (result.failure) return [...top, { text: `probe failed: ${result.failure.reason}`, problem: true }];
  const versions = result.versions.map((v) => {
    const name = v.version.padEnd(7);
    if (v.outcome === 'accepted') return `${name} accepted ${v.suite}${v.group ? ` (${v.group})` : ''}`;
    return `${name} ${v.outcome === 'refused' ? 'refused' : v.stalled ? 'untested' : 'not tried'} (${v.reason})`;
  });
  // After all four version lines, as the session's warnings follow its summary: the table stays one line per version.
  const warnings = result.versions.flatMap((v) => (v.warning ? [{ text: v.warning, problem: true as const }] : []));
  return [...top, ...versions.map((text) => ({ text })), ...warnings, ...result.order.map((o) => ({ text: orderLine(o) }))];
}
