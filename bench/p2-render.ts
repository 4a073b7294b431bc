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
import type { FloodResult, KeyCost, KeysResult } from './probes/results.js';
import { median, ms, percentile } from './lib/stats.js';
import type { Row } from './lib/table.js';
import { judge } from './lib/table.js';

const SMALL = 100;
const LARGE = 1_000_000;
const MAX_RATIO = 1.2;
const MAX_FPS = 30;
const MAX_LATENCY_MS = 50;
/** Processes per transcript size: a key's frame takes 3-5 ms of CPU here, so a few busy moments move a median. */
const KEY_ROUNDS = 4;
/**
 * Keys measured in each process (at least; more with --runs): a key costs 3-5 ms of CPU with a slow one in every
 * few (a collection, a function optimised), and with 15 a process's median moved by a third between runs.
 */
const KEYS_PER_PROCESS = 40;
const FLOODS = 3;

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

/**
 * The cost of a key's frame is the CPU the process spends from the key to the frame: unlike the clock, it does
 * not count the moments this 2-core machine gives to others. The clock is shown beside it.
 */
function keyRow(what: string, key: 'typing' | 'scroll', results: Samples, count: number): Row {
  const of = (runs: KeysResult[], measure: keyof KeyCost): number => median(runs.flatMap((run) => run[key].map((cost) => cost[measure])));
  const cpu = { small: of(results.small, 'cpu'), large: of(results.large, 'cpu'), kept: of(results.kept, 'cpu') };
  const wall = { small: of(results.small, 'wall'), large: of(results.large, 'wall') };
  const ratio = cpu.large / cpu.small;
  return {
    id: 'P2',
    what,
    value: ratio,
    shown: `${ratio.toFixed(2)}×`,
    target: `≤ ${MAX_RATIO}×`,
    verdict: judge(ratio, MAX_RATIO, 'max'),
    detail:
      `CPU from key to frame: ${ms(cpu.large)} after ${LARGE.toLocaleString('en-US')} lines (the store's ring keeps the newest ${TRANSCRIPT_CAPACITY.toLocaleString('en-US')}), ` +
      `${ms(cpu.small)} with ${SMALL} (on the clock ${ms(wall.large)} and ${ms(wall.small)}); medians of ${count} keys each, ${KEY_ROUNDS} processes each, alternating. ` +
      `With a ring keeping all ${LARGE.toLocaleString('en-US')}: ${ms(cpu.kept)} of CPU (${(cpu.kept / cpu.small).toFixed(2)}×)`,
  };
}

export async function measureP2(context: Context): Promise<Row[]> {
  const env = probeEnv(context.fixtures.dir);
  const count = Math.max(KEYS_PER_PROCESS, context.runs);
  const results: Samples = { small: [], large: [], kept: [] };
  const runs: Array<[keyof Samples, string[]]> = [
    ['small', [String(SMALL), 'app']],
    ['large', [String(LARGE), 'app']],
    ['kept', [String(LARGE), 'all']],
  ];
  for (let round = 0; round < KEY_ROUNDS; round++) {
    context.log(`P2: key presses with ${SMALL} and ${LARGE.toLocaleString('en-US')} transcript lines (round ${round + 1} of ${KEY_ROUNDS})`);
    for (const [name, args] of round % 2 === 0 ? runs : [...runs].reverse()) {
      results[name].push(await probe<KeysResult>(context, ['keys', args[0]!, String(count), args[1]!], env));
    }
  }
  const rows = [
    keyRow('typing key, 1,000,000 lines vs 100', 'typing', results, count * KEY_ROUNDS),
    keyRow('scroll key (PgUp/PgDn), 1,000,000 lines vs 100', 'scroll', results, count * KEY_ROUNDS),
  ];

  context.log(`P2: 100,000 server lines in one second, ${FLOODS} times`);
  const server = await startFloodServer();
  const floods: FloodResult[] = [];
  try {
    for (let run = 0; run < FLOODS; run++) floods.push(await probe<FloodResult>(context, ['flood', '127.0.0.1', String(server.port)], env));
  } finally {
    await server.close();
  }
  const fastest = floods.reduce((most, run) => (run.fps > most.fps ? run : most));
  const latencies = floods.flatMap((run) => run.latencies);
  const worst = Math.max(...latencies);
  rows.push(
    {
      id: 'P2',
      what: 'flood of 100,000 lines in 1 s: frames per second',
      value: fastest.fps,
      shown: `${fastest.fps.toFixed(1)} fps`,
      target: `≤ ${MAX_FPS} fps`,
      verdict: judge(fastest.fps, MAX_FPS, 'max'),
      detail:
        `the highest of ${FLOODS} floods (${floods.map((run) => run.fps.toFixed(1)).join(', ')} fps): ${fastest.frames} frames in ${ms(fastest.ms)} from the first flood line on screen to the last; ` +
        `${ms(median(floods.map((run) => run.fromPasteMs)))} (median) from the paste of 100 FLOOD commands (1,000-line replies, paced over 1 s by the server) to the last line on screen`,
    },
    {
      id: 'P2',
      what: 'flood: key to frame, worst',
      value: worst,
      shown: ms(worst),
      target: `< ${MAX_LATENCY_MS} ms`,
      verdict: Number.isFinite(worst) && worst < MAX_LATENCY_MS ? 'PASS' : 'FAIL',
      detail: `${latencies.length} keys typed 100 ms apart during ${FLOODS} floods: median ${ms(median(latencies))}, p90 ${ms(percentile(latencies, 90))}, worst ${ms(worst)}`,
    },
  );
  return rows;
}
