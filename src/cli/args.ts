/** argv → what to do. Pure, so every flag and every usage error is testable without starting anything. */
import { parseArgs } from 'node:util';
import type { SecureVersion } from 'node:tls';
import { isTlsVersion } from '../core/tls-settings.js';
import { serveInvocation } from './serve-args.js';
import { checkFamily, checkServername, parseTarget } from './target-text.js';

export const IMPLICIT_TLS_PORT = 465;

const USAGE_ERROR = Symbol.for('smtp-explorer.UsageError');

export class UsageError extends Error {
  override name = 'UsageError';
  readonly [USAGE_ERROR] = true;

  /**
   * By brand, not by prototype: each mode runs from a bundle of its own (scripts/bundle.ts) with its own copy of
   * this class, and the CLI must still know a usage error thrown there.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && USAGE_ERROR in value;
  }
}

export interface Target {
  host: string;
  port: number;
}

export interface ClientFlags {
  target?: Target;
  family?: 4 | 6;
  tlsOnConnect: boolean;
  servername?: string | false;
  tlsMin?: SecureVersion;
  tlsMax?: SecureVersion;
  ciphers?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  strictTls: boolean;
  /** --keylog FILE; connection-options falls back to SSLKEYLOGFILE. */
  keylogFile?: string;
  timeoutSeconds?: number;
  helo?: string;
  from?: string;
  to?: string;
  authUser?: string;
  /** --scenario NAME: no host; that workshop scenario is started for the run. */
  scenario?: string;
  /** Next-step hints after each reply: on with --scenario or --hints, off with --no-hints. */
  hints?: true;
}

export type Invocation =
  | { mode: 'help' }
  | { mode: 'version' }
  | { mode: 'serve'; port: number; listen: string; scenario?: string }
  | { mode: 'explain'; words: string[] }
  | { mode: 'list-scenarios'; verbose: boolean }
  | {
      mode: 'script';
      file: string;
      json: boolean;
      keepGoing: boolean;
      bodyFile?: string;
      probeTls?: true;
      probeSmuggling?: true;
      probeStartTlsInjection?: true;
      pipeline?: true;
      client: ClientFlags;
    }
  | { mode: 'probe'; json: boolean; client: ClientFlags }
  | { mode: 'interactive'; client: ClientFlags };

export const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  script: { type: 'string' },
  json: { type: 'boolean' },
  'keep-going': { type: 'boolean' },
  pipeline: { type: 'boolean' },
  'body-file': { type: 'string' },
  'tls-on-connect': { type: 'boolean' },
  '4': { type: 'boolean' },
  '6': { type: 'boolean' },
  servername: { type: 'string' },
  'no-sni': { type: 'boolean' },
  'tls-min': { type: 'string' },
  'tls-max': { type: 'string' },
  ciphers: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'strict-tls': { type: 'boolean' },
  keylog: { type: 'string' },
  'probe-tls': { type: 'boolean' },
  'probe-smuggling': { type: 'boolean' },
  'probe-starttls-injection': { type: 'boolean' },
  timeout: { type: 'string' },
  helo: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'auth-user': { type: 'string' },
  port: { type: 'string' },
  listen: { type: 'string' },
  scenario: { type: 'string' },
  'list-scenarios': { type: 'boolean' },
  verbose: { type: 'boolean' },
  explain: { type: 'boolean' },
  hints: { type: 'boolean' },
  'no-hints': { type: 'boolean' },
} as const;

function tlsVersion(flag: string, value: string | undefined): SecureVersion | undefined {
  if (value === undefined) return undefined;
  if (!isTlsVersion(value)) throw new UsageError(`--${flag} takes TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3, not "${value}"`);
  return value;
}

/** setTimeout's longest delay is 2^31-1 ms; a longer one fires at once, after a TimeoutOverflowWarning. */
const MAX_TIMEOUT_SECONDS = 2_147_483;

