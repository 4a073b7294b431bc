import test from 'ava';
import { scriptUsageError } from './before-connecting.js';

test('an option value that starts with "-" is its value, checked as such, in one line', async (t) => {
  await scriptUsageError(t, ['--timeout', '-1'], '--timeout takes a number of seconds, not "-1"');
  await scriptUsageError(t, ['--tls-min', '-TLSv1'], '--tls-min takes TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3, not "-TLSv1"');
});

test('an option without its value, or a value given to a switch, is said in one line naming the option', async (t) => {
  await scriptUsageError(t, ['--timeout'], '--timeout needs a value');
  await scriptUsageError(t, ['--servername', '--json'], '--servername needs a value, but --json follows it');
  await scriptUsageError(t, ['--helo', '-6'], '--helo needs a value, but -6 follows it');
  await scriptUsageError(t, ['--json=yes'], '--json takes no value');
  await scriptUsageError(t, ['--help=me'], '--help takes no value');
});
