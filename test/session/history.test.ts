import test from 'ava';
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { History, historyPath, storable } from '../../src/session/history.js';
import { tempDir } from './helpers.js';

test('the path follows XDG_STATE_HOME, else ~/.local/state; a relative XDG path is ignored', (t) => {
  t.is(historyPath({ XDG_STATE_HOME: '/s' }, '/home/u'), '/s/smtp-explorer/history');
  t.is(historyPath({}, '/home/u'), '/home/u/.local/state/smtp-explorer/history');
  t.is(historyPath({ XDG_STATE_HOME: 'relative' }, '/home/u'), '/home/u/.local/state/smtp-explorer/history');
});

test('lines persist across runs, newest last, de-duplicated, owner-only', async (t) => {
  const file = join(await tempDir(t), 'state', 'history');
  const first = History.load(file);
  for (const line of ['EHLO a', 'MAIL FROM:<a@b>', 'EHLO a', 'EHLO a']) first.add(line);
  await first.flush();
  t.is(await readFile(file, 'utf8'), 'MAIL FROM:<a@b>\nEHLO a\n');
  t.is((await stat(file)).mode & 0o777, 0o600);
  const second = History.load(file);
  t.deepEqual(second.entries, ['MAIL FROM:<a@b>', 'EHLO a']);
  t.is(second.recall(0), 'EHLO a');
  t.is(second.recall(1), 'MAIL FROM:<a@b>');
  t.is(second.recall(2), undefined);
});

test('capped: the oldest lines go', async (t) => {
  const history = History.load(join(await tempDir(t), 'history'), 3);
  for (let i = 0; i < 5; i++) history.add(`NOOP ${i}`);
  await history.flush();
  t.deepEqual(history.entries, ['NOOP 2', 'NOOP 3', 'NOOP 4']);
});

test('AUTH lines are never stored, whatever the caller does, not even from an old file', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'history');
  await writeFile(file, 'EHLO a\nAUTH PLAIN AHN0dWRlbnQAd29ya3Nob3A=\n');
  const history = History.load(file);
  t.deepEqual(history.entries, ['EHLO a']);
  await history.flush();
  t.is(await readFile(file, 'utf8'), 'EHLO a\n');
  history.add('AUTH PLAIN AHN0dWRlbnQAd29ya3Nob3A=');
  history.add('auth login');
  history.add('  AUTH XOAUTH2 dXNlcj1h');
  await history.flush();
  t.false((await readFile(file, 'utf8')).includes('AUTH'));
  t.false(storable(''));
  t.false(storable('a\nb'));
  t.true(storable('MAIL FROM:<a@b>'));
});

test('search finds lines containing the query, newest first, ignoring case', async (t) => {
  const history = History.load(undefined);
  for (const line of ['MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'mail from:<x@y>']) history.add(line);
  t.deepEqual(history.search('MAIL'), ['mail from:<x@y>', 'MAIL FROM:<a@b>']);
  t.deepEqual(history.search('zzz'), []);
});

test('an unreadable file is reported, not fatal; an unwritable one too', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'is-a-dir'));
  const history = History.load(join(dir, 'is-a-dir'));
  t.regex(history.error ?? '', /history not read/);
  history.add('NOOP');
  await history.flush();
  t.regex(history.error ?? '', /history not saved/);
  t.deepEqual(history.entries, ['NOOP']);
});