function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`--timeout takes a number of seconds, not "${value}"`);
  if (number > MAX_TIMEOUT_SECONDS) throw new UsageError(`--timeout is at most ${MAX_TIMEOUT_SECONDS} seconds (about 24.8 days), not "${value}"`);
  return number;
}

export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** `-6`, `--json`: how parseArgs names an option in `values`, as typed. */
export const flagName = (name: string): string => `${name.length === 1 ? '-' : '--'}${name}`;

/** A mode that takes only these flags of its own: any other is a usage error, not silently ignored. */
function onlyFlags(mode: 'explain' | 'list-scenarios', values: Values, own: readonly string[] = []): void {
  const other = Object.keys(values).find((name) => name !== mode && !own.includes(name));
  if (other !== undefined) throw new UsageError(`${flagName(other)} does not go with --${mode}`);
}

function clientFlags(values: Values, positionals: string[]): ClientFlags {
  if (positionals.length > 1) throw new UsageError(`one host at a time, got: ${positionals.join(' ')}`);
  if (values['4'] && values['6']) throw new UsageError('-4 and -6 exclude each other');
  // -4 is what the built-in server's 127.0.0.1 gets anyway; -6 could only be ignored.
  if (values['6'] && positionals.length === 0) throw new UsageError('-6 needs a host: the built-in server listens on 127.0.0.1, IPv4 only');
  if (values.servername !== undefined && values['no-sni']) throw new UsageError('--servername and --no-sni exclude each other');
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');
  if (values.scenario !== undefined && positionals.length > 0) throw new UsageError('--scenario starts its own server: give no host');
  if (values.hints && values['no-hints']) throw new UsageError('--hints and --no-hints exclude each other');
  if (values.servername !== undefined) checkServername(values.servername);
  const target = positionals[0] === undefined ? undefined : parseTarget(positionals[0]);
  if (target) checkFamily(target, values);
  const tlsMin = tlsVersion('tls-min', values['tls-min']);
  const tlsMax = tlsVersion('tls-max', values['tls-max']);
  const timeoutSeconds = seconds(values.timeout);
  return {
    ...(target ? { target } : {}),
    ...(values['4'] ? { family: 4 as const } : values['6'] ? { family: 6 as const } : {}),
    tlsOnConnect: values['tls-on-connect'] === true || target?.port === IMPLICIT_TLS_PORT,
    ...(values['no-sni'] ? { servername: false as const } : values.servername ? { servername: values.servername } : {}),
    ...(tlsMin ? { tlsMin } : {}),
    ...(tlsMax ? { tlsMax } : {}),
    ...(values.ciphers ? { ciphers: values.ciphers } : {}),
    ...(values.ca ? { caFile: values.ca } : {}),
    ...(values.cert ? { certFile: values.cert } : {}),
    ...(values.key ? { keyFile: values.key } : {}),
    strictTls: values['strict-tls'] === true,
    ...(values.keylog ? { keylogFile: values.keylog } : {}),
    ...(timeoutSeconds ? { timeoutSeconds } : {}),
    ...(values.helo ? { helo: values.helo } : {}),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values['auth-user'] ? { authUser: values['auth-user'] } : {}),
    ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
    ...(!values['no-hints'] && (values.hints || values.scenario !== undefined) ? { hints: true as const } : {}),
  };
}

/** A word that parseArgs reads as one of our options (or a group of short ones, such as -46), or the `--` that ends them. */
function isOption(word: string): boolean {
  if (word.startsWith('--')) return word === '--' || Object.hasOwn(OPTIONS, word.slice(2).split('=')[0]!);
  return word.length > 1 && word.startsWith('-') && [...word.slice(1)].every((letter) => letter === 'h' || letter === '4' || letter === '6');
}

/**
 * Node's parseArgs, its mistakes said in one line naming the option. A value that starts with "-" (`--timeout -1`)
 * is taken as the value when it is none of our options, so the option's own check says what is wrong with it; before
 * one of ours (`--script --json`) the value is missing.
 */
