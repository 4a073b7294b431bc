/**
 * The code cache, as a start uses it: each load is a new Node process (V8 accepts a cache only from a fresh
 * isolate's point of view), the cache is written once the run says it is warm, and the next one reads it.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { CacheUse } from '../../src/cli/code-cache.js';
import { ROOT } from '../helpers/cli.js';

const MODULE = `
const { basename } = require('node:path');
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
module.exports = { answer: fib(20), file: basename(__filename) };
`;

interface Outcome {
  cache: CacheUse;
  answer: number;
  file: string;
}

/** `warm`: the run ends as a mode that ran its course does (markWarm); otherwise it ends early, as on a usage error. */
function load(bundle: string, cacheDirectory: string | undefined, { warm = true } = {}): Promise<Outcome> {
  const loader = `${ROOT}src/cli/code-cache.ts`;
  const warmth = `${ROOT}src/cli/warm.ts`;
  const program = `const { loadCompiled } = await import(${JSON.stringify(loader)});
const { markWarm } = await import(${JSON.stringify(warmth)});
const { exports, cache } = loadCompiled(${JSON.stringify(bundle)}, ${cacheDirectory === undefined ? 'undefined' : JSON.stringify(cacheDirectory)});
${warm ? 'markWarm();' : ''}
process.stdout.write(JSON.stringify({ cache, answer: exports.answer, file: exports.file }));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', program], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(stdout) as Outcome) : reject(new Error(`exit ${code}: ${stderr}`))));
  });
}

function setUp(t: ExecutionContext): { bundle: string; cacheDirectory: string; cacheFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'bundle-ABC123.cjs');
  writeFileSync(bundle, MODULE);
  const cacheDirectory = join(dir, 'cache', 'smtp-explorer');
  return { bundle, cacheDirectory, cacheFile: join(cacheDirectory, `bundle-ABC123.cjs.${process.version}-${process.arch}.v8cache`) };
}

test('the first start makes the cache, owner-only, and the next one runs from it', async (t) => {
  const { bundle, cacheDirectory, cacheFile } = setUp(t);
  const first = await load(bundle, cacheDirectory);
  t.deepEqual(first, { cache: 'made', answer: 6765, file: 'bundle-ABC123.cjs' });
  t.is(statSync(cacheFile).mode & 0o777, 0o600);
  t.is(statSync(cacheDirectory).mode & 0o777, 0o700);
  t.deepEqual(await load(bundle, cacheDirectory), { cache: 'used', answer: 6765, file: 'bundle-ABC123.cjs' });
});

test('a cache V8 refuses is made again, and the module still runs', async (t) => {
  const { bundle, cacheDirectory, cacheFile } = setUp(t);
  await load(bundle, cacheDirectory);
  writeFileSync(cacheFile, Buffer.alloc(4096, 0x5a));
  t.is((await load(bundle, cacheDirectory)).cache, 'remade');
  t.is((await load(bundle, cacheDirectory)).cache, 'used');
});

test('a cache file others may write is never read: it is replaced by an owner-only one', async (t) => {
  const { bundle, cacheDirectory, cacheFile } = setUp(t);
  await load(bundle, cacheDirectory);
  chmodSync(cacheFile, 0o666);
  t.is((await load(bundle, cacheDirectory)).cache, 'made');
  t.is(statSync(cacheFile).mode & 0o777, 0o600);
});

test('without a cache directory, or with one that cannot be made, the module runs all the same', async (t) => {
  const { bundle, cacheDirectory } = setUp(t);
  t.is((await load(bundle, undefined)).cache, 'off');
  // A file where the directory should be: no cache, and nothing says so but the next start's time.
  const inTheWay = join(cacheDirectory, '..');
  writeFileSync(inTheWay, 'in the way');
  t.like(await load(bundle, cacheDirectory), { cache: 'off', answer: 6765 });
  t.is(readFileSync(inTheWay, 'utf8'), 'in the way');
});

test('a run that ends before it is warm leaves no cache; the next warm one makes it', async (t) => {
  const { bundle, cacheDirectory, cacheFile } = setUp(t);
  t.is((await load(bundle, cacheDirectory, { warm: false })).cache, 'made');
  t.false(existsSync(cacheFile), 'nothing kept of a run that ended early');
  t.is((await load(bundle, cacheDirectory)).cache, 'made');
  t.true(existsSync(cacheFile));
});

test('a cache directory others may write is not used at all', async (t) => {
  const { bundle, cacheDirectory, cacheFile } = setUp(t);
  await load(bundle, cacheDirectory);
  chmodSync(cacheDirectory, 0o777);
  t.is((await load(bundle, cacheDirectory)).cache, 'off');
  chmodSync(cacheDirectory, 0o700);
  t.is((await load(bundle, cacheDirectory)).cache, 'used');
  t.true(existsSync(cacheFile));
});

test('a new cache keeps the newest of the same mode’s other caches, drops older ones and abandoned temporary files, and leaves other modes’ alone', async (t) => {
  const { bundle, cacheDirectory, cacheFile } = setUp(t);
  mkdirSync(cacheDirectory, { recursive: true, mode: 0o700 });
  const file = (name: string, ageSeconds: number): string => {
    const path = join(cacheDirectory, name);
    writeFileSync(path, 'old', { mode: 0o600 });
    const when = Date.now() / 1000 - ageSeconds;
    utimesSync(path, when, when);
    return path;
  };
  const newest = file('bundle-NEW999.cjs.v22.0.0-x64.v8cache', 10);
  file('bundle-OLD999.cjs.v20.0.0-x64.v8cache', 1000);
  file('bundle-OLDER9.cjs.v20.0.0-x64.v8cache', 2000);
  const otherMode = file('other-ABC123.cjs.v20.0.0-x64.v8cache', 3000);
  file('bundle-ABC123.cjs.v20.0.0-x64.v8cache.1.abcd.tmp', 3600);
  const writing = file('other-ABC123.cjs.v20.0.0-x64.v8cache.2.efgh.tmp', 1);
  t.is((await load(bundle, cacheDirectory)).cache, 'made');
  t.deepEqual(readdirSync(cacheDirectory).sort(), [basename(cacheFile), basename(newest), basename(otherMode), basename(writing)].sort());
});
