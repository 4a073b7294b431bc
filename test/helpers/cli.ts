/** Runs the real CLI in a child process, as a user would, from the TypeScript sources. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  /** The signal that ended the process, when one did (a test's kill, or a second SIGINT). */
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** The child as it starts: to send it signals. */
  onSpawn?: (child: ChildProcess) => void;
  /** A file descriptor for the child's standard output (e.g. /dev/full opened), instead of a pipe read here. */
  stdoutFd?: number;
  /** Leave standard input open, as a terminal or a slow pipe does, instead of ending it after `input`. */
  keepStdinOpen?: boolean;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['pipe', options.stdoutFd ?? 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  if (options.keepStdinOpen) child.stdin?.write(options.input ?? '');
  else child.stdin?.end(options.input ?? '');
  options.onSpawn?.(child);
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}
