/**
 * smtp-explorer as `npm install && npm start` gives it: the built dist/, cli.js and a bundle per mode loaded
 * through the code cache. Every mode runs once from it; the explorer with no host named, so the built-in server
 * starts in the same process, in a real terminal.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { bundle } from '../../scripts/bundle.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../session/helpers.js';
import { hasTmux, shellQuote, Tmux } from './tmux.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;
const SIZE = { columns: 120, rows: 40 };

// Laid out as an installed package: package.json (the version) beside dist/.
const built = await mkdtemp(join(tmpdir(), 'smtp-explorer-dist-'));
await bundle(join(built, 'dist'));
await copyFile(join(ROOT, 'package.json'), join(built, 'package.json'));
const CLI = join(built, 'dist', 'cli.js');
test.after.always(() => rm(built, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('every mode runs from the build: version, scenarios, explain, a usage error from a mode, script mode', async (t) => {
  const home = await tempDir(t);
  const env = { XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') };
  t.regex((await run(['--version'], env)).stdout, /^smtp-explorer \d+\.\d+\.\d+\n$/);
  t.regex((await run(['--list-scenarios'], env)).stdout, /^default {2,}/);
  t.regex((await run(['--explain', '550'], env)).stdout, /^550 — /);
  // Thrown inside the explorer's bundle, known as a usage error by the CLI.
  const bogus = await run(['--scenario', 'bogus'], env);
  t.is(bogus.code, 64, bogus.stderr);
  t.regex(bogus.stderr, /^smtp-explorer: no scenario "bogus"; there are: default, /);
  const script = await run(['--script', 'examples/starttls.smtp'], env);
  t.is(script.code, 0, script.stderr);
  t.regex(script.stdout, /<~ {2}221 /);
  const caches = await readdir(join(home, 'cache', 'smtp-explorer'));
  t.true(caches.some((name) => name.startsWith('script-')), caches.join(' '));
});

async function start(t: ExecutionContext, cli: string, home: string): Promise<Tmux> {
  const env = { XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') };
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${shellQuote(value)}`);
  const tmux = await Tmux.start(`cd ${shellQuote(ROOT)} && env ${assignments.join(' ')} node ${shellQuote(cli)} --helo x; echo "EXITED $?"; sleep 600`, SIZE);
  t.teardown(() => tmux.kill());
  return tmux;
}

async function quit(t: ExecutionContext, tmux: Tmux): Promise<void> {
  await tmux.keys('C-c');
  t.true((await tmux.waitForText('EXITED ')).includes('EXITED 0'));
}

/** The code cache of one bundle (`explorer`, `workshop`, …), once written. */
async function cacheFile(t: ExecutionContext, home: string, bundle: string): Promise<string> {
  const directory = join(home, 'cache', 'smtp-explorer');
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const names = await readdir(directory).catch(() => []);
    const found = names.find((name) => name.startsWith(`${bundle}-`) && name.endsWith('.v8cache'));
    if (found) return join(directory, found);
  }
  t.fail(`no code cache for ${bundle} in ${directory}`);
  return '';
}

tmuxTest('the built explorer with no host: the built-in server (a bundle of its own), STARTTLS; the code caches are written owner-only and used by the next start', async (t) => {
  const cli = CLI;
  const home = await tempDir(t);

  const first = await start(t, cli, home);
  await first.waitForText('220 localhost ESMTP');
  await first.type('EHLO x');
  await first.keys('Enter');
  // The EHLO reply's own line: the TLS pane's hint says "STARTTLS" before any reply.
  await first.waitFor((screen) => /250[- ]STARTTLS/.test(screen), 'STARTTLS offered in the EHLO reply');
  await first.type('STARTTLS');
  await first.keys('Enter');
  await first.waitFor((screen) => /TLSv1\.3/.test(screen), 'TLS 1.3 in the TLS pane');
  const cache = await cacheFile(t, home, 'explorer');
  const made = await stat(cache);
  t.is(made.mode & 0o777, 0o600);
  // The server's code has a cache of its own: the explorer's stays what a run with a host needs.
  const serverCache = await cacheFile(t, home, 'workshop');
  const serverMade = await stat(serverCache);
  t.is(serverMade.mode & 0o777, 0o600);
  await quit(t, first);

  const second = await start(t, cli, home);
  await second.waitForText('220 localhost ESMTP');
  await quit(t, second);
  // Used as they were: a refused or missing cache would have been written again.
  t.is((await stat(cache)).mtimeMs, made.mtimeMs);
  t.is((await stat(serverCache)).mtimeMs, serverMade.mtimeMs);
});
