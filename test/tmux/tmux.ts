/**
 * A real terminal for tests and screenshots: a tmux server of our own (its own socket, so nobody's tmux is
 * touched) at a fixed size, keys sent with send-keys, the screen read with capture-pane.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/cli.js';

const run = promisify(execFile);
let sockets = 0;

export const TMUX_WAIT_MS = 30_000;
const POLL_MS = 50;

export async function hasTmux(): Promise<boolean> {
  try {
    await run('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
}

/** `node --import tsx src/cli.ts ARGS` with `env` added (CI may stay set: the explorer renders normally anyway). */
export function cliCommand(args: readonly string[], env: Record<string, string> = {}): string {
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${shellQuote(value)}`);
  const cli = ['node', '--import', 'tsx', 'src/cli.ts', ...args].map(shellQuote).join(' ');
  // After the explorer ends, the exit code stays on screen and the pane stays open to be read.
  return `cd ${shellQuote(ROOT)} && env ${assignments.join(' ')} ${cli}; echo "EXITED $?"; sleep 600`;
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export class Tmux {
  private constructor(private readonly socket: string) {}

  static async start(command: string, size: { columns: number; rows: number }): Promise<Tmux> {
    const socket = `smtp-explorer-test-${process.pid}-${++sockets}`;
    await run('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), '-s', 'main', command]);
    const tmux = new Tmux(socket);
    // Keep the fixed size whatever clients attach, and the window alive to read after the command ends.
    await tmux.tmux('set-option', '-g', 'window-size', 'manual');
    return tmux;
  }

  tmux(...args: string[]): Promise<{ stdout: string }> {
    return run('tmux', ['-L', this.socket, ...args], { maxBuffer: 16 * 1024 * 1024 });
  }

  /** Keys by tmux name: `Enter`, `C-t`, `PPage`, `F1`, `Escape`… */
  async keys(...names: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', ...names);
  }

  /** Text typed as it is, one key after another. */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  /** Text pasted the way a terminal pastes: one burst, line ends as CR. */
  async paste(text: string): Promise<void> {
    await this.tmux('set-buffer', '-b', 'paste', text);
    await this.tmux('paste-buffer', '-b', 'paste', '-t', 'main', '-d');
  }

  /** The screen as text, or with `escapes` its colours and attributes too (and trailing spaces, which may be a cursor). */
  async screen(escapes = false): Promise<string> {
    const { stdout } = await this.tmux('capture-pane', '-p', ...(escapes ? ['-e', '-N'] : []), '-t', 'main');
    return stdout;
  }

  async title(): Promise<string> {
    return (await this.tmux('display-message', '-p', '-t', 'main', '#{pane_title}')).stdout.trim();
  }

  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
  }

  /** Reads the screen until `predicate` holds; fails with the last screen after the timeout. */
  async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = TMUX_WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.screen();
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  waitForText(text: string, timeoutMs?: number): Promise<string> {
    return this.waitFor((screen) => screen.includes(text), JSON.stringify(text), timeoutMs);
  }

  /** Ends the server and removes its socket file, which tmux leaves behind when killed. */
  async kill(): Promise<void> {
    const socketPath = await this.tmux('display-message', '-p', '#{socket_path}').then(
      ({ stdout }) => stdout.trim(),
      () => undefined,
    );
    await this.tmux('kill-server').catch(() => undefined);
    if (socketPath) await rm(socketPath, { force: true });
  }
}
