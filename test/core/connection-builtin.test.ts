import test from 'ava';
import { saslPlain } from '../../src/core/sasl.js';
import { startBuiltinServer, WORKSHOP_PASSWORD, WORKSHOP_USER } from '../../src/server/builtin.js';
import { record } from '../helpers/session.js';

test('against the built-in server: AUTH only after STARTTLS, then a message delivered', async (t) => {
  const server = await startBuiltinServer({ port: 0 });
  t.teardown(() => server.close());
  const { connection, closed } = record({ host: server.host, port: server.port });
  await connection.open();
  await connection.submit('EHLO me.example');
  t.deepEqual(connection.capabilities!.auth, []);
  await connection.submit('STARTTLS');
  t.true(connection.tls);
  t.is(connection.tlsReport!.protocol, 'TLSv1.3');
  t.is(connection.tlsReport!.verdict.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  await connection.submit('EHLO me.example');
  t.deepEqual(connection.capabilities!.auth, ['PLAIN', 'LOGIN']);
  t.is((await connection.submit(`AUTH PLAIN ${saslPlain(WORKSHOP_USER, WORKSHOP_PASSWORD)}`))!.code, 235);
  await connection.submit('MAIL FROM:<a@example.test>');
  await connection.submit('RCPT TO:<b@example.test>');
  t.is((await connection.submit('DATA'))!.code, 354);
  await connection.submit('Subject: hi');
  await connection.submit('');
  await connection.submit('.dot first');
  t.is((await connection.submit('.'))!.code, 250);
  await connection.submit('QUIT');
  connection.close();
  await closed;
  const message = server.mailbox.at(-1)!;
  t.deepEqual(message.to, ['b@example.test']);
  t.true(message.raw.toString().includes('\r\n.dot first\r\n'));
});

test('implicit TLS: the greeting arrives over TLS', async (t) => {
  const server = await startBuiltinServer({ port: 0, secure: true });
  t.teardown(() => server.close());
  const { connection, lines } = record({ host: server.host, port: server.port, tlsOnConnect: true });
  const greeting = await connection.open();
  t.is(greeting.code, 220);
  t.true(connection.tls);
  connection.close();
  const text = lines();
  t.true(text.indexOf(text.find((l) => l.startsWith('=== TLS started'))!) < text.findIndex((l) => l.startsWith('<~  220')));
});

test('IPv6 loopback with family 6', async (t) => {
  const server = await startBuiltinServer({ port: 0, host: '::1' });
  t.teardown(() => server.close());
  const { connection, events } = record({ host: '::1', port: server.port, family: 6 });
  t.is((await connection.open()).code, 220);
  connection.close();
  const connected = events.find((e) => e.type === 'connected');
  t.true(connected?.type === 'connected' && connected.remote.startsWith('[::1]:'));
});

test('plaintext to an implicit-TLS port: the greeting timeout names --tls-on-connect', async (t) => {
  const server = await startBuiltinServer({ port: 0, secure: true });
  t.teardown(() => server.close());
  const { connection } = record({ host: server.host, port: server.port, timeouts: { greeting: 300 } });
  await t.throwsAsync(connection.open(), { message: /no complete reply to the greeting within 0.3 s: .*--tls-on-connect/ });
});
