/**
 * Item 6: time. Every wait ends within its deadline (which covers the whole reply), script mode exits 2 on
 * timeouts and closes, a 421 or an unsolicited reply is shown for what it is, and any wait can be cancelled.
 */
import test from 'ava';
import type { RawPeer } from '../helpers/raw-server.js';
import { assertInert, elapsedBetween, jsonOf, linesOf, pause, recordAgainst, scriptAgainst, untilClosed } from './harness.js';
import type { Behaviour } from './harness.js';
import { answerUntilQuit } from './peers.js';

const noGreeting: Behaviour = untilClosed;

const silentAfterNoop: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^NOOP/);
  await untilClosed(peer);
};

const dripOneBytePer500ms: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^NOOP/);
  for (const byte of '250 ok\r\n') {
    if (peer.socket.destroyed) return;
    await peer.write(byte);
    await pause(500);
  }
};

const silentAfterDataEnd: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^DATA/);
  await peer.write('354 go ahead\r\n');
  await peer.expectLine(/^\.$/);
  await untilClosed(peer);
};

interface DeadlineCase {
  name: string;
  behaviour: Behaviour;
  script: string;
  timeout: number;
  /** The entry the clock starts from, and the error that ends the wait. */
  from: RegExp;
  says: RegExp;
  /** Run the real CLI, to time the whole process too. */
  process?: true;
}

const deadlines: DeadlineCase[] = [
  { name: 'no greeting', behaviour: noGreeting, script: 'NOOP\n', timeout: 0.5, from: /^Connected to/, says: /^no complete reply to the greeting within 0\.5 s: a server may hold its greeting on purpose \(a tarpit, a busy server\): a longer --timeout waits for it; a port that expects TLS from the first byte \(like 465\) needs --tls-on-connect$/, process: true },
  { name: 'silence after a command', behaviour: silentAfterNoop, script: 'NOOP\n', timeout: 0.5, from: /^NOOP$/, says: /^no complete reply to NOOP within 0\.5 s$/ },
  {
    name: 'one byte every 500 ms',
    behaviour: dripOneBytePer500ms,
    script: 'NOOP\n',
    timeout: 1.2,
    from: /^NOOP$/,
    says: /^no complete reply to NOOP within 1\.2 s$/,
  },
  {
    name: 'silence after the end of DATA',
    behaviour: silentAfterDataEnd,
    script: 'DATA\nSubject: x\n\nbody\n.\n',
    timeout: 0.5,
    from: /^\.$/,
    says: /^no complete reply to the end of DATA within 0\.5 s: the message MAY have been accepted — check before resending$/,
  },
];

for (const { name, behaviour, script, timeout, from, says, process } of deadlines) {
  test(`${name}: exit 2 within the --timeout of ${timeout} s`, async (t) => {
    const outcome = await scriptAgainst(behaviour, script, ['--timeout', String(timeout), '--json'], { process: process === true });
    if (process) t.true(outcome.ms < timeout * 1000 + 5000, `the whole run took ${outcome.ms} ms`);
    t.is(outcome.code, 2, outcome.stdout);
    assertInert(t, outcome);
    const doc = jsonOf(outcome);
    t.true(doc.transcript.some((entry) => entry.mark === '***' && says.test(entry.text)), outcome.stdout);
    const waited = elapsedBetween(doc, from, says);
    t.true(waited >= timeout * 1000 - 50 && waited < timeout * 1000 + 400, `${waited} ms`);
    t.regex(doc.transcript.at(-1)!.text, /^Connection closed by the client\.$/);
  });
}

test('a drip is shown as far as it got', async (t) => {
  const outcome = await scriptAgainst(dripOneBytePer500ms, 'NOOP\n', ['--timeout', '1.2']);
  t.true(linesOf(outcome).includes('<-  250'), outcome.stdout);
  t.true(linesOf(outcome).includes('*** the connection closed in the middle of this line'));
});

const shutdownBetweenCommands: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250 ok\r\n421 4.3.2 shutting down\r\n');
  peer.end();
  await untilClosed(peer);
};

