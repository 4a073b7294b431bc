import test from 'ava';
import type { ExecutionContext } from 'ava';
import net from 'node:net';
import {
  WORKSHOP_BANNER,
  WORKSHOP_PASSWORD,
  WORKSHOP_USER,
  startBuiltinServer,
} from '../../src/server/builtin.js';
import type { BuiltinServer, BuiltinServerOptions, SmtpRefusal } from '../../src/server/builtin.js';
import { generateCa, generateCertificate } from '../../src/server/certs.js';
import { RawSmtp } from './raw-smtp.js';

const plainToken = (user: string, password: string): string =>
  Buffer.from(`\0${user}\0${password}`).toString('base64');
const base64 = (text: string): string => Buffer.from(text).toString('base64');

async function start(t: ExecutionContext, options: BuiltinServerOptions = {}): Promise<BuiltinServer> {
  const server = await startBuiltinServer({ port: 0, ...options });
  t.teardown(() => server.close());
  return server;
}

async function connect(t: ExecutionContext, server: BuiltinServer): Promise<RawSmtp> {
  const client = await RawSmtp.connect(server.port);
  t.teardown(() => client.end());
  return client;
}

/** Connected, greeted, upgraded with STARTTLS and verified against the server's certificate, EHLO sent. */
async function secureSession(t: ExecutionContext, server: BuiltinServer): Promise<RawSmtp> {
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');
  t.is((await client.starttls({ ca: server.certPem })).code, 220);
  t.is((await client.send('EHLO client.test')).code, 250);
  return client;
}

function authLines(lines: string[]): string[] {
  return lines.filter((line) => /^AUTH\b/i.test(line));
}

test('greets with the workshop banner and offers STARTTLS but no AUTH before TLS', async (t) => {
  const server = await start(t);
  t.is(server.host, '127.0.0.1');
  t.true(server.port > 0);
  const client = await connect(t, server);

  t.deepEqual(await client.reply(), { code: 220, lines: [`localhost ESMTP ${WORKSHOP_BANNER}`] });
  const ehlo = await client.send('EHLO client.test');
  t.is(ehlo.code, 250);
  t.deepEqual(ehlo.lines.slice(1), [
    'PIPELINING',
    '8BITMIME',
    'SMTPUTF8',
    'ENHANCEDSTATUSCODES',
    'STARTTLS',
    'SIZE 10485760',
  ]);
  t.deepEqual(authLines(ehlo.lines), []);
});

test('AUTH before TLS gets Exim\'s 503 "used when not advertised" and does not authenticate', async (t) => {
  const server = await start(t);
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');

  const plain = await client.send(`AUTH PLAIN ${plainToken(WORKSHOP_USER, WORKSHOP_PASSWORD)}`);
  t.deepEqual(plain, { code: 503, lines: ['5.5.1 AUTH command used when not advertised'] });
  t.is((await client.send('AUTH LOGIN')).code, 503);
  t.deepEqual(await client.send('XYZZY'), { code: 500, lines: ['5.5.2 Error: command not recognized'] });
  t.deepEqual(authLines((await client.send('EHLO client.test')).lines), []);
});

test('STARTTLS upgrades to TLS 1.3 with the server certificate; AUTH appears only then', async (t) => {
  const server = await start(t);
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');

  t.deepEqual(await client.starttls({ ca: server.certPem }), { code: 220, lines: ['2.0.0 Ready to start TLS'] });
  const socket = client.tlsSocket;
  t.truthy(socket);
  t.is(socket?.getProtocol(), 'TLSv1.3');
  t.true(socket?.authorized);
  t.is(socket?.getPeerX509Certificate()?.toString(), server.certPem.trim() + '\n');

  const ehlo = await client.send('EHLO client.test');
  t.is(ehlo.code, 250);
  t.deepEqual(authLines(ehlo.lines), ['AUTH PLAIN LOGIN']);
  t.false(ehlo.lines.includes('STARTTLS'));
  t.is((await client.send('STARTTLS')).code, 503);
});

