import test from 'ava';
import { groupLength } from '../../src/script/pipeline.js';
import { parseScript } from '../../src/script/script-file.js';
import { runCli } from '../helpers/cli.js';
import { startRawServer } from '../helpers/raw-server.js';

const lengthAt = (script: string[], start = 0): number => groupLength(parseScript(script.join('\n') + '\n'), start);

test('RFC 2920 groups: MAIL/RCPT/RSET runs, ended by at most one DATA, NOOP, VRFY or EXPN', (t) => {
  t.is(lengthAt(['MAIL FROM:<a@x>', 'RCPT TO:<b@x>', 'RCPT TO:<c@x>', 'DATA', 'body', '.']), 4);
  t.is(lengthAt(['RSET', 'MAIL FROM:<a@x>', 'RCPT TO:<b@x>', 'NOOP', 'NOOP']), 4);
  t.is(lengthAt(['MAIL FROM:<a@x>', 'RCPT TO:<b@x>', 'QUIT']), 2);
  t.is(lengthAt(['MAIL FROM:<a@x>', 'rcpt to:<b@x>', 'VRFY b']), 3);
});

test('STARTTLS, EHLO, AUTH and QUIT never join a group; a lone command is no group', (t) => {
  t.is(lengthAt(['MAIL FROM:<a@x>', 'RCPT TO:<b@x>', 'STARTTLS', 'EHLO x']), 2);
  t.is(lengthAt(['STARTTLS', 'MAIL FROM:<a@x>']), 0);
  t.is(lengthAt(['EHLO x', 'MAIL FROM:<a@x>']), 0);
  t.is(lengthAt(['AUTH PLAIN AGEAYg==', 'MAIL FROM:<a@x>']), 0);
  t.is(lengthAt(['DATA', 'x', '.']), 0);
  t.is(lengthAt(['MAIL FROM:<a@x>', 'EHLO x']), 1);
});

test('a group starts wherever the script is, and ends before the body of a DATA', (t) => {
  const script = ['EHLO x', 'MAIL FROM:<a@x>', 'RCPT TO:<b@x>', 'DATA', 'RCPT TO: in the body', '.', 'RSET'];
  t.is(lengthAt(script, 1), 3);
  t.is(lengthAt(script, 2), 2);
  t.is(lengthAt(script, 4), 0, 'the body step');
  t.is(lengthAt(script, 5), 1);
});

test('--pipeline against a server without PIPELINING: one command per write, and the transcript says why', async (t) => {
  const writes: string[] = [];
  const server = await startRawServer(async (peer) => {
    peer.socket.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^EHLO/);
    await peer.write('250-here\r\n250 8BITMIME\r\n');
    for (const reply of ['250 ok', '250 ok', '503 no DATA today']) {
      await peer.readLine();
      await peer.write(`${reply}\r\n`);
    }
    await peer.expectLine(/^QUIT/);
    await peer.write('221 bye\r\n');
  });
  t.teardown(() => server.close());
  const input = 'EHLO me\nMAIL FROM:<a@x.example>\nRCPT TO:<b@x.example>\nDATA\n';
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`, '--pipeline'], { input });
  await server.done;
  t.is(result.code, 1, result.stdout);
  t.true(result.stdout.includes('=== --pipeline: the server did not offer PIPELINING here, so commands go one at a time'));
  t.false(result.stdout.includes('(answers'));
  t.deepEqual(writes.slice(1, 4), ['MAIL FROM:<a@x.example>\r\n', 'RCPT TO:<b@x.example>\r\n', 'DATA\r\n']);
});

test('--pipeline against a server offering PIPELINING: one write, and each reply names its command', async (t) => {
  const writes: string[] = [];
  const server = await startRawServer(async (peer) => {
    peer.socket.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^EHLO/);
    await peer.write('250-here\r\n250 PIPELINING\r\n');
    for (let i = 0; i < 3; i++) await peer.readLine();
    await peer.write('250 sender ok\r\n550-no such user\r\n550 really\r\n503 no valid recipients\r\n');
    await peer.expectLine(/^QUIT/);
    await peer.write('221 bye\r\n');
  });
  t.teardown(() => server.close());
  const input = 'EHLO me\nMAIL FROM:<a@x.example>\nRCPT TO:<nobody@x.example>\nDATA\n';
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`, '--pipeline', '--keep-going'], { input });
  await server.done;
  t.is(result.code, 1, result.stdout);
  t.is(writes[1], 'MAIL FROM:<a@x.example>\r\nRCPT TO:<nobody@x.example>\r\nDATA\r\n');
  const lines = result.stdout.split('\n').filter((line) => line.startsWith('<-'));
  t.deepEqual(lines.slice(-5), [
    '<-  250 sender ok   (answers MAIL FROM:<a@x.example>)',
    '<-  550-no such user',
    '<-  550 really   (answers RCPT TO:<nobody@x.example>)',
    '<-  503 no valid recipients   (answers DATA)',
    '<-  221 bye',
  ]);
});

test('--pipeline outside script mode is a usage error', async (t) => {
  const result = await runCli(['--pipeline', '127.0.0.1:25']);
  t.is(result.code, 64);
  t.regex(result.stderr, /--pipeline goes with --script/);
});
