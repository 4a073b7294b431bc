/** Child processes for the bench: timed runs, JSON-speaking helpers, and the environment they get. */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = `${ROOT}dist/cli.js`;
export const TIME = '/usr/bin/time';

/**
 * With NODE_EXTRA_CA_CERTS set (sandboxes and corporate proxies set it to the whole system bundle), every Node
 * process parses that bundle before its first line runs: ~35 ms here, more than `node -e 0` itself. It says
 * nothing about this program, so children run without it; the runner notes when it was set.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Spawn → exit, timed from the call to the exit event; output is collected, never printed. */
export function timed(file: string, args: string[], options: SpawnOptions = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, ms: performance.now() - started, stdout, stderr }));
  });
}

/** A run that must succeed; its stderr is in the error otherwise. */
export async function succeed(file: string, args: string[], options: SpawnOptions = {}): Promise<Finished> {
  const result = await timed(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.code ?? result.signal}:\n${(result.stderr || result.stdout).slice(-2000)}`);
  }
  return result;
}

/** The last JSON line a helper printed (Ink may still restore the cursor after it). */
export function lastJson<T>(stdout: string): T {
  const line = stdout.split('\n').findLast((text) => text.startsWith('{'));
  if (line === undefined) throw new Error(`no JSON line in: ${stdout.slice(-500)}`);
  return JSON.parse(line) as T;
}

/** TypeScript helpers of the bench run from source, as the tests do. */
export function tsNode(script: string, args: string[] = [], nodeFlags: string[] = []): [string, string[]] {
  return [process.execPath, [...nodeFlags, '--import', 'tsx', `${ROOT}${script}`, ...args]];
}

/** A long-running helper that prints a JSON line when ready; stopped by closing its stdin. */
export interface Helper<T> {
  child: ChildProcess;
  ready: T;
  /** JSON lines printed after the ready line. */
  lines: unknown[];
  stop(): Promise<void>;
}

export function startHelper<T>(script: string, args: string[] = []): Promise<Helper<T>> {
  const [file, argv] = tsNode(script, args);
  const child = spawn(file, argv, { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: unknown[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    let buffered = '';
    let ready: T | undefined;
    child.once('exit', (code) => {
      if (ready === undefined) reject(new Error(`${script} exited ${code} before it was ready:\n${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      let end: number;
      while ((end = buffered.indexOf('\n')) !== -1) {
        const value = JSON.parse(buffered.slice(0, end)) as unknown;
        buffered = buffered.slice(end + 1);
        if (ready !== undefined) {
          lines.push(value);
          continue;
        }
        ready = value as T;
        resolve({
          child,
          ready,
          lines,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.stdin.end();
            }),
        });
      }
    });
  });
}

export function available(file: string): boolean {
  return existsSync(file);
}

/** The absolute path of a program on PATH, or undefined. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return undefined;
}