test('AUTH PLAIN with the workshop user gets 235, a wrong password 535', async (t) => {
  const server = await start(t);
  const wrong = await secureSession(t, server);
  t.deepEqual(await wrong.send(`AUTH PLAIN ${plainToken(WORKSHOP_USER, 'guess')}`), {
    code: 535,
    lines: ['5.7.8 Error: Authentication credentials invalid'],
  });

  const right = await secureSession(t, server);
  t.deepEqual(await right.send(`AUTH PLAIN ${plainToken(WORKSHOP_USER, WORKSHOP_PASSWORD)}`), {
    code: 235,
    lines: ['2.7.0 Authentication successful'],
  });
  t.is((await right.send(`AUTH PLAIN ${plainToken(WORKSHOP_USER, WORKSHOP_PASSWORD)}`)).code, 503);
});

test('AUTH LOGIN walks through the username and password challenges', async (t) => {
  const server = await start(t);
  const client = await secureSession(t, server);
  t.deepEqual(await client.send('AUTH LOGIN'), { code: 334, lines: [base64('Username:')] });
  t.deepEqual(await client.send(base64(WORKSHOP_USER)), { code: 334, lines: [base64('Password:')] });
  t.is((await client.send(base64(WORKSHOP_PASSWORD))).code, 235);
});

test('a message sent over MAIL, RCPT and DATA lands in the mailbox byte for byte', async (t) => {
  const server = await start(t);
  const heard: number[] = [];
  server.onMessage((message) => heard.push(message.seq));
  const client = await secureSession(t, server);
  await client.send(`AUTH PLAIN ${plainToken(WORKSHOP_USER, WORKSHOP_PASSWORD)}`);

  const body = 'Subject: Grüße\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n8-bit: ñ ✓\r\n';
  const stuffed = body.replace(/^\./gm, '..');
  t.deepEqual(await client.send('MAIL FROM:<sender@example.org> BODY=8BITMIME SMTPUTF8'), {
    code: 250,
    lines: ['2.1.0 Accepted'],
  });
  t.deepEqual(await client.send('RCPT TO:<one@example.org>'), { code: 250, lines: ['2.1.5 Accepted'] });
  t.is((await client.send('RCPT TO:<zwei@bücher.example>')).code, 250);
  t.is((await client.send('DATA')).code, 354);
  client.write(`${stuffed}.\r\n`);
  t.deepEqual(await client.reply(), { code: 250, lines: ['2.6.0 OK: message queued'] });

  t.is(server.mailbox.length, 1);
  const message = server.mailbox[0];
  t.truthy(message);
  t.is(message?.seq, 1);
  t.is(message?.from, 'sender@example.org');
  t.deepEqual(message?.to, ['one@example.org', 'zwei@bücher.example']);
  t.is(message?.raw.toString('utf8'), body);
  t.is(message?.size, Buffer.byteLength(body));
  t.false(message?.truncated);
  t.is(message?.user, WORKSHOP_USER);
  t.is(message?.heloName, 'client.test');
  t.is(message?.remoteAddress, '127.0.0.1');
  t.is(message?.tls?.protocol, 'TLSv1.3');
  t.regex(message?.tls?.cipher ?? '', /^TLS_/);
  t.deepEqual(heard, [1]);
});

test('mail is accepted without AUTH and over plaintext, with the null sender', async (t) => {
  const server = await start(t);
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');
  t.is((await client.send('MAIL FROM:<>')).code, 250);
  t.is((await client.send('RCPT TO:<postmaster@localhost>')).code, 250);
  t.is((await client.send('DATA')).code, 354);
  t.is((await client.send('Subject: bounce\r\n\r\nbody\r\n.')).code, 250);
  t.like(server.mailbox[0], { from: '', to: ['postmaster@localhost'], user: undefined, tls: undefined });
});

test('the mailbox keeps only the newest messages and caps the bytes kept of each', async (t) => {
  const server = await start(t, { mailboxSize: 2, keptBytes: 10 });
  const unsubscribe = server.onMessage(() => t.fail('unsubscribed listener called'));
  unsubscribe();
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');
  for (const n of [1, 2, 3]) {
    await client.send('MAIL FROM:<a@example.org>');
    await client.send(`RCPT TO:<r${n}@example.org>`);
    await client.send('DATA');
    t.is((await client.send(`Subject: message ${n}\r\n\r\nbody\r\n.`)).code, 250);
  }
  t.deepEqual(
    server.mailbox.map((message) => [message.seq, message.to[0], message.raw.toString(), message.truncated]),
    [
      [2, 'r2@example.org', 'Subject: m', true],
      [3, 'r3@example.org', 'Subject: m', true],
    ],
  );
  t.is(server.mailbox[1]?.size, Buffer.byteLength('Subject: message 3\r\n\r\nbody\r\n'));
});

