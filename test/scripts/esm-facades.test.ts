/**
 * The build's ES module facades for React and `process`: one module instance behind them (React's hooks need
 * that), the same values as the modules themselves, and a build that fails when code imports a name a facade
 * leaves out, rather than a binding that is quietly undefined.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { build } from 'esbuild';
import { esmFacades, facadeSource } from '../../scripts/esm-facades.js';
import { ROOT } from '../helpers/cli.js';

const require = createRequire(import.meta.url);

const ENTRY = `
import React, { useState, createElement } from 'react';
import { jsx } from 'react/jsx-runtime';
import process from 'node:process';
import { env, cwd } from 'node:process';
import { fromCommonJs } from './common.cjs';
export function check() {
  return {
    sameReact: fromCommonJs() === React && React.useState === useState && createElement === React.createElement,
    jsx: typeof jsx === 'function',
    sameProcess: process === globalThis.process && env === globalThis.process.env && cwd() === globalThis.process.cwd(),
  };
}
`;

async function bundled(dir: string, entry: string): Promise<string> {
  await writeFile(join(dir, 'entry.mjs'), entry);
  await writeFile(join(dir, 'common.cjs'), "const react = require('react');\nexports.fromCommonJs = () => react;\n");
  const outfile = join(dir, 'bundle.cjs');
  await build({ entryPoints: [join(dir, 'entry.mjs')], outfile, bundle: true, format: 'cjs', platform: 'node', nodePaths: [join(ROOT, 'node_modules')], plugins: [esmFacades], logLevel: 'silent' });
  return outfile;
}

test('behind the facades are the modules themselves, React once for ES and CommonJS importers alike', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'esm-facades-'));
  try {
    const bundle = await bundled(dir, ENTRY);
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(bundle)}).check()))`]);
    t.deepEqual(JSON.parse(stdout), { sameReact: true, jsx: true, sameProcess: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("React's facade names all its exports; process's only env and cwd, and importing another fails the build", async (t) => {
  // The production build, as the bundles hold it: the development one this process loads has two names more.
  const production = require(join(ROOT, 'node_modules', 'react', 'cjs', 'react.production.js')) as object;
  const exported = /export const \{ (.*) \} = exported;/.exec(facadeSource('react'))?.[1]?.split(', ');
  t.deepEqual(exported, Object.keys(production));
  t.false(exported?.includes('act'));
  t.regex(facadeSource('node:process'), /export const \{ env, cwd \} = exported;$/);
  const dir = await mkdtemp(join(tmpdir(), 'esm-facades-'));
  try {
    await t.throwsAsync(bundled(dir, "import { stdin } from 'node:process';\nexport const input = stdin;\n"), { message: /No matching export.*"stdin"/s });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
