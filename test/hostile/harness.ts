/**
 * The hostile-server suite's plumbing: a behaviour is one small async function playing the server; a case runs
 * script mode against it (in-process, or the real CLI in a child) or drives the connection, and keeps everything
 * observable: transcript, exit code, bytes the client sent, peak memory.
 */
import type { ExecutionContext } from 'ava';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { startRawServer } from '../helpers/raw-server.js';
import type { RawPeer } from '../helpers/raw-server.js';
import { record } from '../helpers/session.js';
import type { Recorded } from '../helpers/session.js';
import { parseInvocation } from '../../src/cli/args.js';
import type { ConnectionOptions } from '../../src/core/connection.js';
import { runScriptInvocation } from '../../src/script/invocation.js';

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

export interface ScriptOptions {
  /** Run the real CLI in a child process (exit code, stderr and usage errors as a user sees them); default in-process. */
  process?: boolean;
  /** Peak RSS of the child; implies `process`. */
  measureRss?: boolean;
  host?: string;
}

/**
 * Script mode against a raw server playing `behaviour`, `--timeout` short unless given. In-process it is the same
 * argv parsing and script-mode wiring as the CLI, without the half second a child process costs.
 */
export async function scriptAgainst(behaviour: Behaviour, script: string, args: string[] = [], options: ScriptOptions = {}): Promise<Outcome> {
  const server = await startRawServer(behaviour);
  try {
    const result = await scriptAt(`${options.host ?? '127.0.0.1'}:${server.port}`, script, args, options);
    return { ...result, received: Buffer.concat(server.peers.map((peer) => peer.received)), connections: server.peers.length };
  } finally {
    await server.close();
  }
}

/** Script mode against whatever listens at `target`. */
export async function scriptAt(target: string, script: string, args: string[], options: ScriptOptions = {}): Promise<CliResult & { maxRssBytes?: number }> {
  const argv = ['--script', '-', target, ...(args.includes('--timeout') ? [] : ['--timeout', '2']), ...args];
  if (!options.process && !options.measureRss) return runInProcess(argv, script);
  const env = options.measureRss ? { NODE_OPTIONS: `--import=${RSS_REPORTER}` } : {};
  const result = await runCli(argv, { input: script, env });
  const rss = RSS_LINE.exec(result.stderr);
  return { ...result, stderr: result.stderr.replace(RSS_LINE, ''), ...(rss ? { maxRssBytes: Number(rss[1]) } : {}) };
}

async function runInProcess(argv: string[], script: string): Promise<CliResult> {
  const started = Date.now();
  const invocation = parseInvocation(argv);
  if (invocation.mode !== 'script') throw new Error(`not script mode: ${argv.join(' ')}`);
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  // No environment: no colour, and no SSLKEYLOGFILE of whoever runs the tests.
  const code = await runScriptInvocation(invocation, { stdout, env: {}, readScript: () => script });
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), stderr: '', ms: Date.now() - started };
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
  lineCode?: number;
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
