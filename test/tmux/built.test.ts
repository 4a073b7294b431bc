/**
 * The explorer as `npm install && npm start` gives it: the built dist/ (the CLI, and the explorer's own bundle
 * loaded through the code cache), no host named, so the built-in server starts in the same process.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { bundle } from '../../scripts/bundle.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../session/helpers.js';
import { hasTmux, shellQuote, Tmux } from './tmux.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;
const SIZE = { columns: 120, rows: 40 };

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

async function cacheFile(t: ExecutionContext, home: string): Promise<string> {
  const directory = join(home, 'cache', 'smtp-explorer');
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const names = await readdir(directory).catch(() => []);
    const found = names.find((name) => name.endsWith('.v8cache'));
    if (found) return join(directory, found);
  }
  t.fail(`no code cache in ${directory}`);
  return '';
}

tmuxTest('the built explorer with no host: the built-in server, STARTTLS; the code cache is written owner-only and used by the next start', async (t) => {
  const dir = await tempDir(t);
  await bundle(join(dir, 'dist'));
  const cli = join(dir, 'dist', 'cli.js');
  const home = await tempDir(t);

  const first = await start(t, cli, home);
  await first.waitForText('220 localhost ESMTP');
  await first.type('EHLO x');
  await first.keys('Enter');
  await first.waitForText('STARTTLS');
  await first.type('STARTTLS');
  await first.keys('Enter');
  await first.waitFor((screen) => /TLSv1\.3/.test(screen), 'TLS 1.3 in the TLS pane');
  const cache = await cacheFile(t, home);
  const made = await stat(cache);
  t.is(made.mode & 0o777, 0o600);
  await quit(t, first);

  const second = await start(t, cli, home);
  await second.waitForText('220 localhost ESMTP');
  await quit(t, second);
  // Used as it was: a refused or missing cache would have been written again.
  t.is((await stat(cache)).mtimeMs, made.mtimeMs);
});
