/**
 * Standard output that cannot be written (a full disk: /dev/full) is said in one line on standard error and exits 74
 * (EX_IOERR), in every mode that prints: a CI job's `--json > result.json` must not pass with an empty file. A reader
 * that has gone (EPIPE) is not a failure: test/script/script-mode.test.ts keeps `| head -1` quiet.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { closeSync, openSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startBuiltinServer } from '../../src/server/builtin.js';
import { runCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';

const FULL = 'smtp-explorer: cannot write the output: disk full\n';

async function intoFullDisk(t: ExecutionContext, args: string[], input?: string): Promise<CliResult> {
  const fd = openSync('/dev/full', 'w');
  t.teardown(() => closeSync(fd));
  return runCli(args, { stdoutFd: fd, ...(input !== undefined ? { input } : {}) });
}

test('--help, --version, --explain and --list-scenarios on a full disk: one line, exit 74, no stack trace', async (t) => {
  for (const args of [['--help'], ['--version'], ['--explain', '550'], ['--list-scenarios']]) {
    const result = await intoFullDisk(t, args);
    t.is(result.code, 74, `${args.join(' ')}: ${result.stderr}`);
    t.is(result.stderr, FULL, args.join(' '));
  }
});

test('script mode on a full disk, --json or not: the session runs, then one line and exit 74, not 0', async (t) => {
  const server = await startBuiltinServer({ port: 0 });
  t.teardown(() => server.close());
  for (const json of [true, false]) {
    const result = await intoFullDisk(t, ['--script', '-', `127.0.0.1:${server.port}`, ...(json ? ['--json'] : [])], 'EHLO me\nQUIT\n');
    t.is(result.code, 74, result.stderr);
    t.is(result.stderr, FULL);
  }
});

test('--probe-tls alone on a full disk: exit 74', async (t) => {
  const server = await startBuiltinServer({ port: 0 });
  t.teardown(() => server.close());
  const result = await intoFullDisk(t, ['--probe-tls', `127.0.0.1:${server.port}`, '--json']);
  t.is(result.code, 74, result.stderr);
  t.is(result.stderr, FULL);
});

test('serve on a full disk: it serves on, and when stopped says so in one line and exits 74, no stack trace', async (t) => {
  const fd = openSync('/dev/full', 'w');
  t.teardown(() => closeSync(fd));
  const port = await freePort();
  const result = await runCli(['serve', '--port', String(port)], {
    stdoutFd: fd,
    // Its listening line is what it could not write: it is stopped once a client is served instead.
    onSpawn: (child) => void untilAccepting(port).then(() => child.kill('SIGTERM')),
  });
  t.is(result.code, 74, result.stderr);
  t.is(result.stderr, FULL);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once a connection to `port` is greeted. */
async function untilAccepting(port: number): Promise<void> {
  for (;;) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', () => {
        resolve(true);
        socket.destroy();
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
      setTimeout(() => socket.destroy(), 2000).unref();
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
