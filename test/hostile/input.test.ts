/**
 * Item 8: what the user typed. CR, LF or NUL inside a line is refused with the exact bytes shown (secrets
 * excepted) before anything is sent; over-long lines go out with a warning; AUTH lines may reach 12,288 octets.
 */
import test from 'ava';
import { assertInert, linesOf, recordAgainst, scriptAgainst } from './harness.js';
import { acceptEverything } from './peers.js';

const PLAIN_SECRET = 'AGFsaWNlAGNvcnJlY3QgaG9yc2U=';
const LOGIN_SECRET = 'Y29ycmVjdCBob3JzZQ==';

test('script mode refuses a script with CR, LF or NUL inside a line before connecting, quoting each line', async (t) => {
  const script = [
    'EHLO me',
    'MAIL FROM:<a@b.example>\rRCPT TO:<c@d.example>',
    'VRFY a\0b',
    `AUTH PLAIN ${PLAIN_SECRET}\0`,
    'AUTH LOGIN',
    `${LOGIN_SECRET}\rX`,
    'DATA',
    'Subject: x',
    '',
    'bo\0dy',
    '.',
    'QUIT',
  ].join('\n');
  const outcome = await scriptAgainst(acceptEverything, script, [], { process: true });
  t.is(outcome.code, 64);
  t.is(outcome.connections, 0, 'nothing was sent, not even a connection');
  t.is(outcome.stdout, '');
  assertInert(t, outcome);
  const said = outcome.stderr;
  t.true(said.includes('line 2: the line contains CR (\\r) at column 24; several lines are several commands: send them one at a time'), said);
  t.true(said.includes(': MAIL FROM:<a@b.example>\\rRCPT TO:<c@d.example>\n'));
  t.true(said.includes('line 3: the line contains NUL (\\x00) at column 7;'));
  t.true(said.includes(': VRFY a\\x00b\n'));
  t.true(said.includes('line 4: the line contains NUL (\\x00) at column 40;'));
  t.true(said.includes(': AUTH PLAIN [redacted]\n'));
  t.true(said.includes('line 6: the line contains CR (\\r) at column 21; an AUTH response is one line'));
  t.true(said.includes('line 10: the line contains NUL (\\x00) at column 3; a body line is one line'));
  t.true(said.includes(': bo\\x00dy\n'));
  t.false(said.includes(PLAIN_SECRET.slice(0, 12)) || said.includes(LOGIN_SECRET.slice(0, 12)));
});

test('the connection refuses a typed line with CR, LF or NUL, shows its bytes, and sends nothing', async (t) => {
  const { connection, events } = await recordAgainst(t, acceptEverything);
  await connection.open();
  const refusals: Array<[string, RegExp]> = [
    ['MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>', /CR \(\\r\) at column 24 \(and 1 more\).*: MAIL FROM:<a@b\.example>\\r\\nRCPT TO:<c@d\.example>$/],
    ['NOOP\0', /NUL \(\\x00\) at column 5.*: NOOP\\x00$/],
    ['NOOP\nQUIT', /LF \(\\n\) at column 5.*: NOOP\\nQUIT$/],
  ];
  for (const [line, message] of refusals) t.throws(() => connection.submit(line), { message }, JSON.stringify(line));
  t.false(events.some((event) => event.type === 'sent'));
  t.is((await connection.submit('NOOP'))!.code, 250, 'the connection is still usable');
});

test('inside DATA and after a 334 the same refusal holds, and an AUTH response is never quoted', async (t) => {
  const { connection, events } = await recordAgainst(t, acceptEverything);
  await connection.open();
  await connection.submit('AUTH LOGIN');
  t.true(connection.inAuth);
  const error = t.throws(() => connection.submit(`${LOGIN_SECRET}\rmore`));
  t.regex(error!.message, /an AUTH response is one line.*: \[redacted\]$/);
  t.false(error!.message.includes(LOGIN_SECRET));
  t.is((await connection.submit('*'))!.code, 501);
  await connection.submit('DATA');
  t.throws(() => connection.submit('bo\rdy'), { message: /a body line is one line.*: bo\\rdy$/ });
  const sent = events.flatMap((event) => (event.type === 'sent' ? [event.display] : []));
  t.deepEqual(sent, ['AUTH LOGIN', '*', 'DATA']);
});

test('over-long lines go out with a warning first; AUTH lines up to 12,288 octets without one', async (t) => {
  const command = `NOOP ${'x'.repeat(595)}`;
  const body = 'b'.repeat(1200);
  const longAuth = `AUTH PLAIN ${'A'.repeat(12_000)}`;
  const tooLongAuth = `AUTH PLAIN ${'A'.repeat(12_300)}`;
  const response = 'R'.repeat(5000);
  const script = [command, 'DATA', body, '.', longAuth, 'AUTH LOGIN', response, tooLongAuth, 'QUIT', ''].join('\n');
  const outcome = await scriptAgainst(acceptEverything, script);
  t.is(outcome.code, 0, outcome.stdout.slice(0, 2000));
  const lines = linesOf(outcome);
  const before = (sent: string): string | undefined => lines[lines.indexOf(sent) - 1];
  t.is(before(` -> ${command}`), '*** 602 octets with CRLF, over the 512 that RFC 5321 §4.5.3.1.4 allows for a command line: the server may refuse or cut it');
  t.is(before(` -> ${body}`), '*** 1202 octets with CRLF, over the 1000 that RFC 5321 §4.5.3.1.6 allows for a text line: the server may refuse or cut it');
  t.is(before(' -> AUTH PLAIN [redacted]'), '<-  250 2.0.0 queued', 'a 12,013-octet AUTH line is within RFC 4954');
  t.true(lines.includes('*** 12313 octets with CRLF, over the 12288 that RFC 4954 §4 allows for an AUTH line: the server may refuse or cut it'));
  t.false(lines.some((line) => line.includes('5002 octets')), 'an AUTH response of 5,000 octets is within RFC 4954');
  t.true(outcome.received.includes(`${command}\r\n`) && outcome.received.includes(`${body}\r\n`), 'warned lines are still sent');
});
