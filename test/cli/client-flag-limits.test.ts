import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { listener, scriptUsageError } from './before-connecting.js';

test('--servername is a DNS host name: a URL or a name with a space is refused, not sent as SNI', async (t) => {
  await scriptUsageError(t, ['--servername', 'https://x.org/'], '--servername takes a host name, not a URL: try x.org');
  await scriptUsageError(t, ['--servername', 'bad name'], '--servername "bad name" cannot be a host name: it holds only letters, digits, "-" and "."');
  await scriptUsageError(t, ['--servername', 'x.org.'], '--servername "x.org." cannot be a host name: it begins or ends with a dot, or has two in a row (SNI takes no final dot)');
  await scriptUsageError(t, ['--servername', ''], '--servername takes a host name (--no-sni sends none)');
});

test('--servername with an IP address: a usage error, not Node\'s DEP0123 warning', async (t) => {
  const why = 'SNI carries a host name, not an IP address (RFC 6066); a connection to an IP address sends no SNI unless you name a host';
  await scriptUsageError(t, ['--servername', '127.0.0.1'], `--servername 127.0.0.1: ${why}`);
  await scriptUsageError(t, ['--servername', '::1'], `--servername ::1: ${why}`);
});

test('a host name with digits, hyphens and underscores is still taken as --servername', async (t) => {
  const { target, connections } = await listener(t);
  const result = await runCli(['--script', '-', target, '--servername', 'mx-1.example_x.org'], { input: 'QUIT\n' });
  t.not(result.code, 64, result.stderr);
  t.is(connections(), 1);
});

test('--timeout beyond setTimeout\'s limit: a usage error saying the most, not a timeout after 1 ms', async (t) => {
  await scriptUsageError(t, ['--timeout', '3000000'], '--timeout is at most 2147483 seconds (about 24.8 days), not "3000000"');
  const { target } = await listener(t);
  const most = await runCli(['--script', '-', target, '--timeout', '2147483'], { input: 'QUIT\n' });
  t.false(most.stderr.includes('TimeoutOverflowWarning'), most.stderr);
  t.not(most.code, 64, most.stderr);
});

test('--help says --ca takes DER as well as PEM', async (t) => {
  const help = await runCli(['--help']);
  t.regex(help.stdout, /^ {2}--ca FILE +trust this CA to verify the server \(PEM, one or more, or one DER certificate\)$/m);
});
