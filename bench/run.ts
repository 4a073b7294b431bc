/**
 * `npm run bench`: builds dist/ as `npm run build` does, then measures each target of the performance issue as
 * a ratio against a reference run on this machine in this run, and prints a table (or `--json`).
 *
 * Flags: --json · --runs N (rounds of the timed comparisons, default 15) · --only P1,P3,… (ids: P1 P2 P3 P4 MEM)
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundle } from '../scripts/bundle.js';
import { compileBareClient } from './lib/bare-client.js';
import type { Context } from './lib/context.js';
import { createFixtures } from './lib/fixtures.js';
import { describeMachine } from './lib/machine.js';
import { buildProbes } from './lib/probes.js';
import { ROOT } from './lib/proc.js';
import type { Report, Row } from './lib/table.js';
import { formatMachine, formatTable } from './lib/table.js';
import { measureP1 } from './p1-session.js';
import { measureP2 } from './p2-render.js';
import { measureP3 } from './p3-body.js';
import { measureP4 } from './p4-start.js';
import { measureSoak } from './soak.js';

const MEASUREMENTS: Record<string, (context: Context) => Promise<Row[]>> = {
  P1: measureP1,
  P2: measureP2,
  P3: measureP3,
  P4: measureP4,
  MEM: measureSoak,
};

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '15' },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number ≥ 1, not ${values.runs}`);
const wanted = values.only?.split(',').map((id) => id.trim().toUpperCase()) ?? Object.keys(MEASUREMENTS);
const unknown = wanted.filter((id) => !(id in MEASUREMENTS));
if (unknown.length > 0) throw new Error(`unknown measurement ${unknown.join(', ')}; known: ${Object.keys(MEASUREMENTS).join(' ')}`);

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);
process.chdir(ROOT);
const notes: string[] = [];
if (process.env.NODE_EXTRA_CA_CERTS) {
  notes.push('NODE_EXTRA_CA_CERTS is set here; measured processes run without it (with it, every Node start parses that CA bundle first).');
}
const machine = describeMachine();
const startedAt = new Date().toISOString();
log('building dist/');
const metafile = await bundle();
const fixtures = await createFixtures();
// Every measured run keeps its code cache with the fixtures, not in the user's own cache directory.
process.env.XDG_CACHE_HOME = path.join(fixtures.dir, 'cache');
const rows: Row[] = [];
try {
  const bareClient = await compileBareClient(fixtures.dir);
  const probes = await buildProbes(fixtures.dir);
  for (const id of wanted) {
    // The row before may leave megabytes to write back (P3 writes 100 MiB bodies); written now, the disk's
    // catching up does not land in this row's timings. Without a sync command the rows simply follow each other.
    try {
      execFileSync('sync');
    } catch {
      log('no sync command: the rows follow each other without flushing the disk first');
    }
    const context: Context = { runs, fixtures, bareClient, probes, metafile, notes, log };
    rows.push(...(await MEASUREMENTS[id]!(context)));
  }
} finally {
  await fixtures.remove();
}
machine['load average at end'] = loadavg().map((load) => load.toFixed(2)).join(' ');
const report: Report = { machine, startedAt, rows, notes };
if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else process.stdout.write(`${formatMachine(machine)}\n\n${formatTable(report)}\n`);
process.exitCode = rows.some((row) => row.verdict === 'FAIL') ? 1 : 0;
