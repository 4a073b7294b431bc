/** The servers the bench talks to: the built-in one in a process of its own, and Debian's Exim when it can run. */
import { execFileSync } from 'node:child_process';
import { skipReason, startExim } from '../../test/helpers/exim.js';
import { WORKSHOP_PASSWORD, WORKSHOP_USER } from '../../src/server/builtin.js';
import { startHelper } from './proc.js';

export interface Target {
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  from: string;
  to: string;
  /** What a reader of the numbers should know about this server. */
  note?: string;
  /** Bytes of body received in each message so far, when the server can tell (after dot-unstuffing). */
  received(): number[];
  stop(): Promise<void>;
}

export async function startBuiltin(maxMessageBytes: number): Promise<Target> {
  const helper = await startHelper<{ port: number }>('bench/servers/builtin.ts', [String(maxMessageBytes)]);
  return {
    name: 'built-in server',
    note: 'smtp-server holds every greeting 100 ms, in both runs',
    host: '127.0.0.1',
    port: helper.ready.port,
    user: WORKSHOP_USER,
    password: WORKSHOP_PASSWORD,
    from: 'student@example.test',
    to: 'teacher@example.test',
    received: () => helper.lines.map((line) => (line as { size: number }).size),
    stop: () => helper.stop(),
  };
}

/** Why Exim cannot be used here, or undefined. */
export function eximMissing(): string | undefined {
  return skipReason();
}

function eximVersion(): string {
  try {
    const banner = execFileSync('/usr/sbin/exim4', ['-bV'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /Exim version (\S+)/.exec(banner)?.[1] ?? '';
  } catch {
    return '';
  }
}

export async function startEximTarget(): Promise<Target> {
  const exim = await startExim();
  return {
    name: `Exim ${eximVersion()}`.trim(),
    host: exim.host,
    port: exim.port,
    user: exim.user,
    password: exim.password,
    from: `${exim.user}@${exim.domain}`,
    to: `bob@${exim.domain}`,
    received: () => [],
    stop: () => exim.stop(),
  };
}

/** The script our CLI runs: the session of P1, body from --body-file. */
export function sessionScript(target: Target): string {
  const plain = Buffer.from(`\0${target.user}\0${target.password}`).toString('base64');
  return ['EHLO client.example', 'STARTTLS', 'EHLO client.example', `AUTH PLAIN ${plain}`, `MAIL FROM:<${target.from}>`, `RCPT TO:<${target.to}>`, 'DATA', 'QUIT', ''].join('\n');
}
