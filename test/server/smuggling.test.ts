import test from 'ava';
import type { ExecutionContext } from 'ava';
import { startSmugglingServer } from '../../src/server/smuggling.js';
import type { WorkshopServer } from '../../src/server/builtin.js';
import { RawSmtp } from './raw-smtp.js';

async function session(t: ExecutionContext): Promise<{ server: WorkshopServer; client: RawSmtp }> {
  const server = await startSmugglingServer({ port: 0 });
  t.teardown(() => server.close());
  const client = await RawSmtp.connect(server.port);
  t.teardown(() => client.end());
  t.is((await client.reply()).code, 220);
  t.is((await client.send('EHLO client.test')).code, 250);
  return { server, client };
}

test('a plain session: CRLF.CRLF ends the message, dots are unstuffed, the envelope is kept', async (t) => {
  const { server, client } = await session(t);
  t.deepEqual(await client.send('MAIL FROM:<a@example.org>'), { code: 250, lines: ['2.1.0 OK'] });
  t.is((await client.send('RCPT TO:<b@example.org>')).code, 250);
  t.is((await client.send('RCPT TO:<c@example.org>')).code, 250);
  t.is((await client.send('DATA')).code, 354);
  t.deepEqual(await client.send('Subject: hi\r\n\r\n..dot\r\n.'), { code: 250, lines: ['2.0.0 OK: queued as 1'] });
  t.like(server.mailbox[0], { from: 'a@example.org', to: ['b@example.org', 'c@example.org'], heloName: 'client.test', tls: undefined });
  t.is(server.mailbox[0]?.raw.toString(), 'Subject: hi\r\n\r\n.dot\r\n');
  t.deepEqual(await client.send('QUIT'), { code: 221, lines: ['2.0.0 Bye'] });
  await client.closed();
});

test('the flaw: LF.LF ends DATA, and what follows is read as commands of a second message', async (t) => {
  const { server, client } = await session(t);
  await client.send('MAIL FROM:<alice@example.org>');
  await client.send('RCPT TO:<bob@example.org>');
  await client.send('DATA');
  client.write(
    'Subject: one\r\n\r\nfirst\n.\nMAIL FROM:<ceo@example.org>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n' +
      'Subject: smuggled\r\n\r\npay the invoice\r\n.\r\n',
  );
  const replies = [await client.reply(), await client.reply(), await client.reply(), await client.reply(), await client.reply()];
  t.deepEqual(replies.map((reply) => reply.code), [250, 250, 250, 354, 250]);
  t.deepEqual(server.mailbox.map((message) => message.from), ['alice@example.org', 'ceo@example.org']);
  t.is(server.mailbox[1]?.raw.toString(), 'Subject: smuggled\r\n\r\npay the invoice\r\n');
});

test('commands out of order get 503, unknown or over-long ones 500, STARTTLS and AUTH 502', async (t) => {
  const { client } = await session(t);
  t.is((await client.send('RCPT TO:<b@example.org>')).code, 503);
  t.is((await client.send('DATA')).code, 503);
  t.is((await client.send('MAIL FROM:nobrackets')).code, 501);
  t.is((await client.send('STARTTLS')).code, 502);
  t.is((await client.send('AUTH PLAIN')).code, 502);
  t.is((await client.send('XYZZY')).code, 500);
  client.write('x'.repeat(70_000));
  t.deepEqual(await client.reply(), { code: 500, lines: ['5.5.6 Line too long'] });
  t.deepEqual(await client.send(''), { code: 500, lines: ['5.5.2 Command not recognized'] });
  t.is((await client.send('NOOP')).code, 250);
});

test('close() says 421 to connected clients', async (t) => {
  const server = await startSmugglingServer({ port: 0 });
  const client = await RawSmtp.connect(server.port);
  t.teardown(() => client.end());
  await client.reply();
  await server.close();
  t.deepEqual(await client.reply(), { code: 421, lines: ['4.4.2 Server shutting down'] });
  await client.closed();
});
