/**
 * The build's stand-ins for Node built-ins that a start does not need: nothing of the built-in loads until a
 * binding is read, and then every binding is the built-in's own, through named, default and namespace imports
 * alike, as the CommonJS bundles the CLI is built into use them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { build } from 'esbuild';
import { LAZY_BUILTINS, lazyBuiltins, lazyModuleSource } from '../../scripts/lazy-builtins.js';

const require = createRequire(import.meta.url);

const ENTRY = `
import { randomUUID, X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import * as files from 'node:fs/promises';
import { execFileSync } from 'child_process';
import assert from 'assert';
const loaded = (name) => process.moduleLoadList.includes('NativeModule ' + name);
export function check() {
  const before = Object.fromEntries(['crypto', 'tls', 'fs/promises', 'child_process', 'assert'].map((name) => [name, loaded(name)]));
  const uuid = randomUUID();
  return {
    before,
    uuid: /^[0-9a-f-]{36}$/.test(uuid),
    same: tls.connect === require('node:tls').connect && files.readFile === require('node:fs/promises').readFile
      && execFileSync === require('node:child_process').execFileSync && X509Certificate === require('node:crypto').X509Certificate
      && assert.strictEqual === require('node:assert').strictEqual,
    roots: tls.rootCertificates.length > 0,
    after: loaded('crypto') && loaded('tls') && loaded('fs/promises') && loaded('child_process') && loaded('assert'),
  };
}
`;

test('each built-in loads at its first use, and what is used is the built-in itself', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lazy-builtins-'));
  try {
    await writeFile(join(dir, 'entry.mjs'), ENTRY);
    const bundle = join(dir, 'bundle.cjs');
    await build({ entryPoints: [join(dir, 'entry.mjs')], outfile: bundle, bundle: true, format: 'cjs', platform: 'node', plugins: [lazyBuiltins], logLevel: 'silent' });
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(bundle)}).check()))`]);
    t.deepEqual(JSON.parse(stdout), {
      before: { crypto: false, tls: false, 'fs/promises': false, child_process: false, assert: false },
      uuid: true,
      same: true,
      roots: true,
      after: true,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a stand-in names every export of its built-in, and refuses what is not one', (t) => {
  for (const name of LAZY_BUILTINS) {
    const source = lazyModuleSource(name);
    const real = Object.getOwnPropertyNames(require(`node:${name}`) as object).filter((key) => key !== 'default');
    for (const key of real) t.true(source.includes(`${JSON.stringify(key)}: {`), `${name}.${key}`);
  }
  t.throws(() => lazyModuleSource('left-pad'), { message: /not a Node built-in/ });
});
