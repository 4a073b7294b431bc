/**
 * A terminal for Ink without a pty: stdin that the probe types into, stdout that timestamps every write. Ink is
 * given them exactly as it is given the real ones, so throttling, raw mode and frame diffing all run as in use.
 */
import { EventEmitter } from 'node:events';

/** Cursor moves, colours, erase-line and the like; what is left is the text on screen. */
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g;

export function visibleText(frame: string): string {
  return frame.replace(ANSI, '');
}

export interface Write {
  at: number;
  /** The process's CPU time (user and system, all threads) when the write came, in milliseconds. */
  cpu: number;
  text: string;
}

export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly writes: Write[] = [];
  private waiters: Array<(write: Write) => void> = [];

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }

  write = (data: string | Uint8Array): boolean => {
    const write = { at: performance.now(), cpu: cpuMs(), text: typeof data === 'string' ? data : Buffer.from(data).toString('utf8') };
    this.writes.push(write);
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter(write);
    return true;
  };

  /** The next write whose visible text passes `test`, or undefined after `timeoutMs`. */
  next(test: (visible: string) => boolean, timeoutMs: number): Promise<Write | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      const wait = (write: Write): void => {
        if (test(visibleText(write.text))) {
          clearTimeout(timer);
          resolve(write);
        } else this.waiters.push(wait);
      };
      this.waiters.push(wait);
    });
  }
}

export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;

  /** What a key press or a paste puts on the terminal's input. */
  type(data: string): void {
    this.pending = data;
    this.emit('readable');
    this.emit('data', data);
  }

  read = (): string | null => {
    const data = this.pending;
    this.pending = null;
    return data;
  };

  setEncoding(): this {
    return this;
  }
  setRawMode(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}
