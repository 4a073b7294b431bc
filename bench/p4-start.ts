/**
 * P4: start-up. From fork to the interactive explorer's first frame on a fresh pseudo-terminal (120×40), against
 * `node -e 0` from fork to exit on the same kind of terminal; the built dist/cli.js, medians, interleaved. An Ink
 * hello world bundled the same way runs in the same rounds: the floor for any Ink program's first frame. The pty
 * comes from Python's standard library (Node has none without a native module).
 */
import path from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle.js';
import type { Context } from './lib/context.js';
import { CLI, childEnv, lastJson, ROOT, succeed, which } from './lib/proc.js';
import { interleave, median, ms } from './lib/stats.js';
import type { Row } from './lib/table.js';
import { judge, skipped } from './lib/table.js';
import { startBuiltin } from './lib/targets.js';

const MAX_RATIO = 3;
const WHAT = 'first frame of the explorer vs node -e 0';
const TARGET = `≤ ${MAX_RATIO}×`;
/** The input line's prompt: the last line of the first frame. */
const FIRST_FRAME_MARKER = 'SMTP›';
const TIMEOUT_MS = 10_000;

interface Seen {
  markerMs: number | null;
  exitMs: number | null;
}

export async function measureP4(context: Context): Promise<Row[]> {
  const python = which('python3');
  if (!python) return [skipped('P4', WHAT, TARGET, 'python3 is missing (it provides the pseudo-terminal)')];
  const env = childEnv({ XDG_STATE_HOME: context.fixtures.dir, XDG_CONFIG_HOME: context.fixtures.dir, TERM: 'xterm-256color' });
  const onTty = async (marker: string, command: string[]): Promise<Seen> =>
    lastJson<Seen>((await succeed(python, [`${ROOT}bench/tty/first-output.py`, marker, String(TIMEOUT_MS), '120', '40', ...command], { env })).stdout);
  const helloDir = path.join(context.fixtures.dir, 'ink-hello');
  await build(bundleOptions({ hello: `${ROOT}bench/probes/ink-hello.tsx` }, helloDir));
  const helloWorld = path.join(helloDir, 'hello.js');
  const server = await startBuiltin(1024 * 1024);
  try {
    const explorer = async (): Promise<number> => {
      const seen = await onTty(FIRST_FRAME_MARKER, [process.execPath, CLI, `${server.host}:${server.port}`]);
      if (seen.markerMs === null) throw new Error(`no first frame within ${TIMEOUT_MS} ms`);
      return seen.markerMs;
    };
    const hello = async (): Promise<number> => {
      const seen = await onTty(FIRST_FRAME_MARKER, [process.execPath, helloWorld]);
      if (seen.markerMs === null) throw new Error(`the Ink hello world drew nothing within ${TIMEOUT_MS} ms`);
      return seen.markerMs;
    };
    const node = async (): Promise<number> => {
      const seen = await onTty('', [process.execPath, '-e', '0']);
      if (seen.exitMs === null) throw new Error('node -e 0 did not exit');
      return seen.exitMs;
    };
    context.log(`P4: first frame, ${context.runs} rounds`);
    await explorer();
    await hello();
    const samples = await interleave(context.runs, { explorer, hello, node });
    const [frameMs, helloMs, nodeMs] = [median(samples.explorer), median(samples.hello), median(samples.node)];
    const ratio = frameMs / nodeMs;
    return [
      {
        id: 'P4',
        what: WHAT,
        value: ratio,
        shown: `${ratio.toFixed(2)}×`,
        target: TARGET,
        verdict: judge(ratio, MAX_RATIO, 'max'),
        detail:
          `first frame ${ms(frameMs)}, node -e 0 ${ms(nodeMs)} (medians of ${context.runs}, interleaved, fork to frame / exit on a pty); ` +
          `the floor: an Ink hello world bundled the same way draws in ${ms(helloMs)} = ${(helloMs / nodeMs).toFixed(2)}× node -e 0`,
      },
    ];
  } finally {
    await server.stop();
  }
}
