/**
 * MEM: ten hours of a NOOP reply a second, accelerated: 36,000 round trips through the real connection, binding
 * and store, in a probe process run with --expose-gc. Judged on the second ten hours, once the transcript ring
 * is full: live bytes (heap and Buffers, after full collections) must not grow.
 */
import type { Context } from './lib/context.js';
import { startFloodServer } from './lib/flood-server.js';
import type { SoakResult } from './probes/results.js';
import { lastJson, succeed } from './lib/proc.js';
import { mib } from './lib/stats.js';
import type { Row } from './lib/table.js';
import { judge } from './lib/table.js';

const REPLIES = 36_000;
const MAX_GROWTH = 1.05;

export async function measureSoak(context: Context): Promise<Row[]> {
  context.log(`MEM: ${REPLIES.toLocaleString('en-US')} NOOP replies, twice`);
  const server = await startFloodServer();
  let result: SoakResult;
  try {
    result = lastJson((await succeed(process.execPath, ['--expose-gc', context.probes.soak, '127.0.0.1', String(server.port), String(REPLIES)])).stdout);
  } finally {
    await server.close();
  }
  const { fresh, full, capacity } = result;
  const growth = full.after / full.before;
  const perEntry = (fresh.after - fresh.before) / fresh.entries;
  return [
    {
      id: 'MEM',
      what: '10 h of NOOP replies (36,000) with the transcript full',
      value: growth,
      shown: `${growth.toFixed(3)}×`,
      target: `≤ ${MAX_GROWTH}× live bytes`,
      verdict: judge(growth, MAX_GROWTH, 'max'),
      detail:
        `live bytes ${mib(full.before)} → ${mib(full.after)} (lowest ${mib(Math.min(...full.samples))}, highest ${mib(Math.max(...full.samples))} ` +
        `at each hour) with the ring at its ${capacity.toLocaleString('en-US')} entries; the first 10 h from empty grew ${mib(fresh.before)} → ` +
        `${mib(fresh.after)} for ${fresh.entries.toLocaleString('en-US')} entries (~${perEntry.toFixed(0)} bytes each, bounded by the ring); ` +
        `${((fresh.ms + full.ms) / 1000).toFixed(1)} s for both`,
    },
  ];
}
