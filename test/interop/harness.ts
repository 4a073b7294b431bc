/**
 * The interop cases' common ground: one private Exim per test, smtp-explorer run as a user runs it (a child
 * process on a script given on stdin), and the transcript split into lines.
 */
import test, { type ExecutionContext } from 'ava';
import { runCli, type CliResult } from '../helpers/cli.js';
import { skipReason, startExim, type EximInstance, type EximOptions } from '../helpers/exim.js';
import { poll } from './poll.js';

const reason = skipReason();
if (reason) console.warn(`Exim interop tests skipped: ${reason}`);

/** `test` when Exim can run here (root, exim4 installed), else `test.skip`, with the reason printed once. */
export const eximTest = reason ? test.skip : test;

export async function exim(t: ExecutionContext, options: EximOptions = {}): Promise<EximInstance> {
  const instance = await startExim(options);
  t.teardown(() => instance.stop());
  return instance;
}

export interface Transcript extends CliResult {
  lines: string[];
}

/** `smtp-explorer --script - 127.0.0.1:PORT ...flags` with `script` on stdin. */
export async function explore(port: number, script: string[], flags: string[] = []): Promise<Transcript> {
  const result = await runCli(['--script', '-', `127.0.0.1:${port}`, ...flags], { input: script.map((line) => `${line}\n`).join('') });
  return { ...result, lines: result.stdout.split('\n') };
}

/** The lines of the transcript that follow the first line matching `first`, as far as the next one sent. */
export function repliesAfter(lines: string[], first: string): string[] {
  const start = lines.indexOf(first);
  if (start === -1) return [];
  const next = lines.findIndex((line, i) => i > start && /^ [-~]> /.test(line));
  return lines.slice(start + 1, next === -1 ? undefined : next);
}

/** For a failed assertion: what smtp-explorer printed and what Exim logged. */
export async function evidence(result: CliResult, instance: EximInstance): Promise<string> {
  return `exit ${result.code}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}--- exim log\n${await instance.log()}`;
}

const LOG_TIMEOUT_MS = 5_000;

/** Exim writes its log after the client has moved on: the log once it holds `count` matches of `pattern`. */
export async function waitForLog(instance: EximInstance, pattern: RegExp, count = 1): Promise<string> {
  const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
  const found = await poll(async () => {
    const log = await instance.log();
    return (log.match(global)?.length ?? 0) >= count ? log : undefined;
  }, LOG_TIMEOUT_MS);
  return found ?? instance.log();
}

export const plainAuth = (user: string, password: string): string => Buffer.from(`\0${user}\0${password}`).toString('base64');
