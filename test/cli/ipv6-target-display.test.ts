import test from 'ava';
import { startBuiltinServer } from '../../src/server/builtin.js';
import { runCli } from '../helpers/cli.js';

// "::1:2640" reads as one IPv6 address; with a port, the address goes in brackets, as it was typed.
test('an IPv6 target is shown as [::1]:port in the transcript', async (t) => {
  const server = await startBuiltinServer({ port: 0, host: '::1' });
  t.teardown(() => server.close());
  const result = await runCli(['--script', '-', `[::1]:${server.port}`], { input: 'QUIT\n' });
  t.is(result.code, 0, result.stdout + result.stderr);
  t.true(result.stdout.includes(`=== Trying [::1]:${server.port}...\n`), result.stdout);
  t.regex(result.stdout, new RegExp(`=== Connected to \\[::1\\]:${server.port} from \\[::1\\]:\\d+\\.\n`));
});

test('a refused IPv6 connection and its TLS probe name [::1]:port', async (t) => {
  const script = await runCli(['--script', '-', '[::1]:1'], { input: 'QUIT\n' });
  t.is(script.code, 2);
  t.true(script.stdout.includes('*** cannot connect to [::1]:1: '), script.stdout);
  const probe = await runCli(['--probe-tls', '[::1]:1']);
  t.is(probe.code, 2);
  t.true(probe.stdout.includes('TLS probe of [::1]:1 '), probe.stdout);
});
