/**
 * The interactive explorer in a real terminal: a private tmux server at a fixed size, keys sent as a person
 * types them, the screen read back as text.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/cli.js';
import { poll } from './poll.js';

const run = promisify(execFile);
export const TMUX = '/usr/bin/tmux';
const DEFAULT_WAIT_MS = 10_000;

export function tmuxSkipReason(): string | undefined {
  return existsSync(TMUX) ? undefined : 'tmux is not installed';
}

export interface Terminal {
  /** Where the explorer keeps history and looks for templates (XDG_STATE_HOME and XDG_CONFIG_HOME). */
  home: string;
  screen(): Promise<string>;
  /** Waits until the screen satisfies `done`; on timeout, fails with the screen as it was. */
  waitFor(what: string, done: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  /** The text exactly as typed, then Enter. */
  type(line: string): Promise<void>;
  /** Named keys, as tmux knows them: `y`, `Enter`, `Escape`, `C-c`. */
  press(...keys: string[]): Promise<void>;
  /** The explorer's exit status, once it has exited (undefined if it is still running after `timeoutMs`). */
  exited(timeoutMs?: number): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function startExplorer(args: string[], size = { columns: 120, rows: 40 }): Promise<Terminal> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'explorer-tui-'));
  // A socket of its own inside `home`: nothing else is touched, and removing `home` leaves nothing behind.
  const tmux = (...tmuxArgs: string[]) => run(TMUX, ['-S', path.join(home, 'tmux.sock'), '-f', '/dev/null', ...tmuxArgs]);
  const env = { XDG_STATE_HOME: home, XDG_CONFIG_HOME: home, NO_COLOR: '1', TERM: 'xterm-256color' };
  const command = [process.execPath, '--import', 'tsx', 'src/cli.ts', ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  // remain-on-exit keeps the pane after the explorer exits, so its exit status can be read.
  await tmux('new-session', '-d', '-s', 'explorer', '-x', String(size.columns), '-y', String(size.rows), '-c', ROOT,
    ...Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]), command, ';', 'set-option', '-g', 'remain-on-exit', 'on');

  const screen = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'explorer')).stdout;
  return {
    home,
    screen,
    async waitFor(what, done, timeoutMs = DEFAULT_WAIT_MS) {
      const match = await poll(async () => {
        const text = await screen();
        return done(text) ? text : undefined;
      }, timeoutMs);
      if (match === undefined) throw new Error(`waited ${timeoutMs} ms for ${what}; the screen:\n${await screen()}`);
      return match;
    },
    async type(line) {
      if (line !== '') await tmux('send-keys', '-t', 'explorer', '-l', line);
      await tmux('send-keys', '-t', 'explorer', 'Enter');
    },
    async press(...keys) {
      await tmux('send-keys', '-t', 'explorer', ...keys);
    },
    exited(timeoutMs = DEFAULT_WAIT_MS) {
      return poll(async () => {
        const { stdout } = await tmux('display-message', '-p', '-t', 'explorer', '#{pane_dead} #{pane_dead_status}');
        const [dead, status] = stdout.trim().split(' ');
        return dead === '1' ? Number(status) : undefined;
      }, timeoutMs);
    },
    async close() {
      await tmux('kill-server').catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}
