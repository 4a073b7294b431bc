import test from 'ava';
import { generateCertificate } from '../../src/server/certs.js';
import { startRawServer } from '../helpers/raw-server.js';
import { record } from '../helpers/session.js';

const local = (port: number, extra: object = {}) => ({ host: '127.0.0.1', port, ...extra });

test('lines go out byte for byte with CRLF, nothing interpreted', async (t) => {
  const typed = ['RCPT TO:<a@b>', 'R', 'Q', 'k', 'K', '  two spaces', 'rcpt to:<x@y>', 'MAIL FROM:<jürgen@bücher.example>', '\tTAB \t'];
  const server = await startRawServer(async (peer) => {
    await peer.write('220 raw ready\r\n');
    for (let i = 0; i < typed.length; i++) {
      await peer.readLine();
      await peer.write('250 ok\r\n');
    }
  });
  t.teardown(() => server.close());
  const { connection } = record(local(server.port));
  await connection.open();
  for (const line of typed) t.is((await connection.submit(line))!.code, 250);
  connection.close();
  t.deepEqual(server.peers[0]!.received, Buffer.from(typed.map((l) => l + '\r\n').join(''), 'utf8'));
});

test('a line with CR or LF is refused before anything is sent', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const { connection } = record(local(server.port));
  await connection.open();
  t.throws(() => connection.submit('MAIL FROM:<a>\r\nRCPT TO:<b>'), { message: /several lines are several commands/ });
  connection.close();
  t.is(server.peers[0]!.received.length, 0);
});

test('replies are matched in order; one nobody asked for is unsolicited', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.readLine();
    await peer.write('250 first\r\n250 extra\r\n');
    await peer.readLine();
    await peer.write('251 second\r\n');
  });
  t.teardown(() => server.close());
  const { connection, lines } = record(local(server.port));
  await connection.open();
  t.is((await connection.submit('NOOP'))!.lines[0], 'first');
  t.is((await connection.submit('NOOP'))!.lines[0], 'second');
  connection.close();
  t.true(lines().includes('<-  250 first'));
  t.true(lines().includes('<** 250 extra'), lines().join('\n'));
});

test('STARTTLS: bytes after the 220 are discarded and reported, never capabilities', async (t) => {
  const cert = await generateCertificate();
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^EHLO/);
    await peer.write('250-raw\r\n250 STARTTLS\r\n');
    await peer.expectLine(/^STARTTLS/);
    await peer.startTls('220 Ready\r\n250-evil\r\n250 AUTH PLAIN\r\n', { key: cert.keyPem, cert: cert.certPem });
    await peer.expectLine(/^EHLO/);
    await peer.write('250-raw\r\n250 SIZE 100\r\n');
    await peer.expectLine(/^QUIT/);
    await peer.write('221 bye\r\n');
    peer.end();
  });
  t.teardown(() => server.close());
  const { connection, lines, closed } = record(local(server.port));
  await connection.open();
  await connection.submit('EHLO me');
  t.is((await connection.submit('STARTTLS'))!.code, 220);
  t.true(connection.tls);
  const ehlo = await connection.submit('EHLO me');
  t.deepEqual(ehlo!.lines, ['raw', 'SIZE 100']);
  t.deepEqual(connection.capabilities!.auth, []);
  t.true(connection.preTlsCapabilities!.starttls);
  await connection.submit('QUIT');
  await closed;
  const text = lines();
  t.true(text.some((l) => l.startsWith('*** ') && l.includes('possible injection') && l.includes('250-evil')), text.join('\n'));
  t.true(text.includes(' ~> EHLO me'));
  t.true(text.includes('<~  250 SIZE 100'));
  t.false(text.some((l) => l.startsWith('<~  250 AUTH')));
});

test('a CRLF-free fragment after the 220 is discarded too', async (t) => {
  const cert = await generateCertificate();
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^STARTTLS/);
    await peer.startTls('220 go\r\n250 frag', { key: cert.keyPem, cert: cert.certPem });
    await peer.expectLine(/^NOOP/);
    await peer.write('250 clean\r\n');
  });
  t.teardown(() => server.close());
  const { connection, lines } = record(local(server.port));
  await connection.open();
  await connection.submit('STARTTLS');
  t.is((await connection.submit('NOOP'))!.lines[0], 'clean');
  connection.close();
  t.true(lines().some((l) => l.includes('possible injection') && l.includes('250 frag')));
});

