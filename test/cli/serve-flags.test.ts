import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { watchNode } from '../server/serve-process.js';

// serve's flags are --port, --listen and --scenario: any mistake is a usage error before anything listens.
async function usageError(t: import('ava').ExecutionContext, args: string[], expected: string): Promise<void> {
  const result = await runCli(['serve', ...args], { timeoutMs: 15_000 });
  t.is(result.code, 64, result.stdout + result.stderr);
  t.is(result.stderr, `smtp-explorer: ${expected}\nTry smtp-explorer --help.\n`);
  t.is(result.stdout, '');
}

test('serve --listen [::1] listens on ::1, as the address is written in a URL', async (t) => {
  const server = watchNode(t, ['src/cli.ts', 'serve', '--listen', '[::1]']);
  await server.line(/^listening on \[::1\]:\d+$/);
  server.child.kill('SIGTERM');
  t.is(await server.exit, 0);
  t.is(server.stderr(), '');
});

test('a port in --listen: said to go with --port, exit 64 (not "no such host", exit 2)', async (t) => {
  await usageError(t, ['--listen', '127.0.0.1:3692'], '--listen takes the address alone: give the port with --port, as in --listen 127.0.0.1 --port 3692');
  await usageError(t, ['--listen', '[::1]:3692'], '--listen takes the address alone: give the port with --port, as in --listen ::1 --port 3692');
});

test('--listen mistakes of form: brackets round no IPv6 address, a URL, nothing', async (t) => {
  await usageError(t, ['--listen', '[127.0.0.1]'], '--listen "[127.0.0.1]": brackets hold an IPv6 address, e.g. --listen [::1]');
  await usageError(t, ['--listen', '[::1'], '--listen "[::1": brackets hold an IPv6 address, e.g. --listen [::1]');
  await usageError(t, ['--listen', 'smtp://0.0.0.0'], '--listen takes an address, not a URL: "smtp://0.0.0.0"');
  // Node would take "" as every interface.
  await usageError(t, ['--listen', ''], '--listen takes an address of this machine, e.g. 127.0.0.1, or 0.0.0.0 or :: for every interface');
});

test('a client\'s flag given to serve is refused by name, not ignored', async (t) => {
  for (const [args, flag] of [
    [['--ciphers', 'NOPE'], '--ciphers'],
    [['--tls-min', 'TLSv1'], '--tls-min'],
    [['--script', 'x'], '--script'],
    [['--scenario', 'slow', '--timeout', '5'], '--timeout'],
    [['--hints'], '--hints'],
    [['-4'], '-4'],
  ] as const) {
    await usageError(t, [...args], `${flag} is for the client, not for serve`);
  }
});

test('serve --port takes 0 to 65535 and its message says so', async (t) => {
  for (const port of ['65536', '1.5', 'x']) {
    await usageError(t, ['--port', port], `--port takes a port number from 0 to 65535 (0 picks a free one), not "${port}"`);
  }
});