test('SIZE is enforced: a declared or actual size over the limit gets 552 and is not kept', async (t) => {
  const server = await start(t, { maxMessageBytes: 100 });
  const client = await connect(t, server);
  await client.reply();
  t.true((await client.send('EHLO client.test')).lines.includes('SIZE 100'));
  t.is((await client.send('MAIL FROM:<a@example.org> SIZE=101')).code, 552);
  t.is((await client.send('MAIL FROM:<a@example.org>')).code, 250);
  await client.send('RCPT TO:<b@example.org>');
  await client.send('DATA');
  const reply = await client.send(`${'x'.repeat(200)}\r\n.`);
  t.is(reply.code, 552);
  t.deepEqual(server.mailbox, []);
});

test('implicit TLS: the handshake comes first, then the greeting, and AUTH is offered at once', async (t) => {
  const server = await start(t, { secure: true });
  t.true(server.secure);
  const client = await RawSmtp.connectTls(server.port, { ca: server.certPem });
  t.teardown(() => client.end());
  t.is(client.tlsSocket?.getProtocol(), 'TLSv1.3');
  t.true(client.tlsSocket?.authorized);
  t.is((await client.reply()).code, 220);
  const ehlo = await client.send('EHLO client.test');
  t.deepEqual(authLines(ehlo.lines), ['AUTH PLAIN LOGIN']);
  t.false(ehlo.lines.includes('STARTTLS'));
  t.is((await client.send(`AUTH PLAIN ${plainToken(WORKSHOP_USER, WORKSHOP_PASSWORD)}`)).code, 235);
});

test('TLS settings bound the protocol version', async (t) => {
  const server = await start(t, { tls: { maxVersion: 'TLSv1.2' } });
  const client = await secureSession(t, server);
  t.is(client.tlsSocket?.getProtocol(), 'TLSv1.2');
});

test('a supplied certificate (or chain) is the one presented', async (t) => {
  const root = await generateCa('Workshop Test Root');
  const leaf = await generateCertificate({ issuer: root, commonName: 'mx.workshop.test', altNames: ['mx.workshop.test'] });
  const server = await start(t, { certificate: { keyPem: leaf.keyPem, certPem: leaf.chainPem } });
  t.is(server.certPem, leaf.chainPem);
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');
  await client.starttls({ ca: root.certPem, servername: 'mx.workshop.test' });
  t.true(client.tlsSocket?.authorized);
  t.is(client.tlsSocket?.getPeerX509Certificate()?.subject, 'CN=mx.workshop.test');
});

test('STARTTLS can be hidden from EHLO yet accepted, or switched off', async (t) => {
  const hidden = await start(t, { starttls: 'hidden' });
  const sneaky = await connect(t, hidden);
  await sneaky.reply();
  t.false((await sneaky.send('EHLO client.test')).lines.includes('STARTTLS'));
  t.is((await sneaky.starttls({ ca: hidden.certPem })).code, 220);
  t.is(sneaky.tlsSocket?.getProtocol(), 'TLSv1.3');

  const off = await start(t, { starttls: 'off' });
  const plain = await connect(t, off);
  await plain.reply();
  const ehlo = await plain.send('EHLO client.test');
  t.false(ehlo.lines.includes('STARTTLS'));
  t.deepEqual(authLines(ehlo.lines), []);
  t.is((await plain.send('STARTTLS')).code, 500);
});

test('authBeforeTls advertises and accepts AUTH in plaintext', async (t) => {
  const server = await start(t, { authBeforeTls: true });
  const client = await connect(t, server);
  await client.reply();
  t.deepEqual(authLines((await client.send('EHLO client.test')).lines), ['AUTH PLAIN LOGIN']);
  t.is((await client.send(`AUTH PLAIN ${plainToken(WORKSHOP_USER, WORKSHOP_PASSWORD)}`)).code, 235);
});

test('a policy can refuse MAIL until TLS, the way a require-TLS server does', async (t) => {
  const server = await start(t, {
    policy: {
      mailFrom: (_address, session) =>
        session.secure ? undefined : { code: 530, message: 'Must issue a STARTTLS command first' },
    },
  });
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');
  t.deepEqual(await client.send('MAIL FROM:<a@example.org>'), {
    code: 530,
    lines: ['5.7.0 Must issue a STARTTLS command first'],
  });
  await client.starttls({ ca: server.certPem });
  await client.send('EHLO client.test');
  t.is((await client.send('MAIL FROM:<a@example.org>')).code, 250);
});

