import test from 'ava';
import type { Awaited, ConnectionEvent } from '../../src/core/connection.js';
import { parseEhlo } from '../../src/core/ehlo.js';
import { LineReader } from '../../src/core/line-reader.js';
import { ReplyParser, type Reply } from '../../src/core/reply.js';
import { commentary, wordedChanges } from '../../src/script/commentary.js';
import { scriptAgainst } from '../hostile/harness.js';
import { converse } from '../hostile/peers.js';

function replyOf(wire: string): Reply {
  const parser = new ReplyParser();
  const replies = new LineReader().push(Buffer.from(wire)).flatMap((line) => parser.push(line) ?? []);
  if (replies.length !== 1) throw new Error(`expected one reply in ${JSON.stringify(wire)}`);
  return replies[0]!;
}

function replyEvent(wire: string, verb: Awaited | undefined, tls = false): ConnectionEvent {
  return { type: 'reply', at: 0, reply: replyOf(wire), tls, ...(verb ? { answers: { verb, display: verb } } : {}) };
}

/** The one line under a refusal. */
function explanationLine(reply: Reply): string {
  return commentary({ type: 'reply', at: 0, reply, tls: false }, undefined)[0] ?? '';
}

const EHLO_PLAIN = '250-exim.test Hello\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 HELP\r\n';
const EHLO_TLS = '250-exim.test Hello\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 HELP\r\n';
const preTls = parseEhlo(replyOf(EHLO_PLAIN));

test("Exim's 503 to AUTH before TLS: the known wording is explained, with what to do", (t) => {
  t.is(
    explanationLine(replyOf('503 AUTH command used when not advertised\r\n')),
    "503 — Bad sequence of commands: The server did not offer AUTH in its EHLO reply, so refuses it (these are Exim's words); "
      + 'many setups offer AUTH only after STARTTLS (Exim: auth_advertise_hosts). → Send STARTTLS and EHLO again; AUTH must then appear in the new EHLO reply.',
  );
});

test('an enhanced status code is named; an unknown wording falls back to the meaning of the code', (t) => {
  t.regex(explanationLine(replyOf('550 5.7.1 no thanks\r\n')), /^550 5\.7\.1 — /);
  t.regex(explanationLine(replyOf('452 try later\r\n')), /^452 — \S/);
});

test('a multi-line refusal is matched on all its lines, not only the first', (t) => {
  // Exim's answer to DATA after every RCPT was refused: the known wording is on the last line.
  const reply = replyOf('503-All RCPT commands were rejected with this error:\r\n503-relaying not permitted\r\n503 Valid RCPT command must precede DATA\r\n');
  t.regex(explanationLine(reply), /^503 — Bad sequence of commands: Commands came out of order: /);
  t.notRegex(explanationLine(replyOf('503 All RCPT commands were rejected with this error:\r\n')), /Commands came out of order/);
});

test('every 4xx/5xx reply gets one line; positive replies and replies cut short get none', (t) => {
  t.is(commentary(replyEvent('421 exim.test lost input connection\r\n', undefined), undefined).length, 1);
  t.is(commentary(replyEvent('550 relaying not permitted\r\n', 'RCPT'), preTls).length, 1);
  t.deepEqual(commentary(replyEvent('250 Accepted\r\n', 'RCPT', true), preTls), []);
  const cut: ConnectionEvent = { type: 'reply', at: 0, reply: { ...replyOf('550 no\r\n'), complete: false }, tls: false };
  t.deepEqual(commentary(cut, undefined), []);
  t.deepEqual(commentary({ type: 'warning', at: 0, text: 'x' }, preTls), []);
});

test('the EHLO over TLS says what changed since the plaintext EHLO; the plaintext one says nothing', (t) => {
  t.deepEqual(commentary(replyEvent(EHLO_TLS, 'EHLO', true), preTls), [
    'AUTH PLAIN LOGIN appeared after STARTTLS (usual: many servers offer AUTH only over TLS)',
    'STARTTLS disappeared after STARTTLS, as it should: TLS is already active (RFC 3207 §4.2)',
  ]);
  t.deepEqual(commentary(replyEvent(EHLO_PLAIN, 'EHLO'), undefined), []);
  // Implicit TLS: no plaintext EHLO to compare with.
  t.deepEqual(commentary(replyEvent(EHLO_TLS, 'EHLO', true), undefined), []);
  t.deepEqual(commentary(replyEvent(EHLO_PLAIN, 'EHLO', true), preTls), ['STARTTLS is still offered after STARTTLS, which RFC 3207 §4.2 forbids']);
});

test('unchanged capabilities are said to be unchanged; server text in a change is escaped', (t) => {
  const same = '250-x\r\n250 PIPELINING\r\n';
  t.deepEqual(commentary(replyEvent(same, 'EHLO', true), parseEhlo(replyOf(same))), ['the capabilities did not change after STARTTLS']);
  const hostile = commentary(replyEvent('250-x\r\n250 X-\x1b[31mRED\r\n', 'EHLO', true), parseEhlo(replyOf(same)));
  t.true(hostile.includes('X-\\x1b[31mRED appeared after STARTTLS'), hostile.join('\n'));
  t.false(hostile.some((line) => line.includes('\x1b')));
});

test('wordedChanges pairs each change with its sentence', (t) => {
  const changes = wordedChanges(preTls, parseEhlo(replyOf(EHLO_TLS)));
  t.deepEqual(changes.map(({ change }) => change.kind), ['appeared', 'disappeared']);
  t.regex(changes[0]!.text, /^AUTH PLAIN LOGIN appeared/);
});

test('the advice under a refusal fits what the session had established: TLS on, a login done', (t) => {
  const afterTls = commentary({ ...replyEvent('503 AUTH command used when not advertised\r\n', 'AUTH', true) }, preTls)[0]!;
  t.regex(afterTls, /→ TLS is already on, and STARTTLS made the server forget the first EHLO \(RFC 3207 §4\.2\): send EHLO again/);
  t.notRegex(afterTls, /Send STARTTLS/);
  const relay = '550 relay not permitted\r\n';
  t.regex(commentary(replyEvent(relay, 'RCPT'), undefined)[0]!, /→ Log in first/);
  const loggedIn = commentary({ ...replyEvent(relay, 'RCPT', true), authenticated: true } as ConnectionEvent, undefined)[0]!;
  t.regex(loggedIn, /→ You are logged in, yet this login may not relay/);
  t.notRegex(loggedIn, /Log in first/);
});

test('script mode: a relay refused after a successful AUTH is not answered with "log in first"', async (t) => {
  const server = converse([
    [/^EHLO /, '250-scripted\r\n250 AUTH PLAIN\r\n'],
    [/^AUTH PLAIN /, '235 2.7.0 Authentication succeeded\r\n'],
    [/^MAIL FROM:/, '250 OK\r\n'],
    [/^RCPT TO:/, '550 relay not permitted\r\n'],
    [/^QUIT/, '221 bye\r\n'],
  ]);
  const outcome = await scriptAgainst(server, 'EHLO client.example\nAUTH PLAIN AHVzZXIAcGFzcw==\nMAIL FROM:<a@example.org>\nRCPT TO:<b@example.net>\nQUIT\n');
  t.is(outcome.code, 1, outcome.stdout);
  t.regex(outcome.stdout, /=== 550 — .*→ You are logged in, yet this login may not relay/);
});
