// A long-running process under test (serve runs until a signal): its output as it arrives, lines waited for.
import type { ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');

export interface WatchedProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first whole stdout line matching, as it arrives; rejects if the process exits first. */
  line: (pattern: RegExp) => Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

/** `node --import tsx ...args` in the project root, killed when the test ends. */
export function watchNode(t: ExecutionContext, args: string[]): WatchedProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT });
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = stdout.split('\n').slice(0, -1).map((text) => pattern.exec(text)).find(Boolean);
        if (found) {
          waiters.delete(check);
          resolve(found);
        }
      };
      waiters.add(check);
      check();
      void exit.then(() => reject(new Error(`exited before ${pattern}; stdout: ${stdout}; stderr: ${stderr}`)));
    });
  return { child, stdout: () => stdout, stderr: () => stderr, line, exit };
}