test('421 between commands: shown as the server closing, and nothing more is sent', async (t) => {
  const outcome = await scriptAgainst(shutdownBetweenCommands, 'EHLO me\nNOOP\n');
  t.is(outcome.code, 2, outcome.stdout);
  const lines = linesOf(outcome);
  const at = lines.indexOf('<** 421 4.3.2 shutting down');
  t.deepEqual(lines.slice(at, at + 2), ['<** 421 4.3.2 shutting down', '*** the server is closing the connection (a 421 may come at any time, RFC 5321 §3.8)']);
  t.true(lines.includes('*** not sent: the server said 421 and is closing the connection'), outcome.stdout);
  t.false(outcome.received.toString().includes('NOOP'));
  t.is(lines.at(-2), '=== Connection closed by the server.', 'the server closed, as its 421 said it would');
});

const shutdownAtMail: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250 ok\r\n');
  await peer.expectLine(/^MAIL/);
  await peer.write('421 4.7.0 too many errors, closing\r\n');
  await pause(50);
  peer.end();
  await untilClosed(peer);
};

test('a 421 answering a command stops the script even with --keep-going: exit 1, and the close is the server\'s', async (t) => {
  const outcome = await scriptAgainst(shutdownAtMail, 'EHLO me\nMAIL FROM:<a@example.org>\nRCPT TO:<b@example.org>\n', ['--keep-going']);
  t.is(outcome.code, 1, outcome.stdout);
  const lines = linesOf(outcome);
  t.true(lines.includes('=== stopping after 421 to MAIL FROM:<a@example.org>: the server is closing the connection'), outcome.stdout);
  t.false(outcome.received.toString().includes('RCPT'));
  t.is(lines.at(-2), '=== Connection closed by the server.', outcome.stdout);
});

const closingInLastLine: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250-one\r\n421 4.3.2 shutting down\r\n');
  await pause(50);
  peer.end();
  await untilClosed(peer);
};

test('a 421 as the last line of a reply that began otherwise: the server is closing, exit 1, nothing more sent', async (t) => {
  const outcome = await scriptAgainst(closingInLastLine, 'EHLO me\nNOOP\n');
  t.is(outcome.code, 1, outcome.stdout);
  t.true(linesOf(outcome).includes('=== stopping after 421 to EHLO me: the server is closing the connection'), outcome.stdout);
  t.false(outcome.received.toString().includes('NOOP'));
});

const extraReply: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250 first\r\n250 extra\r\n');
  await peer.expectLine(/^NOOP/);
  await peer.write('250 second\r\n');
  await answerUntilQuit(peer);
};

test('an unsolicited 250 answers nothing; the next command gets its own reply', async (t) => {
  const outcome = await scriptAgainst(extraReply, 'EHLO me\nNOOP\nQUIT\n', ['--json']);
  t.is(outcome.code, 0, outcome.stdout);
  const doc = jsonOf(outcome);
  const extra = doc.transcript.find((entry) => entry.text === '250 extra')!;
  t.is(extra.mark, '<**');
  t.is(extra.answers, undefined);
  t.is(doc.transcript.find((entry) => entry.text === '250 second')!.answers, 'NOOP');
});

const halfALine: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^NOOP/);
  await peer.write('250-first line\r\n250 half a li');
  peer.end();
};

test('close in the middle of a reply line: the partial reply and line are shown, exit 2', async (t) => {
  const outcome = await scriptAgainst(halfALine, 'NOOP\nQUIT\n');
  t.is(outcome.code, 2, outcome.stdout);
  const lines = linesOf(outcome);
  t.deepEqual(lines.slice(lines.indexOf(' -> NOOP')), [
    ' -> NOOP',
    '<-  250-first line',
    '*** the server closed the connection while waiting for the reply to NOOP',
    '*** the reply never ended: its last line never came',
    '<-  250 half a li',
    '*** the connection closed in the middle of this line',
    '*** Connection closed by the server.',
    '',
  ]);
});

const slowMultiLine: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^EHLO/);
  await peer.write('250-first line\r\n250-second line\r\n');
  await pause(400);
  await peer.write('250 last line\r\n');
  await answerUntilQuit(peer);
};