test('a policy may answer later, and sees the session as it stands', async (t) => {
  const seen: Array<[string, number, string | undefined]> = [];
  let release: ((refusal: SmtpRefusal | undefined) => void) | undefined;
  const server = await start(t, {
    policy: {
      rcptTo: (address, session) => {
        seen.push([address, session.transaction, session.heloName]);
        return new Promise((resolve) => {
          release = resolve;
        });
      },
    },
  });
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');
  await client.send('MAIL FROM:<a@example.org>');
  const pending = client.send('RCPT TO:<b@example.org>');
  while (!release) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  release({ code: 451, message: 'Greylisted, try again later' });
  t.deepEqual(await pending, { code: 451, lines: ['4.3.0 Greylisted, try again later'] });
  t.deepEqual(seen, [['b@example.org', 1, 'client.test']]);
});

test('a refusal may carry its own enhanced status code, in its own class only', async (t) => {
  const server = await start(t, {
    policy: {
      mailFrom: (address) =>
        address === 'grey@example.org'
          ? { code: 451, enhanced: '4.7.1', message: 'Greylisted, try again later' }
          : { code: 550, message: '4.7.1 is not a 5.x.x status' },
    },
  });
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');
  t.deepEqual(await client.send('MAIL FROM:<grey@example.org>'), { code: 451, lines: ['4.7.1 Greylisted, try again later'] });
  t.deepEqual(await client.send('MAIL FROM:<a@example.org>'), { code: 550, lines: ['5.1.1 4.7.1 is not a 5.x.x status'] });
});

test('a dataEnd policy answers the final dot: a refused message is not kept', async (t) => {
  let refuse = true;
  const server = await start(t, {
    policy: { dataEnd: () => (refuse ? { code: 554, enhanced: '5.7.1', message: 'Message rejected as spam' } : undefined) },
  });
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');
  await client.send('MAIL FROM:<a@example.org>');
  await client.send('RCPT TO:<b@example.org>');
  await client.send('DATA');
  t.deepEqual(await client.send('spam\r\n.'), { code: 554, lines: ['5.7.1 Message rejected as spam'] });
  t.deepEqual(server.mailbox, []);
  refuse = false;
  await client.send('MAIL FROM:<a@example.org>');
  await client.send('RCPT TO:<b@example.org>');
  await client.send('DATA');
  t.is((await client.send('ham\r\n.')).code, 250);
  t.is(server.mailbox.length, 1);
});

test('a connect policy refusal replaces the greeting and closes the connection', async (t) => {
  const server = await start(t, { policy: { connect: () => ({ code: 554, message: 'No service for you' }) } });
  const client = await connect(t, server);
  t.deepEqual(await client.reply(), { code: 554, lines: ['No service for you'] });
  await client.closed();
  t.pass();
});

test('a failed handshake is reported to the caller and the server keeps serving', async (t) => {
  const server = await start(t);
  const reported = new Promise<Error>((resolve) => server.onClientError(resolve));
  const client = await connect(t, server);
  await client.reply();
  t.is((await client.send('STARTTLS')).code, 220);
  client.write('this is not a ClientHello\r\n\r\n');
  t.like(await reported, { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
  await client.closed();

  const next = await connect(t, server);
  t.is((await next.reply()).code, 220);
});

test('close() tells connected clients 421 and frees the port', async (t) => {
  const server = await startBuiltinServer({ port: 0 });
  const client = await connect(t, server);
  await client.reply();
  await client.send('EHLO client.test');

  await server.close();
  t.deepEqual(await client.reply(), { code: 421, lines: ['4.4.2 Server shutting down'] });
  await client.closed();

  const again = net.createServer();
  await new Promise<void>((resolve, reject) => {
    again.once('error', reject);
    again.listen(server.port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => again.close(resolve));
  t.pass();
});

test('a port already in use is a rejected start, not a crash', async (t) => {
  const first = await start(t);
  await t.throwsAsync(startBuiltinServer({ port: first.port }), { code: 'EADDRINUSE' });
});
