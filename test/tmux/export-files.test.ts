/**
 * /export in a real terminal (tmux, 100x30), as a workshop teacher tries it: `~/` is the home directory, and a file
 * already there is replaced only after a yes (Enter keeps it).
 */
import test from 'ava';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinServer, tempDir } from '../session/helpers.js';
import { cliCommand, hasTmux, Tmux } from './tmux.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;
const SIZE = { columns: 100, rows: 30 };

tmuxTest('/export ~/FILE writes in HOME; a second /export to it asks, Enter keeps the file and the command, y replaces it', async (t) => {
  const server = await builtinServer(t);
  const home = await tempDir(t);
  const env = { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') };
  const tmux = await Tmux.start(cliCommand([`127.0.0.1:${server.port}`, '--no-hints'], env), SIZE);
  t.teardown(() => tmux.kill());
  const file = join(home, 'sess.txt');
  await tmux.waitForText('220 localhost ESMTP');

  await tmux.type('/export ~/sess.txt');
  await tmux.keys('Enter');
  await tmux.waitForText(`to ${file} (text`);
  await writeFile(file, 'kept\n');

  await tmux.type('/export ~/sess.txt');
  await tmux.keys('Enter');
  const asked = await tmux.waitForText(`${file} exists: overwrite? y/N`);
  t.true(asked.includes('y = yes, overwrite it · n, Enter or Esc = no'), asked);
  await tmux.keys('Enter');
  const kept = await tmux.waitForText(`not exported: ${file} exists and was kept as it was`);
  t.true(kept.includes('/export ~/sess.txt'), 'the command is back in the input');
  t.is(await readFile(file, 'utf8'), 'kept\n');

  await tmux.keys('Enter');
  await tmux.waitForText(`${file} exists: overwrite? y/N`);
  await tmux.type('y');
  await tmux.waitForText(`to ${file} (text`);
  t.regex(await readFile(file, 'utf8'), /^<- {2}220 localhost ESMTP/m);
  t.is((await stat(file)).mode & 0o777, 0o600);

  await tmux.keys('C-c');
  t.true((await tmux.waitForText('EXITED ')).includes('EXITED 0'));
});
