import test from 'ava';
import { runCli } from '../helpers/cli.js';

test('--help lists --version, which prints the version', async (t) => {
  const help = await runCli(['--help']);
  t.is(help.code, 0);
  t.regex(help.stdout, /^ {2}--version +\S/m);
  const version = await runCli(['--version']);
  t.regex(version.stdout, /^smtp-explorer \d+\.\d+\.\d+/);
});
