/**
 * The hostile-server suite's plumbing: a behaviour is one small async function playing the server; a case runs
 * the real CLI in script mode against it (or drives the connection in-process) and keeps everything observable.
 */
import type { ExecutionContext } from 'ava';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { startRawServer } from '../helpers/raw-server.js';
import type { RawPeer } from '../helpers/raw-server.js';
import { record } from '../helpers/session.js';
import type { Recorded } from '../helpers/session.js';
import type { ConnectionOptions } from '../../src/core/connection.js';

export type Behaviour = (peer: RawPeer) => Promise<void>;

export interface Outcome extends CliResult {
  /** Every byte the client sent, across TLS. */
  received: Buffer;
  /** How many connections the server saw. */
  connections: number;
  /** Peak resident set of the CLI process, when asked for. */
  maxRssBytes?: number;
}

/** Characters a terminal acts on: C0 but LF, DEL, C1, bidi and other format controls, line/paragraph separators. */
export const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\p{Cf}\u2028\u2029]/u;

const RSS_REPORTER = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));
const RSS_LINE = /^max-rss-bytes (\d+)\n/m;

/** Runs the CLI with `--script -` against a raw server playing `behaviour`; `--timeout` defaults short. */
export async function scriptAgainst(
  behaviour: Behaviour,
  script: string,
  args: string[] = [],
  options: { measureRss?: boolean; host?: string } = {},
): Promise<Outcome> {
  const server = await startRawServer(behaviour);
  try {
    const timeout = args.includes('--timeout') ? [] : ['--timeout', '2'];
    const env = options.measureRss ? { NODE_OPTIONS: `--import=${RSS_REPORTER}` } : {};
    const result = await runCli(['--script', '-', `${options.host ?? '127.0.0.1'}:${server.port}`, ...timeout, ...args], { input: script, env });
    const rss = RSS_LINE.exec(result.stderr);
    const stderr = result.stderr.replace(RSS_LINE, '');
    return {
      ...result,
      stderr,
      received: Buffer.concat(server.peers.map((peer) => peer.received)),
      connections: server.peers.length,
      ...(rss ? { maxRssBytes: Number(rss[1]) } : {}),
    };
  } finally {
    await server.close();
  }
}

/** Drives an SmtpConnection in-process against `behaviour`; the server goes away with the test. */
export async function recordAgainst(t: ExecutionContext, behaviour: Behaviour, options: Partial<ConnectionOptions> = {}): Promise<Recorded> {
  const server = await startRawServer(behaviour);
  t.teardown(() => server.close());
  const session = record({ host: '127.0.0.1', port: server.port, timeouts: { command: 2000, greeting: 2000 }, ...options });
  t.teardown(() => session.connection.close());
  return session;
}

/** Nothing a terminal could act on reached stdout or stderr. */
export function assertInert(t: ExecutionContext, outcome: Pick<CliResult, 'stdout' | 'stderr'>): void {
  const found = RAW_CONTROL.exec(outcome.stdout + outcome.stderr);
  t.is(found, null, found ? `raw U+${found[0].codePointAt(0)!.toString(16).padStart(4, '0')} in the output` : '');
}

export function linesOf(outcome: CliResult): string[] {
  return outcome.stdout.split('\n');
}

export interface JsonEntry {
  mark: string;
  kind: string;
  tls: boolean;
  time: string;
  text: string;
  raw?: string;
  code?: number;
  answers?: string;
}

export interface JsonDocument {
  exitCode: number;
  transcript: JsonEntry[];
  tls: unknown;
  capabilities: { beforeTls: { auth: string[]; list: { line: string }[] } | null; afterTls: { auth: string[]; list: { line: string }[] } | null };
}

export function jsonOf(outcome: CliResult): JsonDocument {
  return JSON.parse(outcome.stdout) as JsonDocument;
}

/** Milliseconds between the first entry whose text matches `from` and the first later one matching `to`. */
export function elapsedBetween(doc: JsonDocument, from: RegExp, to: RegExp): number {
  const start = doc.transcript.findIndex((entry) => from.test(entry.text));
  const end = doc.transcript.findIndex((entry, i) => i > start && to.test(entry.text));
  if (start < 0 || end < 0) throw new Error(`no entries matching ${from} then ${to}`);
  return Date.parse(doc.transcript[end]!.time) - Date.parse(doc.transcript[start]!.time);
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the client hangs up, so a behaviour that goes silent does not end the connection itself. */
export function untilClosed(peer: RawPeer): Promise<void> {
  return new Promise((resolve) => {
    if (peer.socket.destroyed) resolve();
    else peer.socket.once('close', () => resolve());
  });
}
