/**
 * SIGINT and SIGTERM during a script run, sent to the real CLI at a chosen moment of the conversation: the run says
 * so, sends QUIT only where it cannot be taken for something else, closes the connection and --json's document, and
 * exits 130 or 143; a second signal ends the process at once.
 */
import test from 'ava';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { startRawServer } from '../helpers/raw-server.js';
import type { RawPeer, RawServer } from '../helpers/raw-server.js';
import { pause, untilClosed } from '../hostile/harness.js';

interface Doc {
  exitCode: number;
  transcript: { mark: string; text: string }[];
}

/**
 * Script mode against `behaviour`, which gets `signal(name)` to send the CLI a signal when the conversation is where
 * the test wants it; it settles once the CLI has said it was interrupted, so that what the server does next comes
 * after the CLI took the signal, however loaded the machine.
 */
async function interrupted(
  behaviour: (peer: RawPeer, signal: (name: NodeJS.Signals) => Promise<void>) => Promise<void>,
  script: string,
  args: string[] = [],
): Promise<CliResult & { server: RawServer }> {
  let child: ChildProcess | undefined;
  let printed = '';
  const told = new Set<() => void>();
  const signal = (name: NodeJS.Signals): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!printed.includes('interrupted by')) return;
        told.delete(check);
        resolve();
      };
      told.add(check);
      child?.kill(name);
      check();
    });
  const server = await startRawServer((peer) => behaviour(peer, signal));
  try {
    const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`, '--timeout', '30', ...args], {
      input: script,
      onSpawn: (spawned) => {
        child = spawned;
        spawned.stdout?.on('data', (text: string) => {
          printed += text;
          for (const check of [...told]) check();
        });
      },
    });
    // Everything the CLI sent has arrived once its connections are closed (a probe makes several).
    await Promise.all(server.peers.map((peer) => untilClosed(peer)));
    return { ...result, server };
  } finally {
    await server.close();
  }
}

/** Greets, answers EHLO, then hands over. */
async function greeted(peer: RawPeer): Promise<void> {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250 ok\r\n');
}

const received = (outcome: { server: RawServer }): string => outcome.server.peers[0]!.received.toString('latin1');

test('SIGTERM while a reply is due: the reply comes within the grace, then QUIT; --json closes whole with exitCode 143', async (t) => {
  const outcome = await interrupted(async (peer, signal) => {
    await greeted(peer);
    await peer.expectLine(/^NOOP/);
    await signal('SIGTERM');
    await peer.write('250 2.0.0 late but fine\r\n');
    await peer.expectLine(/^QUIT/);
    await peer.write('221 bye\r\n');
    peer.end();
  }, 'EHLO me\nNOOP\nNOOP\nMAIL FROM:<a@b.example>\nQUIT\n', ['--json']);
  t.is(outcome.code, 143, outcome.stdout + outcome.stderr);
  t.is(outcome.stderr, '');
  const doc = JSON.parse(outcome.stdout) as Doc;
  t.is(doc.exitCode, 143);
  const texts = doc.transcript.map((entry) => `${entry.mark} ${entry.text}`);
  const said = texts.indexOf('*** interrupted by SIGTERM: nothing more of the script is sent');
  t.true(said > 0, texts.join('\n'));
  t.deepEqual(texts.slice(said + 1, said + 4), ['<- 250 2.0.0 late but fine', '-> QUIT', '<- 221 bye']);
  t.is(received(outcome).match(/NOOP/g)?.length, 1, 'the second NOOP is not sent');
  t.false(received(outcome).includes('MAIL FROM'));
});

test('SIGINT with the server silent: the wait is given up after the grace, no QUIT, exit 130', async (t) => {
  const outcome = await interrupted(async (peer, signal) => {
    await greeted(peer);
    await peer.expectLine(/^NOOP/);
    await signal('SIGINT');
    await untilClosed(peer);
  }, 'EHLO me\nNOOP\nQUIT\n');
  t.is(outcome.code, 130, outcome.stdout + outcome.stderr);
  const lines = outcome.stdout.split('\n');
  t.true(lines.includes('*** interrupted by SIGINT: nothing more of the script is sent'), outcome.stdout);
  t.true(lines.includes('*** interrupted, and no reply to NOOP within 2 s; closing without QUIT, whose reply could not be told from that one'), outcome.stdout);
  t.is(lines.at(-2), '=== Connection closed by the client.');
  t.false(received(outcome).includes('QUIT'));
  t.true(outcome.ms < 15_000, `${outcome.ms} ms: the grace, not the 30 s deadline`);
});

test('SIGINT when DATA is answered 354: no QUIT (it would be message text), no ".", so nothing is delivered', async (t) => {
  const outcome = await interrupted(async (peer, signal) => {
    await greeted(peer);
    await peer.expectLine(/^DATA/);
    await signal('SIGINT');
    await peer.write('354 go ahead\r\n');
    await untilClosed(peer);
  }, 'EHLO me\nDATA\nSubject: hi\n\nhello\n.\nQUIT\n', ['--json']);
  t.is(outcome.code, 130, outcome.stdout + outcome.stderr);
  const doc = JSON.parse(outcome.stdout) as Doc;
  t.is(doc.exitCode, 130);
  const texts = doc.transcript.map((entry) => entry.text);
  t.true(texts.includes('the server is waiting for a message body (354): closing without one, so nothing is delivered'), texts.join('\n'));
  t.regex(received(outcome), /DATA\r\n$/, 'nothing after DATA: no body, no ".", no QUIT');
});

test('SIGTERM when AUTH is answered 334: no QUIT (it would be the answer), no credential, exit 143', async (t) => {
  const outcome = await interrupted(async (peer, signal) => {
    await greeted(peer);
    await peer.expectLine(/^AUTH LOGIN$/);
    await signal('SIGTERM');
    await peer.write('334 VXNlcm5hbWU6\r\n');
    await untilClosed(peer);
  }, 'EHLO me\nAUTH LOGIN\ndXNlcg==\ncGFzc3dvcmQ=\nQUIT\n');
  t.is(outcome.code, 143, outcome.stdout + outcome.stderr);
  t.true(outcome.stdout.includes('=== the server is waiting for an AUTH answer (334): closing without QUIT, which it would take for that answer'), outcome.stdout);
  t.regex(received(outcome), /AUTH LOGIN\r\n$/, 'nothing after AUTH LOGIN');
});

test('a signal while --body-file streams: the body is cut there, without its end, so nothing is delivered; exit 143', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'smtp-explorer-interrupt-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const body = join(dir, 'big.eml');
  await writeFile(body, `Subject: big\r\n\r\n${'x'.repeat(998)}\r\n`.repeat(64 * 1024));
  const outcome = await interrupted(async (peer, signal) => {
    await greeted(peer);
    await peer.expectLine(/^DATA/);
    await peer.write('354 go ahead\r\n');
    // Reads nothing more: the client's writes back up, and the body is still under way when the signal comes.
    peer.socket.pause();
    await pause(300);
    await signal('SIGTERM');
    peer.socket.resume();
    await untilClosed(peer);
  }, 'EHLO me\nDATA\nQUIT\n', ['--body-file', body]);
  t.is(outcome.code, 143, outcome.stdout + outcome.stderr);
  t.true(outcome.stdout.includes('*** interrupted in the middle of the message body: the connection is closed before its end, so nothing is delivered'), outcome.stdout);
  t.false(received(outcome).endsWith('\r\n.\r\n'));
  t.false(received(outcome).includes('QUIT'));
});

test('a second signal ends the process at once, by the signal', async (t) => {
  const outcome = await interrupted(async (peer, signal) => {
    await greeted(peer);
    await peer.expectLine(/^NOOP/);
    await signal('SIGINT');
    void signal('SIGINT');
    await untilClosed(peer);
  }, 'EHLO me\nNOOP\nQUIT\n');
  t.is(outcome.signal, 'SIGINT', `exit code ${outcome.code}`);
  // Not the 130 the first one would have ended with after the grace: the second one ended it, by default.
  t.is(outcome.code, null);
  t.true(outcome.stdout.includes('*** interrupted by SIGINT'), outcome.stdout);
});

test('a signal during --probe-tls ends the run before the session, at once: the probe connections are not waited for', async (t) => {
  // A server that never greets: each probe connection would wait out its own 10 s deadline.
  let signalled = false;
  const outcome = await interrupted(async (peer, signal) => {
    // One signal, at the first of the probe's connections (a second would end the process by default).
    if (!signalled) void signal('SIGINT');
    signalled = true;
    await untilClosed(peer);
  }, 'EHLO me\nQUIT\n', ['--probe-tls', '--json']);
  t.is(outcome.code, 130, outcome.stdout + outcome.stderr);
  const doc = JSON.parse(outcome.stdout) as Doc & { probe?: unknown };
  t.is(doc.exitCode, 130);
  t.is(doc.probe, undefined);
  t.deepEqual(doc.transcript.map((entry) => `${entry.mark} ${entry.text}`), ['*** interrupted by SIGINT before the session began: nothing is sent']);
  t.true(outcome.ms < 8000, `${outcome.ms} ms`);
});

test('Ctrl-C while the script is still being read from standard input ends the process at once', async (t) => {
  const result = await runCli(['--script', '-', '127.0.0.1:9'], {
    input: 'EHLO me\n',
    keepStdinOpen: true,
    timeoutMs: 15_000,
    // Long enough for the CLI to be blocked reading the rest of the script.
    onSpawn: (child) => void setTimeout(() => child.kill('SIGINT'), 2500),
  });
  t.is(result.signal, 'SIGINT', `${result.code} ${result.stderr}`);
  t.is(result.stdout, '', 'nothing connected');
});
