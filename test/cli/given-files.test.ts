import test from 'ava';
import type { ExecutionContext } from 'ava';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { listener, scriptUsageError, usageError } from './before-connecting.js';

function scratch(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-explorer-given-'));
  t.teardown(async () => (await import('node:fs/promises')).rm(dir, { recursive: true, force: true }));
  return dir;
}

test('files named on the command line: what is wrong in words naming the flag and the file, not Node\'s codes', async (t) => {
  const dir = scratch(t);
  const pem = join(dir, 'x.pem');
  writeFileSync(pem, 'not a certificate\n');
  await usageError(t, (target) => ['--script', join(dir, 'none.smtp'), target], `--script: no such file: ${join(dir, 'none.smtp')}`);
  await usageError(t, (target) => ['--script', dir, target], `--script: ${dir} is a directory`);
  await scriptUsageError(t, ['--body-file', join(dir, 'none.eml')], `--body-file: no such file: ${join(dir, 'none.eml')}`);
  await scriptUsageError(t, ['--body-file', dir], `--body-file: ${dir} is a directory`);
  await scriptUsageError(t, ['--ca', '/nonexistent'], '--ca: no such file: /nonexistent');
  await scriptUsageError(t, ['--ca', dir], `--ca: ${dir} is a directory`);
  await scriptUsageError(t, ['--cert', dir, '--key', pem], `--cert: ${dir} is a directory`);
  await scriptUsageError(t, ['--cert', pem, '--key', join(pem, 'key')], `--key: ${join(pem, 'key')}: a part of its path is a file, not a directory`);
});

test('--keylog that cannot be written is a usage error before connecting, like the files read; one that can is made owner-only', async (t) => {
  const dir = scratch(t);
  const file = join(dir, 'x.pem');
  writeFileSync(file, '');
  await scriptUsageError(t, ['--keylog', join(dir, 'none', 'keys.log')], `--keylog: no such directory: ${join(dir, 'none')} (for ${join(dir, 'none', 'keys.log')})`);
  await scriptUsageError(t, ['--keylog', dir], `--keylog: ${dir} is a directory`);
  await scriptUsageError(t, ['--keylog', join(file, 'keys.log')], `--keylog: ${join(file, 'keys.log')}: a part of its path is a file, not a directory`);
  // Checked last: a mistake in another file leaves no key log behind.
  const keys = join(dir, 'keys.log');
  await scriptUsageError(t, ['--ca', '/nonexistent', '--keylog', keys], '--ca: no such file: /nonexistent');
  t.throws(() => statSync(keys));
  const { target } = await listener(t);
  const run = await runCli(['--script', '-', target, '--keylog', keys], { input: 'QUIT\n' });
  t.not(run.code, 64, run.stderr);
  t.is(statSync(keys).mode & 0o777, 0o600);
});
