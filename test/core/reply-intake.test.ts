/**
 * Reply lines told as they come, against a raw peer: each line shown once, whatever becomes of the wait it
 * started answering.
 */
import test from 'ava';
import { startRawServer } from '../helpers/raw-server.js';
import { record } from '../helpers/session.js';

test('a reply whose wait ran out mid-reply (a probe window): its first lines are not shown again with the last', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.readLine();
    await peer.write('250-first\r\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await peer.write('250 last\r\n');
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const recorded = record({ host: '127.0.0.1', port: server.port });
  await recorded.connection.open();
  const [reply] = await recorded.connection.sendRaw(Buffer.from('NOOP\r\n'), 'NOOP', [{ verb: 'raw', display: 'NOOP', windowMs: 100 }]);
  t.is(reply, undefined, 'the window ran out before the reply ended');
  await new Promise((resolve) => setTimeout(resolve, 400));
  recorded.connection.close();
  await recorded.closed;
  const lines = recorded.lines();
  t.is(lines.filter((line) => line.endsWith('250-first')).length, 1, lines.join('\n'));
  t.is(lines.filter((line) => line.endsWith('250 last')).length, 1, lines.join('\n'));
});

test('a reply begun while nothing waited answers nothing, not the command sent before it ended', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.readLine();
    await peer.write('250 ok\r\n235-fake start\r\n');
    await peer.readLine();
    await peer.write('235 fake end\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await peer.write('250 the real reply to NOOP\r\n');
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const recorded = record({ host: '127.0.0.1', port: server.port });
  await recorded.connection.open();
  await recorded.connection.submit('EHLO me');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const reply = await recorded.connection.submit('NOOP');
  t.is(reply?.lines[0], 'the real reply to NOOP');
  recorded.connection.close();
  await recorded.closed;
  const lines = recorded.lines();
  t.true(lines.includes('<** 235-fake start'), lines.join('\n'));
  t.true(lines.includes('<** 235 fake end'), lines.join('\n'));
});