test('a multi-line reply is shown line by line as it comes, each line with the time it came', async (t) => {
  const outcome = await scriptAgainst(slowMultiLine, 'EHLO me\nQUIT\n', ['--json']);
  t.is(outcome.code, 0, outcome.stdout);
  const transcript = jsonOf(outcome).transcript;
  const at = (text: string): number => Date.parse(transcript.find((entry) => entry.text === text)!.time);
  t.true(at('250-second line') - at('250-first line') < 200);
  t.true(at('250 last line') - at('250-second line') >= 350, `${at('250 last line') - at('250-second line')} ms`);
  t.deepEqual(transcript.filter((entry) => entry.text.startsWith('250')).map((entry) => entry.text), ['250-first line', '250-second line', '250 last line']);
});

const closeAfterDataEnd: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^DATA/);
  await peer.write('354 go ahead\r\n');
  await peer.expectLine(/^\.$/);
  peer.end();
};

test('close after the end of DATA: "the message MAY have been accepted", exit 2', async (t) => {
  const outcome = await scriptAgainst(closeAfterDataEnd, 'DATA\nSubject: x\n\nbody\n.\nQUIT\n');
  t.is(outcome.code, 2, outcome.stdout);
  t.true(
    linesOf(outcome).includes(
      '*** the server closed the connection while waiting for the reply to the end of DATA: the message MAY have been accepted — check before resending',
    ),
    outcome.stdout,
  );
  t.false(outcome.received.toString().includes('QUIT'));
});

/** Waits, each in its own way, until the client gives up. */
const waits: Array<[string, Behaviour, (session: Awaited<ReturnType<typeof recordAgainst>>) => Promise<unknown>, string]> = [
  ['the greeting', noGreeting, ({ connection }) => connection.open(), 'the greeting'],
  ['a reply', silentAfterNoop, async ({ connection }) => connection.open().then(() => connection.submit('NOOP')), 'NOOP'],
  [
    'a TLS handshake',
    async (peer: RawPeer) => {
      await peer.write('220 ready\r\n');
      await peer.expectLine(/^STARTTLS/);
      await peer.write('220 go ahead\r\n');
      await untilClosed(peer);
    },
    async ({ connection }) => connection.open().then(() => connection.submit('STARTTLS')),
    'the TLS handshake',
  ],
];

for (const [what, behaviour, start, awaited] of waits) {
  test(`waiting for ${what} can be cancelled at once`, async (t) => {
    const session = await recordAgainst(t, behaviour, { timeouts: { greeting: 60_000, command: 60_000, tlsHandshake: 60_000 } });
    const waiting = start(session);
    // Cancel once the connection itself says it is waiting for that very thing, not after a guessed pause.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (session.connection.waiting?.display === awaited) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    const cancelledAt = Date.now();
    session.connection.cancel();
    await t.throwsAsync(waiting, { message: 'cancelled by the user' });
    await session.closed;
    t.true(Date.now() - cancelledAt < 1000, 'against deadlines of a minute');
    t.true(session.lines().includes('*** cancelled by the user'));
  });
}

test('the wait under way has a deadline to count down to', async (t) => {
  const { connection } = await recordAgainst(t, silentAfterNoop, { timeouts: { command: 5000 } });
  await connection.open();
  const reply = connection.submit('NOOP').catch(() => undefined);
  const waiting = connection.waiting!;
  t.is(waiting.display, 'NOOP');
  t.is(waiting.deadline - waiting.startedAt, 5000);
  connection.cancel();
  await reply;
});

/** Answers NOOP with 1,500 lines of a reply that then stalls: past the 1,000 lines kept, only a count shows it comes. */
const stallsMidReply: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^NOOP/);
  await peer.write('250-more\r\n'.repeat(1500));
  await untilClosed(peer);
};

test('a reply still coming counts its lines in the wait, those past the kept ones too', async (t) => {
  const { connection } = await recordAgainst(t, stallsMidReply, { timeouts: { command: 5000 } });
  await connection.open();
  const reply = connection.submit('NOOP').catch(() => undefined);
  t.is(connection.waiting!.linesSoFar, undefined, 'no line yet, no count');
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (connection.waiting?.linesSoFar === 1500) {
        clearInterval(poll);
        resolve();
      }
    }, 5);
  });
  t.is(connection.waiting!.display, 'NOOP');
  connection.cancel();
  await reply;
});
