/**
 * The memory soak in a process of its own (run with --expose-gc): one session, on the real connection, binding
 * and store, sends NOOP and takes its reply as fast as the server answers. One reply a second for ten hours is
 * 36,000 replies. First ten hours from an empty transcript (it grows towards its ring's bound); then on until
 * the ring is full; then ten hours more, during which nothing may grow. Prints one JSON line.
 *
 * Usage (bundled by lib/probes.ts): node --expose-gc soak.js HOST PORT REPLIES
 */
import { History } from '../../src/session/history.js';
import { Session } from '../../src/session/session.js';
import { createSessionStore } from '../../src/session/store.js';
import type { SoakPhase, SoakResult } from './results.js';

const [host = '127.0.0.1', portText = '25', repliesText = '36000'] = process.argv.slice(2);
const port = Number(portText);
const replies = Number(repliesText);
const SAMPLES = 10;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** Live bytes after full collections: the JS heap and the Buffers (the entries' raw bytes) outside it. */
function live(): number {
  gc!();
  gc!();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const store = createSessionStore({ target: `${host}:${port}` });
const session = new Session({ store, connection: { host, port }, history: History.load(undefined), templates: [] });
await session.connect();
const ring = store.getState().transcript.ring;
let sent = 0;

async function noop(): Promise<void> {
  const reply = await session.send('NOOP');
  sent += 1;
  if (reply?.code !== 250) throw new Error(`reply ${sent} to NOOP: ${reply?.code ?? 'none'}`);
}

async function phase(count: number): Promise<SoakPhase> {
  const before = live();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 1; i <= count; i++) {
    await noop();
    if (i % Math.ceil(count / SAMPLES) === 0) samples.push(live());
  }
  const ms = performance.now() - started;
  return { before, after: live(), samples, entries: ring.size, ms };
}

const fresh = await phase(replies);
// Entries reach the ring in batches, so "full" means entries have started to fall off the far end.
while (ring.dropped === 0) await noop();
const full = await phase(replies);
await session.quit();
const result: SoakResult = { replies, capacity: ring.capacity, fresh, full };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
