// A flag's mistake is a usage error before any connection: a listener that counts, and the check that none came.
import type { ExecutionContext } from 'ava';
import net from 'node:net';
import { runCli } from '../helpers/cli.js';

/** Counts connections, so a test can tell the usage error came before any. */
export async function listener(t: ExecutionContext): Promise<{ target: string; connections: () => number }> {
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    // A client that exits at once may reset the connection.
    socket.on('error', () => {});
    socket.end('220 counted ESMTP\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return { target: `127.0.0.1:${(server.address() as net.AddressInfo).port}`, connections: () => count };
}

/** The CLI run with args(target): exit 64, this one line on stderr, nothing on stdout, no connection made. */
export async function usageError(t: ExecutionContext, args: (target: string) => string[], expected: string): Promise<void> {
  const { target, connections } = await listener(t);
  const result = await runCli(args(target), { input: 'EHLO x\nSTARTTLS\nQUIT\n' });
  t.is(result.code, 64, result.stdout + result.stderr);
  t.is(result.stderr, `smtp-explorer: ${expected}\nTry smtp-explorer --help.\n`);
  t.is(result.stdout, '');
  t.is(connections(), 0);
}

/** Script mode to the listener with these flags: a usage error before any connection. */
export function scriptUsageError(t: ExecutionContext, flags: string[], expected: string): Promise<void> {
  return usageError(t, (target) => ['--script', '-', target, ...flags], expected);
}
