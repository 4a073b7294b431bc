import test from 'ava';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { runCli } from '../helpers/cli.js';

// A listen error is the user's environment, not a bug: one line saying what to change, exit 2, no stack.
function oneLine(t: import('ava').ExecutionContext, stderr: string, pattern: RegExp): void {
  t.regex(stderr, /^smtp-explorer: cannot listen on [^\n]*\n$/);
  t.regex(stderr, pattern);
}

test('serve on a port in use says so and exits 2', async (t) => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.teardown(() => holder.close());
  const { port } = holder.address() as AddressInfo;
  const result = await runCli(['serve', '--port', String(port)], { timeoutMs: 15_000 });
  t.is(result.code, 2, result.stderr);
  t.is(
    result.stderr,
    `smtp-explorer: cannot listen on 127.0.0.1:${port}: the address is in use (another server is on that port; --port 0 picks a free one)\n`,
  );
  t.is(result.stdout, '');
});

test('serve on an address this machine does not have says so and exits 2', async (t) => {
  // 192.0.2.1 is TEST-NET-1: documentation only, never any machine's own address.
  const result = await runCli(['serve', '--listen', '192.0.2.1'], { timeoutMs: 15_000 });
  t.is(result.code, 2, result.stderr);
  oneLine(t, result.stderr, /^smtp-explorer: cannot listen on 192\.0\.2\.1: this machine has no such address/);
});

test('serve on a host name that does not resolve says so and exits 2', async (t) => {
  const result = await runCli(['serve', '--listen', 'nosuch.invalid', '--port', '2601'], { timeoutMs: 15_000 });
  t.is(result.code, 2, result.stderr);
  oneLine(t, result.stderr, /^smtp-explorer: cannot listen on nosuch\.invalid:2601: /);
  t.false(result.stderr.includes(' at '));
});
