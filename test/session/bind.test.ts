import test from 'ava';
import { SmtpConnection } from '../../src/core/connection.js';
import { bindConnection } from '../../src/session/bind.js';
import { createSessionStore } from '../../src/session/store.js';
import { startRawServer } from '../helpers/raw-server.js';
import { hasLine, transcriptText, waitForState } from './helpers.js';

test('a burst of server lines reaches the store in a few batches, not one update per line', async (t) => {
  const lines = 900;
  const burst = Array.from({ length: lines }, (_, i) => `250${i === lines - 1 ? ' ' : '-'}line ${i}`).join('\r\n') + '\r\n';
  const server = await startRawServer(async (peer) => {
    await peer.write('220 burst\r\n');
    await peer.expectLine(/^NOOP$/);
    await peer.write(burst);
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const store = createSessionStore({ target: 'burst' });
  const connection = new SmtpConnection({ host: '127.0.0.1', port: server.port });
  const binding = bindConnection(connection, store, { batchMs: 30 });
  t.teardown(() => {
    binding.dispose();
    connection.close();
  });
  await connection.open();
  await waitForState(store, hasLine(/220 burst/), 'the greeting');
  let updates = 0;
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.transcript.revision !== previous.transcript.revision) updates += 1;
  });
  await connection.submit('NOOP');
  const state = await waitForState(store, hasLine(/^<- {2}250 line 899$/), 'the whole reply');
  unsubscribe();
  t.is(transcriptText(state).filter((line) => line.startsWith('<-  250')).length, lines);
  t.true(updates <= 3, `${updates} transcript updates for ${lines + 1} lines`);
});

test('status follows the connection: phase, waiting, closed', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 hi\r\n');
    await peer.expectLine(/^EHLO/);
    await peer.write('250-hi\r\n250 STARTTLS\r\n');
    await peer.expectLine(/^MAIL/);
    await peer.write('250 ok\r\n');
    await peer.expectLine(/^QUIT/);
    await peer.write('221 bye\r\n');
    peer.end();
  });
  t.teardown(() => server.close());
  const store = createSessionStore({ target: 'status' });
  const connection = new SmtpConnection({ host: '127.0.0.1', port: server.port });
  const binding = bindConnection(connection, store, { batchMs: 5 });
  t.teardown(() => binding.dispose());
  const phases: string[] = [];
  store.subscribe((state) => {
    if (phases.at(-1) !== state.status.phase) phases.push(state.status.phase);
  });
  await connection.open();
  await waitForState(store, (s) => s.status.phase === 'greeting', 'the greeting phase');
  await connection.submit('EHLO x');
  await waitForState(store, (state) => state.caps.current?.starttls === true, 'the capabilities');
  await connection.submit('MAIL FROM:<a@b>');
  await waitForState(store, (s) => s.status.phase === 'MAIL', 'the MAIL phase');
  await connection.submit('QUIT');
  const state = await waitForState(store, (s) => s.status.phase === 'closed', 'the close');
  t.false(state.status.connected);
  t.is(state.status.waiting, undefined);
  t.deepEqual(phases.filter((phase) => phase !== 'connecting'), ['greeting', 'EHLO', 'MAIL', 'closed']);
});

test('the wait after the end of DATA is named in words, not by its "."', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 hi\r\n');
    await peer.expectLine(/^DATA$/);
    await peer.write('354 go on\r\n');
    await peer.expectLine(/^\.$/);
    await peer.expectLine(/^QUIT$/);
  });
  t.teardown(() => server.close());
  const store = createSessionStore({ target: 'data-end' });
  const connection = new SmtpConnection({ host: '127.0.0.1', port: server.port });
  const binding = bindConnection(connection, store, { batchMs: 5 });
  t.teardown(() => {
    binding.dispose();
    connection.close();
  });
  await connection.open();
  await connection.submit('DATA');
  void connection.submit('hi');
  connection.submit('.').catch(() => undefined);
  const state = await waitForState(store, (s) => hasLine(/-> \.$/)(s) && s.status.waiting !== undefined, 'the wait for the end of DATA');
  t.is(state.status.waiting?.display, 'the end of DATA');
});
