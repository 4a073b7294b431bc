/** Renders the explorer with ink-testing-library at a fixed size and waits for frames (never sleeps). */
import type { ExecutionContext } from 'ava';
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';
import type { Session } from '../../src/session/session.js';
import { App } from '../../src/ui/App.js';
import { createTheme } from '../../src/ui/theme.js';
import { WAIT_MS } from '../session/helpers.js';

const ESCAPES = /\x1b\[[0-9;]*m/g;

export function plain(frame: string | undefined): string {
  return (frame ?? '').replace(ESCAPES, '');
}

export interface Rendered {
  /** The latest frame without colour codes. */
  frame(): string;
  /** The latest frame as written, colour codes and all. */
  rawFrame(): string;
  frames: string[];
  /** Sends input as a terminal would: one chunk. */
  write(data: string): void;
  waitForFrame(predicate: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
}

/** ink-testing-library's terminal is 100 columns wide, so that is the widest size a test can use. */
export function renderApp(t: ExecutionContext, session: Session, size = { columns: 100, rows: 40 }, env: NodeJS.ProcessEnv = {}): Rendered {
  return renderTree(t, <App session={session} theme={createTheme(env)} size={size} />);
}

export function renderTree(t: ExecutionContext, tree: ReactElement): Rendered {
  const instance = render(tree);
  t.teardown(() => instance.unmount());
  const listeners = new Set<() => void>();
  const write = instance.stdout.write;
  instance.stdout.write = (frame: string) => {
    write(frame);
    for (const listener of listeners) listener();
  };
  return {
    frame: () => plain(instance.lastFrame()),
    rawFrame: () => instance.lastFrame() ?? '',
    frames: instance.frames,
    write: (data) => instance.stdin.write(data),
    waitForFrame(predicate, what, timeoutMs = WAIT_MS) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const frame = plain(instance.lastFrame());
          if (!predicate(frame)) return false;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(frame);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${what}; last frame:\n${plain(instance.lastFrame())}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}