function parse(argv: string[]): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>> {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    // Node's sentence about '--' and positionals ends in an unbalanced quote; the option is what matters.
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]}`);
    // Node names an option with a short form as '-h, --help': the long one is what --help lists.
    const ambiguous = /^Option '(?:-[^' ]+, )?(--[^' ]+)' argument is ambiguous/.exec(message);
    if (ambiguous) {
      const flag = ambiguous[1]!;
      const at = argv.findIndex((word, i) => word === flag && argv[i + 1]?.startsWith('-') === true);
      const value = argv[at + 1];
      if (at === -1 || value === undefined) throw new UsageError(`${flag} needs a value`);
      if (isOption(value)) throw new UsageError(`${flag} needs a value, but ${value} follows it`);
      return parse([...argv.slice(0, at), `${flag}=${value}`, ...argv.slice(at + 2)]);
    }
    const missing = /^Option '(?:-[^' ]+, )?(-[^' ]+) <value>' argument missing/.exec(message);
    if (missing) throw new UsageError(`${missing[1]} needs a value`);
    const needless = /^Option '(?:-[^' ]+, )?(-[^' ]+)' does not take an argument/.exec(message);
    if (needless) throw new UsageError(`${needless[1]} takes no value`);
    throw new UsageError(message.split('\n')[0]!);
  }
}

export function parseInvocation(argv: string[]): Invocation {
  const { values, positionals } = parse(argv);
  if (values.help) return { mode: 'help' };
  if (values.version) return { mode: 'version' };
  if (values.explain) {
    onlyFlags('explain', values);
    return { mode: 'explain', words: positionals };
  }
  if (values['list-scenarios']) {
    onlyFlags('list-scenarios', values, ['verbose']);
    if (positionals.length > 0) throw new UsageError(`--list-scenarios takes no host, got: ${positionals.join(' ')}`);
    return { mode: 'list-scenarios', verbose: values.verbose === true };
  }
  if (values.verbose) throw new UsageError('--verbose goes with --list-scenarios');
  if (positionals[0] === 'serve') return serveInvocation(values, positionals);
  if (values.port !== undefined || values.listen !== undefined) throw new UsageError('--port and --listen belong to "serve"; give host:port to connect');
  const client = clientFlags(values, positionals);
  if (values.script !== undefined) {
    const bodyFile = values['body-file'];
    if (bodyFile !== undefined && values['probe-smuggling']) throw new UsageError('--probe-smuggling ends the script\'s own body lines: it excludes --body-file');
    return {
      mode: 'script',
      file: values.script,
      json: values.json === true,
      keepGoing: values['keep-going'] === true,
      ...(bodyFile !== undefined ? { bodyFile } : {}),
      ...(values['probe-tls'] ? { probeTls: true as const } : {}),
      ...(values['probe-smuggling'] ? { probeSmuggling: true as const } : {}),
      ...(values['probe-starttls-injection'] ? { probeStartTlsInjection: true as const } : {}),
      ...(values.pipeline ? { pipeline: true as const } : {}),
      client,
    };
  }
  const scriptOnly = (['pipeline', 'keep-going', 'body-file'] as const).find((name) => values[name] !== undefined);
  if (scriptOnly) throw new UsageError(`--${scriptOnly} goes with --script`);
  if (values['probe-tls']) {
    // The probe's connections write no key log on purpose (tls-probe.ts): ten or more short handshakes that carry no mail.
    if (values.keylog !== undefined) throw new UsageError('--keylog goes with --script or the explorer: the --probe-tls connections write no key log');
    return { mode: 'probe', json: values.json === true, client };
  }
  if (values['probe-smuggling'] || values['probe-starttls-injection']) {
    throw new UsageError('--probe-smuggling and --probe-starttls-injection go with --script: the script names the envelope and the STARTTLS');
  }
  if (values.json) throw new UsageError('--json goes with --script or --probe-tls');
  return { mode: 'interactive', client };
}
