/**
 * P2 in a process of its own: the real App on a fake 120×40 terminal, keys typed into Ink's stdin, frames
 * timed as Ink writes them. Prints one JSON line. Bundled by lib/probes.ts; run as `node render.js MODE …`.
 *
 *   keys LINES COUNT RING   LINES transcript entries (RING app: into the app's store, which keeps 100,000;
 *                      all: a ring that keeps them all); COUNT typing keys (x, Backspace) and COUNT scroll
 *                      keys (PgUp, PgDn), each timed from the key to the frame it caused
 *   flood HOST PORT    the interactive mode as `smtp-explorer HOST:PORT` runs it; a paste of 100 FLOOD commands
 *                      brings 100,000 lines in a second (lib/flood-server.ts); a key is typed every 100 ms
 *                      meanwhile
 */
import { render } from 'ink';
import { History } from '../../src/session/history.js';
import { Ring } from '../../src/session/ring.js';
import { Session } from '../../src/session/session.js';
import { createSessionStore } from '../../src/session/store.js';
import type { SessionEntry, SessionStore } from '../../src/session/store.js';
import { App } from '../../src/ui/App.js';
import { INK_MAX_FPS, runInteractive } from '../../src/ui/run-interactive.js';
import { createTheme } from '../../src/ui/theme.js';
import { FLOOD_END, FLOOD_REPLIES } from '../lib/flood-server.js';
import { INPUT_GAP_MS } from '../../src/ui/frame-pacer.js';
import { FakeStdin, FakeStdout, cpuMs, visibleText } from './fake-terminal.js';
import type { Write } from './fake-terminal.js';
import type { FloodResult, KeyCost, KeysResult } from './results.js';

const COLUMNS = 120;
const ROWS = 40;
/** Longer than the frame pacer's gap after a frame (src/ui/frame-pacer.ts), so each key's frame is drawn at once. */
const KEY_GAP_MS = INPUT_GAP_MS + 10;
const FRAME_TIMEOUT_MS = 2000;
const PROMPT = 'SMTP›';
const FLOOD_KEY_EVERY_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const drawn = (visible: string): boolean => visible.trim().length > 0;

function line(i: number, at: number): SessionEntry {
  return i % 2 === 0
    ? { at, mark: '~>', kind: 'sent', text: `RCPT TO:<user${i}@example.test>`, tls: true }
    : { at, mark: '<~', kind: 'received', text: `250 2.1.5 Accepted <user${i - 1}@example.test>`, tls: true, code: 250 };
}

/**
 * `app`: the lines go into the app's own store, whose ring keeps the newest 100,000, as a session that received
 * them would hold them. `all`: a ring large enough to keep every line, to show that a frame's cost does not grow
 * with what is kept (only with the memory the collector then walks).
 */
function fill(store: SessionStore, lines: number, ring: 'app' | 'all'): void {
  const at = Date.now();
  if (ring === 'all') {
    const everything = new Ring<SessionEntry>(Math.max(lines, 1));
    for (let i = 0; i < lines; i++) everything.push(line(i, at));
    store.setState({ transcript: { ring: everything, revision: 1 } });
    return;
  }
  const { transcript } = store.getState();
  for (let i = 0; i < lines; i++) transcript.ring.push(line(i, at));
  store.setState({ transcript: { ring: transcript.ring, revision: transcript.revision + 1 } });
}

/** Milliseconds from the key to the first frame written after it: on the clock, and of the process's CPU. */
async function press(stdin: FakeStdin, stdout: FakeStdout, key: string): Promise<KeyCost> {
  const started = performance.now();
  const cpu = cpuMs();
  const frame = stdout.next(drawn, FRAME_TIMEOUT_MS);
  stdin.type(key);
  const write = await frame;
  return write ? { wall: write.at - started, cpu: write.cpu - cpu } : { wall: Number.NaN, cpu: Number.NaN };
}

async function keys(lines: number, count: number, ring: 'app' | 'all'): Promise<KeysResult> {
  const store = createSessionStore({ target: '127.0.0.1:25' });
  fill(store, lines, ring);
  const session = new Session({ store, connection: { host: '127.0.0.1', port: 25 }, history: History.load(undefined), templates: [] });
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(COLUMNS, ROWS);
  const first = stdout.next((visible) => visible.includes(PROMPT), FRAME_TIMEOUT_MS);
  const ink = render(<App session={session} theme={createTheme({})} />, {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: INK_MAX_FPS,
  });
  if (!(await first)) throw new Error('no first frame');
  const measure = async (pair: [string, string], n: number): Promise<KeyCost[]> => {
    const samples: KeyCost[] = [];
    for (let i = 0; i < n; i++) {
      await sleep(KEY_GAP_MS);
      samples.push(await press(stdin, stdout, pair[i % 2]!));
    }
    return samples;
  };
  const typingKeys: [string, string] = ['x', '\x7f'];
  const scrollKeys: [string, string] = ['\x1b[5~', '\x1b[6~'];
  await measure(typingKeys, 20);
  await measure(scrollKeys, 20);
  const typing = await measure(typingKeys, count);
  const scroll = await measure(scrollKeys, count);
  ink.unmount();
  return { lines: store.getState().transcript.ring.size, typing, scroll };
}

async function flood(host: string, port: number): Promise<FloodResult> {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(COLUMNS, ROWS);
  const first = stdout.next((visible) => visible.includes(PROMPT), FRAME_TIMEOUT_MS * 5);
  void runInteractive({
    client: { tlsOnConnect: false, strictTls: false },
    connection: { host, port },
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
  });
  if (!(await first)) throw new Error('no first frame');
  if (!(await stdout.next((visible) => visible.includes('220 '), FRAME_TIMEOUT_MS * 5))) throw new Error('no greeting on screen');
  const started = stdout.next((visible) => visible.includes('flood line'), FRAME_TIMEOUT_MS * 5);
  const ended = stdout.next((visible) => visible.includes(FLOOD_END), 60_000);
  // Pasted: each line waits for the reply to the one before, as the outbox sends them.
  const pasted = performance.now();
  stdin.type('FLOOD\r'.repeat(FLOOD_REPLIES));
  const start = await started;
  if (!start) throw new Error('the flood never showed');
  let done: Write | undefined;
  void ended.then((write) => (done = write ?? { at: Number.NaN, cpu: Number.NaN, text: '' }));
  const latencies: number[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let typed = '';
  while (!done) {
    typed += letters[typed.length % letters.length];
    const expected = `${PROMPT} ${typed}`;
    const shown = stdout.next((visible) => visible.includes(expected), FRAME_TIMEOUT_MS);
    const pressed = performance.now();
    stdin.type(typed.at(-1)!);
    const write = await shown;
    latencies.push(write ? write.at - pressed : Number.NaN);
    await sleep(Math.max(0, FLOOD_KEY_EVERY_MS - (performance.now() - pressed)));
  }
  const end = done as Write;
  if (!Number.isFinite(end.at)) throw new Error('the end of the flood never showed');
  const frames = stdout.writes.filter((write) => write.at >= start.at && write.at <= end.at && drawn(visibleText(write.text))).length;
  const ms = end.at - start.at;
  return { ms, fromPasteMs: end.at - pasted, frames, fps: ((frames - 1) / ms) * 1000, latencies };
}

const [mode, ...args] = process.argv.slice(2);
const result: KeysResult | FloodResult = mode === 'keys' ? await keys(Number(args[0]), Number(args[1]), args[2] === 'all' ? 'all' : 'app') : await flood(args[0] ?? '127.0.0.1', Number(args[1]));
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
