/**
 * P2: rendering. The frame a key press causes, with a 1,000,000-entry transcript against a 100-entry one (only
 * the visible window may cost anything); then a server flooding 100,000 lines in a second: frames drawn per
 * second, and how long a typed key takes to show meanwhile. The probe runs the real App in its own process,
 * bundled as the CLI is (lib/probes.ts).
 */
import { TRANSCRIPT_CAPACITY } from '../src/session/store.js';
import type { Context } from './lib/context.js';
import { startFloodServer } from './lib/flood-server.js';
import { childEnv, lastJson, succeed } from './lib/proc.js';
import type { FloodResult, KeysResult } from './probes/results.js';
import { median, ms, percentile } from './lib/stats.js';
import type { Row } from './lib/table.js';
import { judge } from './lib/table.js';

const SMALL = 100;
const LARGE = 1_000_000;
const MAX_RATIO = 1.2;
const MAX_FPS = 30;
const MAX_LATENCY_MS = 50;

/** Ink turns to a final-frame-only mode under CI; the probe must see every frame. */
function probeEnv(stateDir: string): NodeJS.ProcessEnv {
  const env = childEnv({ XDG_STATE_HOME: stateDir, XDG_CONFIG_HOME: stateDir });
  for (const key of Object.keys(env)) if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) delete env[key];
  return env;
}

async function probe<T>(context: Context, args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  return lastJson<T>((await succeed(process.execPath, [context.probes.render, ...args], { env })).stdout);
}

type Samples = Record<'small' | 'large' | 'kept', KeysResult[]>;

function keyRow(what: string, key: 'typing' | 'scroll', results: Samples, count: number): Row {
  const samples = (runs: KeysResult[]): number[] => runs.flatMap((run) => run[key]);
  const [small, large, kept] = [median(samples(results.small)), median(samples(results.large)), median(samples(results.kept))];
  const ratio = large / small;
  return {
    id: 'P2',
    what,
    value: ratio,
    shown: `${ratio.toFixed(2)}×`,
    target: `≤ ${MAX_RATIO}×`,
    verdict: judge(ratio, MAX_RATIO, 'max'),
    detail:
      `key to frame: ${ms(large)} after ${LARGE.toLocaleString('en-US')} lines (the store's ring keeps the newest ${TRANSCRIPT_CAPACITY.toLocaleString('en-US')}), ` +
      `${ms(small)} with ${SMALL}; medians of ${count} keys each, two processes each, alternating. ` +
      `With a ring keeping all ${LARGE.toLocaleString('en-US')}: ${ms(kept)} (${(kept / small).toFixed(2)}×)`,
  };
}

export async function measureP2(context: Context): Promise<Row[]> {
  const env = probeEnv(context.fixtures.dir);
  const count = Math.max(20, context.runs * 2);
  const results: Samples = { small: [], large: [], kept: [] };
  const runs: Array<[keyof Samples, string[]]> = [
    ['small', [String(SMALL), 'app']],
    ['large', [String(LARGE), 'app']],
    ['kept', [String(LARGE), 'all']],
  ];
  for (let round = 0; round < 2; round++) {
    context.log(`P2: key presses with ${SMALL} and ${LARGE.toLocaleString('en-US')} transcript lines (round ${round + 1} of 2)`);
    for (const [name, args] of round === 0 ? runs : [...runs].reverse()) {
      results[name].push(await probe<KeysResult>(context, ['keys', args[0]!, String(count), args[1]!], env));
    }
  }
  const rows = [
    keyRow('typing key, 1,000,000 lines vs 100', 'typing', results, count * 2),
    keyRow('scroll key (PgUp/PgDn), 1,000,000 lines vs 100', 'scroll', results, count * 2),
  ];

  context.log('P2: 100,000 server lines in one second');
  const server = await startFloodServer();
  let flood: FloodResult;
  try {
    flood = await probe<FloodResult>(context, ['flood', '127.0.0.1', String(server.port)], env);
  } finally {
    await server.close();
  }
  const worst = Math.max(...flood.latencies);
  rows.push(
    {
      id: 'P2',
      what: 'flood of 100,000 lines in 1 s: frames per second',
      value: flood.fps,
      shown: `${flood.fps.toFixed(1)} fps`,
      target: `≤ ${MAX_FPS} fps`,
      verdict: judge(flood.fps, MAX_FPS, 'max'),
      detail: `${flood.frames} frames in ${ms(flood.ms)}, from the first flood line on screen to the last; ${ms(flood.fromPasteMs)} from the paste of 100 FLOOD commands (1,000-line replies, paced over 1 s by the server) to the last line on screen`,
    },
    {
      id: 'P2',
      what: 'flood: key to frame, worst',
      value: worst,
      shown: ms(worst),
      target: `< ${MAX_LATENCY_MS} ms`,
      verdict: Number.isFinite(worst) && worst < MAX_LATENCY_MS ? 'PASS' : 'FAIL',
      detail: `${flood.latencies.length} keys typed 100 ms apart during the flood: median ${ms(median(flood.latencies))}, p90 ${ms(percentile(flood.latencies, 90))}, worst ${ms(worst)}`,
    },
  );
  return rows;
}
