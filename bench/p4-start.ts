/**
 * P4: start-up. From fork to the interactive explorer's first frame on a fresh pseudo-terminal (120×40), against
 * `node -e 0` from fork to exit on the same kind of terminal; the built dist/cli.js, medians, interleaved. Twice:
 * with a host named, and with none (`npm start`), where the built-in server starts after the first frame.
 *
 * The explorer compiles through V8's code cache (src/cli/code-cache.ts): every start after the first finds the
 * bytecode of the one before. The row judges that usual start; the detail gives the first start after an
 * install too (an empty cache directory each time). An Ink hello world bundled and loaded the same way runs in
 * the same rounds: the floor for any Ink program's first frame. The pty comes from Python's standard library
 * (Node has none without a native module).
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { cachedBundleOptions } from '../scripts/bundle.js';
import { WRITE_CACHE_AFTER_MS } from '../src/cli/code-cache.js';
import type { Context } from './lib/context.js';
import { CLI, childEnv, lastJson, ROOT, succeed, which } from './lib/proc.js';
import { interleave, median, ms } from './lib/stats.js';
import type { Row } from './lib/table.js';
import { judge, skipped } from './lib/table.js';
import { startBuiltin } from './lib/targets.js';

const MAX_RATIO = 3;
const WHAT = 'first frame of the explorer vs node -e 0';
const WHAT_BUILTIN = 'the same with no host (npm start: the built-in server)';
const TARGET = `≤ ${MAX_RATIO}×`;
/** The input line's prompt: the last line of the first frame. */
const FIRST_FRAME_MARKER = 'SMTP›';
const TIMEOUT_MS = 10_000;
/** A warm-up run stays this long after its first frame, so that the code cache is written. */
const WARM_UP_LINGER_MS = WRITE_CACHE_AFTER_MS + 500;

interface Seen {
  markerMs: number | null;
  exitMs: number | null;
}

/** The hello world as a CommonJS bundle, and the launcher that runs it through the code cache, both built as the CLI's. */
async function buildHello(dir: string): Promise<string[]> {
  await build(cachedBundleOptions({ hello: `${ROOT}bench/probes/ink-hello.tsx`, 'load-cached': `${ROOT}bench/probes/load-cached.ts` }, dir));
  const names = await readdir(path.join(dir, 'chunks'));
  const named = (prefix: string): string => {
    const name = names.find((file) => file.startsWith(`${prefix}-`) && file.endsWith('.cjs'));
    if (!name) throw new Error(`no ${prefix} bundle in ${dir}/chunks`);
    return path.join(dir, 'chunks', name);
  };
  return [named('load-cached'), named('hello'), path.join(dir, 'hello-cache')];
}

export async function measureP4(context: Context): Promise<Row[]> {
  const python = which('python3');
  if (!python) return [WHAT, WHAT_BUILTIN].map((what) => skipped('P4', what, TARGET, 'python3 is missing (it provides the pseudo-terminal)'));
  const cache = path.join(context.fixtures.dir, 'cache');
  const coldCache = path.join(context.fixtures.dir, 'cold-cache');
  const envWith = (cacheHome: string): NodeJS.ProcessEnv =>
    childEnv({ XDG_STATE_HOME: context.fixtures.dir, XDG_CONFIG_HOME: context.fixtures.dir, XDG_CACHE_HOME: cacheHome, TERM: 'xterm-256color' });
  const onTty = async (marker: string, command: string[], cacheHome = cache, linger = 0): Promise<Seen> => {
    const lingering = linger > 0 ? ['--linger', String(linger)] : [];
    const script = `${ROOT}bench/tty/first-output.py`;
    const { stdout } = await succeed(python, [script, marker, String(TIMEOUT_MS), '120', '40', ...lingering, ...command], { env: envWith(cacheHome) });
    return lastJson<Seen>(stdout);
  };
  const firstFrame = async (command: string[], cacheHome?: string, linger?: number): Promise<number> => {
    const seen = await onTty(FIRST_FRAME_MARKER, command, cacheHome, linger);
    if (seen.markerMs === null) throw new Error(`${command.join(' ')}: no first frame within ${TIMEOUT_MS} ms`);
    return seen.markerMs;
  };
  const hello = [process.execPath, ...(await buildHello(path.join(context.fixtures.dir, 'ink-hello')))];
  const server = await startBuiltin(1024 * 1024);
  try {
    const explorerCommand = [process.execPath, CLI, `${server.host}:${server.port}`];
    const explorer = (): Promise<number> => firstFrame(explorerCommand);
    const builtinCommand = [process.execPath, CLI];
    const explorerBuiltin = (): Promise<number> => firstFrame(builtinCommand);
    const explorerCold = async (): Promise<number> => {
      await rm(coldCache, { recursive: true, force: true });
      await mkdir(coldCache);
      return firstFrame(explorerCommand, coldCache);
    };
    const helloWorld = (): Promise<number> => firstFrame(hello);
    const node = async (): Promise<number> => {
      const seen = await onTty('', [process.execPath, '-e', '0']);
      if (seen.exitMs === null) throw new Error('node -e 0 did not exit');
      return seen.exitMs;
    };
    context.log(`P4: first frame, ${context.runs} rounds`);
    await firstFrame(explorerCommand, cache, WARM_UP_LINGER_MS);
    await firstFrame(hello, cache, WARM_UP_LINGER_MS);
    await firstFrame(builtinCommand);
    const samples = await interleave(context.runs, { explorer, explorerBuiltin, explorerCold, hello: helloWorld, node });
    const [frameMs, builtinMs, coldMs] = [median(samples.explorer), median(samples.explorerBuiltin), median(samples.explorerCold)];
    const [helloMs, nodeMs] = [median(samples.hello), median(samples.node)];
    const ratio = frameMs / nodeMs;
    const builtinRatio = builtinMs / nodeMs;
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
          `the first start after an install (no code cache yet) ${ms(coldMs)} = ${(coldMs / nodeMs).toFixed(2)}×; ` +
          `the floor: an Ink hello world bundled and cached the same way draws in ${ms(helloMs)} = ${(helloMs / nodeMs).toFixed(2)}× node -e 0`,
      },
      {
        id: 'P4',
        what: WHAT_BUILTIN,
        value: builtinRatio,
        shown: `${builtinRatio.toFixed(2)}×`,
        target: TARGET,
        verdict: judge(builtinRatio, MAX_RATIO, 'max'),
        detail: `first frame ${ms(builtinMs)}, node -e 0 ${ms(nodeMs)} (same rounds); the server, its certificate made on the spot, starts once the frame is drawn`,
      },
    ];
  } finally {
    await server.stop();
  }
}