test('only the 454 answers a refused STARTTLS; fake successes behind it are unsolicited', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^STARTTLS/);
    await peer.write('454 4.7.0 TLS not available\r\n235 2.7.0 ok\r\n');
    await peer.expectLine(/^MAIL/);
    await peer.write('250 2.1.0 mail ok\r\n');
  });
  t.teardown(() => server.close());
  const { connection, lines } = record(local(server.port));
  await connection.open();
  t.is((await connection.submit('STARTTLS'))!.code, 454);
  t.false(connection.tls);
  const mail = await connection.submit('MAIL FROM:<a@b>');
  connection.close();
  t.is(mail!.code, 250);
  t.true(lines().includes('<** 235 2.7.0 ok'), lines().join('\n'));
});

test('a silent server times out the whole reply, even when it drips bytes', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.readLine();
    for (let i = 0; i < 10 && !peer.socket.destroyed; i++) {
      await peer.write('2');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  t.teardown(() => server.close());
  const { connection, lines, closed } = record(local(server.port, { timeouts: { command: 350 } }));
  await connection.open();
  const started = Date.now();
  await t.throwsAsync(connection.submit('NOOP'), { message: /no complete reply to NOOP within 0.35 s/ });
  t.true(Date.now() - started < 1000);
  await closed;
  t.true(lines().some((l) => l.startsWith('*** no complete reply')));
});

test('a close in the middle of a reply line shows the partial line', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.readLine();
    await peer.write('250 half a li');
    peer.end();
  });
  t.teardown(() => server.close());
  const { connection, lines, closed } = record(local(server.port));
  await connection.open();
  await t.throwsAsync(connection.submit('NOOP'), { message: /closed the connection while waiting for the reply to NOOP/ });
  await closed;
  t.true(lines().includes('<-  250 half a li'), lines().join('\n'));
  t.true(lines().some((l) => l.includes('closed in the middle of this line')));
});

test('a close after the end of DATA says the message may have been accepted', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^DATA/);
    await peer.write('354 go\r\n');
    await peer.expectLine(/^\.$/);
    peer.end();
  });
  t.teardown(() => server.close());
  const { connection } = record(local(server.port));
  await connection.open();
  await connection.submit('DATA');
  t.true(connection.inData);
  await connection.submit('.leading dot');
  await t.throwsAsync(connection.submit('.'), { message: /MAY have been accepted/ });
  t.true(server.peers[0]!.received.toString().includes('\r\n..leading dot\r\n.\r\n'));
});

test('a refused connection is a connection error', async (t) => {
  const server = await startRawServer(async () => undefined);
  const port = server.port;
  await server.close();
  const { connection } = record(local(port));
  const error = await t.throwsAsync(connection.open());
  t.is((error as { kind?: string }).kind, 'connection');
  t.regex(error!.message, /cannot connect to 127\.0\.0\.1/);
});

test('pipelined commands go in one write and each reply maps to its command', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^DATA/);
    await peer.write('250 mail\r\n250 rcpt1\r\n550 rcpt2\r\n354 data\r\n');
  });
  t.teardown(() => server.close());
  const { connection, events } = record(local(server.port));
  await connection.open();
  const replies = await connection.pipeline(['MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'RCPT TO:<e@f>', 'DATA']);
  connection.close();
  t.deepEqual(replies.map((r) => r.code), [250, 250, 550, 354]);
  const answered = events.flatMap((e) => (e.type === 'reply' && e.answers ? [e.answers.display] : []));
  t.deepEqual(answered, ['the greeting', 'MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'RCPT TO:<e@f>', 'DATA']);
});

test('close() settles a pending wait, so nothing keeps the process alive', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.readLine();
  });
  t.teardown(() => server.close());
  const { connection, closed } = record(local(server.port, { timeouts: { command: 600_000 } }));
  await connection.open();
  const pending = connection.submit('NOOP');
  connection.close();
  await t.throwsAsync(pending!, { message: /closed by the client before the reply came/ });
  await closed;
});
