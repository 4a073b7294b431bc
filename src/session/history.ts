/**
 * Input history, persisted between runs: newest last, de-duplicated, capped. AUTH lines are refused here
 * too, so a caller's slip cannot write a credential to disk; lines typed while a 334 is pending are kept
 * out by the session, which alone knows.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { classifyCommand } from '../core/command.js';
import { xdgDirectory } from '../core/xdg-paths.js';
import { writePrivateFile } from '../cli/private-file.js';

export const HISTORY_CAP = 1000;

export function historyPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(xdgDirectory('XDG_STATE_HOME', env, home), 'history');
}

/** Whether a line may ever be written to the history file. */
export function storable(line: string): boolean {
  if (line.trim() === '' || /[\r\n]/.test(line)) return false;
  const command = classifyCommand(line);
  return command.verb !== 'AUTH' && !command.secret;
}

export class History {
  private lines: string[];
  private writing: Promise<void> = Promise.resolve();
  /** The last failure to read or write the file, for the UI to mention once. */
  error: string | undefined;

  private constructor(
    readonly file: string | undefined,
    lines: string[],
    readonly cap: number,
  ) {
    this.lines = lines.filter(storable).slice(-cap);
  }

  /** A missing file is an empty history; `file` undefined keeps history in memory only. */
  static load(file: string | undefined, cap = HISTORY_CAP): History {
    if (file === undefined) return new History(undefined, [], cap);
    try {
      // Read before the first frame, so synchronously: a first use of the thread pool would hold that frame ~2 ms.
      const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
      const history = new History(file, lines, cap);
      // A file that held a line never to be stored (an older version, a hand edit) is rewritten without it.
      if (history.lines.length !== lines.length) history.persist();
      return history;
    } catch (error) {
      const history = new History(file, [], cap);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') history.error = `history not read: ${(error as Error).message}`;
      return history;
    }
  }

  /** Oldest first. */
  get entries(): readonly string[] {
    return this.lines;
  }

  /** `back` 0 is the newest line. */
  recall(back: number): string | undefined {
    return this.lines[this.lines.length - 1 - back];
  }

  add(line: string): void {
    if (!storable(line)) return;
    const existing = this.lines.lastIndexOf(line);
    if (existing >= 0 && existing === this.lines.length - 1) return;
    if (existing >= 0) this.lines.splice(existing, 1);
    this.lines.push(line);
    if (this.lines.length > this.cap) this.lines.splice(0, this.lines.length - this.cap);
    this.persist();
  }

  /** Lines containing `query` (case-insensitive), newest first. */
  search(query: string): string[] {
    const needle = query.toLowerCase();
    const found: string[] = [];
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i]!;
      if (line.toLowerCase().includes(needle)) found.push(line);
    }
    return found;
  }

  /** Resolves once every write so far has reached the disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private persist(): void {
    const file = this.file;
    if (file === undefined) return;
    const snapshot = this.lines.join('\n') + '\n';
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(file), { recursive: true, mode: 0o700 });
        await writePrivateFile(file, snapshot);
      } catch (error) {
        this.error = `history not saved: ${(error as Error).message}`;
      }
    });
  }
}
