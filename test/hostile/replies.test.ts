/**
 * Item 5: broken replies. Every deviation is shown as a violation, the code shown is the code parsed, and memory
 * and output stay bounded with the truncation marked.
 */
import test from 'ava';
import type { RawPeer } from '../helpers/raw-server.js';
import { assertInert, jsonOf, pause, recordAgainst, scriptAgainst, untilClosed } from './harness.js';
import type { Behaviour } from './harness.js';
import { answerUntilQuit } from './peers.js';

const MB = 1024 * 1024;
/** Peak RSS the CLI may reach on the flood cases: half of the 300 MB the issue allows. */
const RSS_LIMIT = 150 * MB;

/** Greets, then answers the first NOOP with `reply` (written in the parts given) and the rest with 250. */
const answerNoopWith =
  (...parts: Array<string | Buffer>): Behaviour =>
  async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^NOOP/);
    for (const [i, part] of parts.entries()) {
      if (i > 0) await pause(30);
      await peer.write(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
    }
    await answerUntilQuit(peer);
  };

interface ReplyCase {
  name: string;
  behaviour: Behaviour;
  /** Lines the transcript must contain, in this order. */
  shows: string[];
  code: number;
}

const cases: ReplyCase[] = [
  {
    name: 'mixed codes in a multi-line reply',
    behaviour: answerNoopWith('250-first\r\n550-second\r\n250 third\r\n'),
    shows: ['<-  250-first', '<-  550-second', '<-  250 third', '*** mixed reply codes in one reply: 250 then 550'],
    code: 250,
  },
  {
    name: 'a bare CR inside a line',
    behaviour: answerNoopWith('250 denied\rgranted\r\n'),
    shows: ['<-  250 denied\\rgranted', '*** bare CR inside a line'],
    code: 250,
  },
  {
    name: 'a NUL byte',
    behaviour: answerNoopWith('250 a\x00b\r\n'),
    shows: ['<-  250 a\\x00b', '*** NUL byte in a line'],
    code: 250,
  },
  {
    name: 'invalid UTF-8',
    behaviour: answerNoopWith('250 caf\xe9 \xff\xfe \xc3(\r\n'),
    shows: ['<-  250 caf\\xe9 \\xff\\xfe \\xc3('],
    code: 250,
  },
  {
    name: 'UTF-8 split across two writes',
    behaviour: answerNoopWith(Buffer.from([0x32, 0x35, 0x30, 0x20, 0x63, 0x61, 0x66, 0xc3]), Buffer.from([0xa9, 0x0d, 0x0a])),
    shows: ['<-  250 café'],
    code: 250,
  },
  {
    name: 'an out-of-range code 850',
    behaviour: answerNoopWith('850 eight fifty\r\n'),
    shows: ['<-  850 eight fifty', '*** reply code 850 is out of range (RFC 5321 §4.2: first digit 2-5, second 0-5)'],
    code: 850,
  },
  {
    name: 'an out-of-range code 199',
    behaviour: answerNoopWith('199 one\r\n'),
    shows: ['<-  199 one', '*** reply code 199 is out of range (RFC 5321 §4.2: first digit 2-5, second 0-5)'],
    code: 199,
  },
  {
    name: 'an enhanced code of another class',
    behaviour: answerNoopWith('550 4.7.1 try later\r\n'),
    shows: ['<-  550 4.7.1 try later', '*** enhanced code 4.7.1 does not match reply class 5 (RFC 3463): ignored'],
    code: 550,
  },
  {
    name: 'code-only lines',
    behaviour: answerNoopWith('250-\r\n250\r\n'),
    shows: ['<-  250-', '<-  250'],
    code: 250,
  },
  {
    name: 'a bare LF line end',
    behaviour: answerNoopWith('250 ok\n'),
    shows: ['<-  250 ok', '*** line ended with a bare LF instead of CRLF'],
    code: 250,
  },
  {
    name: 'a line without a code before the reply',
    behaviour: answerNoopWith('hello there\r\n250 real\r\n'),
    shows: ['<** hello there', '*** line does not start with a 3-digit reply code', '<-  250 real'],
    code: 250,
  },
];

for (const { name, behaviour, shows, code } of cases) {
  test(`${name}: shown as received, flagged, code as parsed`, async (t) => {
    const { connection, lines } = await recordAgainst(t, behaviour);
    await connection.open();
    const reply = await connection.submit('NOOP');
    t.is(reply!.code, code);
    const shown = lines();
    let from = 0;
    for (const expected of shows) {
      const at = shown.indexOf(expected, from);
      t.true(at >= 0, `${expected}\n---\n${shown.join('\n')}`);
      from = at + 1;
    }
    const first = shown.slice(shown.indexOf(' -> NOOP')).find((line) => line.startsWith('<-  '))!;
    t.true(first.slice(4).startsWith(String(reply!.code)), 'the code shown is the code parsed');
  });
}

test('lines ended by bare CR only never end: the deadline covers them, the partial line is shown', async (t) => {
  const { connection, lines, closed } = await recordAgainst(t, answerNoopWith('250 one\r250 two\r'), { timeouts: { command: 300 } });
  await connection.open();
  await t.throwsAsync(connection.submit('NOOP'), { message: /no complete reply to NOOP within 0\.3 s/ });
  await closed;
  const shown = lines();
  t.true(shown.includes('<-  250 one\\r250 two\\r'), shown.join('\n'));
  t.true(shown.includes('*** the connection closed in the middle of this line'));
});

test('script mode: out-of-range codes are negative, code-only replies positive', async (t) => {
  for (const [reply, exit] of [['850 x\r\n', 1], ['199 x\r\n', 1], ['250\r\n', 0]] as const) {
    const outcome = await scriptAgainst(answerNoopWith(reply), 'NOOP\nQUIT\n');
    t.is(outcome.code, exit, outcome.stdout);
    assertInert(t, outcome);
  }
});

test('--json: a line that starts with another code than its reply says so beside the reply\'s code', async (t) => {
  const outcome = await scriptAgainst(answerNoopWith('250-first\r\n550-second\r\n250 third\r\n'), 'NOOP\nQUIT\n', ['--json']);
  const lines = jsonOf(outcome).transcript.filter((entry) => /^\d{3}[- ]/.test(entry.text) && entry.answers === 'NOOP');
  t.deepEqual(
    lines.map(({ text, code, lineCode }) => ({ text, code, lineCode })),
    [
      { text: '250-first', code: 250, lineCode: undefined },
      { text: '550-second', code: 250, lineCode: 550 },
      { text: '250 third', code: 250, lineCode: undefined },
    ],
  );
});

async function writeInChunks(peer: RawPeer, total: number, chunk: (i: number) => string): Promise<void> {
  const parts: string[] = [];
  for (let i = 0; i < total; i++) {
    parts.push(chunk(i));
    if (parts.length === 10_000) await peer.write(parts.splice(0).join(''));
  }
  if (parts.length > 0) await peer.write(parts.join(''));
}

const hugeReply: Behaviour = async (peer) => {
  await writeInChunks(peer, 200_000, (i) => (i < 199_999 ? `220-line ${i}\r\n` : '220 end\r\n'));
  await answerUntilQuit(peer);
};

test('a 200,000-line reply: bounded output with the omission marked, bounded memory', async (t) => {
  const outcome = await scriptAgainst(hugeReply, 'QUIT\n', ['--timeout', '20'], { measureRss: true });
  t.is(outcome.code, 0, outcome.stderr);
  t.true(outcome.stdout.includes('*** … 199,000 more lines of this reply not shown (200,000 in all)\n'), outcome.stdout.slice(-500));
  t.true(outcome.stdout.length < 64 * 1024, `${outcome.stdout.length} bytes of output`);
  t.true(outcome.maxRssBytes! < RSS_LIMIT, `peak RSS ${(outcome.maxRssBytes! / MB).toFixed(0)} MB`);
});

const TEN_MB = 10 * MB;

const hugeLines: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^NOOP/);
  await peer.write(Buffer.concat([Buffer.from('250 '), Buffer.alloc(TEN_MB, 'A'), Buffer.from('\r\n')]));
  await peer.expectLine(/^NOOP/);
  await peer.write(Buffer.concat([Buffer.from('250 '), Buffer.alloc(TEN_MB, 'B')]));
  peer.end();
  await untilClosed(peer);
};

test('10 MB lines, with and without CRLF: cut at the cap, the cut marked, bounded memory, exit 2 on the close', async (t) => {
  const outcome = await scriptAgainst(hugeLines, 'NOOP\nNOOP\n', ['--timeout', '20'], { measureRss: true });
  t.is(outcome.code, 2, outcome.stdout.slice(-1000));
  assertInert(t, outcome);
  t.regex(outcome.stdout, /\n<- {2}250 A{8188}\n\*\*\* line too long: 10,477,?\d{3} bytes over the cap were dropped\n/);
  t.regex(outcome.stdout, /\n<- {2}250 B{8188}\n\*\*\* the connection closed in the middle of this line \(10,4\d\d,\d{3} bytes over the cap were dropped\)\n/);

  t.true(outcome.stdout.includes('*** the server closed the connection while waiting for the reply to NOOP'));
  t.true(outcome.stdout.length < 64 * 1024, `${outcome.stdout.length} bytes of output`);
  t.true(outcome.maxRssBytes! < RSS_LIMIT, `peak RSS ${(outcome.maxRssBytes! / MB).toFixed(0)} MB`);
});

/** Answers each of six NOOPs with the longest reply kept whole: 1,000 lines of 8 KiB, each 8 MB. */
const wideReplies: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  const line = 'W'.repeat(8180);
  for (let n = 0; n < 6; n++) {
    await peer.expectLine(/^NOOP/);
    await writeInChunks(peer, 1000, (i) => `250${i < 999 ? '-' : ' '}${line}\r\n`);
  }
  await answerUntilQuit(peer);
};

/**
 * Holding the whole document until the end peaks at ~700 MB on this case; writing it as it goes, at 200–300 MB,
 * most of it garbage V8 has not collected yet, and no more for sixty replies than for six.
 */
const STREAMED_JSON_RSS_LIMIT = 450 * MB;

test('--json: six 8 MB replies are written as they come, in bounded memory', async (t) => {
  const outcome = await scriptAgainst(wideReplies, 'NOOP\n'.repeat(6) + 'QUIT\n', ['--timeout', '20', '--json'], { measureRss: true });
  t.is(outcome.code, 0, outcome.stderr);
  const noops = jsonOf(outcome).transcript.filter((entry) => entry.answers === 'NOOP');
  t.is(noops.length, 6000);
  t.true(outcome.maxRssBytes! < STREAMED_JSON_RSS_LIMIT, `peak RSS ${(outcome.maxRssBytes! / MB).toFixed(0)} MB`);
});

const strayFlood: Behaviour = async (peer) => {
  await writeInChunks(peer, 200_000, (i) => `stray line ${i}\r\n`);
  await peer.write('220 ready at last\r\n');
  await answerUntilQuit(peer);
};

const UNSHOWN = '… 199,900 more replies or lines that answer no command not shown (200,000 in a row)';

test('200,000 lines without a code: the first hundred shown, the rest counted, bounded memory', async (t) => {
  const outcome = await scriptAgainst(strayFlood, 'QUIT\n', ['--timeout', '20', '--json'], { measureRss: true });
  t.is(outcome.code, 0, outcome.stderr);
  const texts = jsonOf(outcome).transcript.map((entry) => entry.text);
  t.is(texts.filter((text) => text.startsWith('stray line')).length, 100);
  t.is(texts[texts.indexOf(UNSHOWN) + 1], '220 ready at last', texts.slice(-10).join('\n'));
  t.true(outcome.stdout.length < 256 * 1024, `${outcome.stdout.length} bytes of output`);
  t.true(outcome.maxRssBytes! < RSS_LIMIT, `peak RSS ${(outcome.maxRssBytes! / MB).toFixed(0)} MB`);
});

const unaskedFlood: Behaviour = async (peer) => {
  await peer.write('220 ready\r\n');
  await peer.expectLine(/^NOOP/);
  await writeInChunks(peer, 501, (i) => (i === 0 ? '250 ok\r\n' : `250 unasked ${i}\r\n`));
  peer.end();
};

test('500 replies nobody asked for: the first hundred shown, the rest counted when the run ends', async (t) => {
  const { connection, lines, closed } = await recordAgainst(t, unaskedFlood);
  await connection.open();
  await connection.submit('NOOP');
  await closed;
  const shown = lines();
  t.is(shown.filter((line) => line.startsWith('<** 250 unasked')).length, 100);
  t.true(shown.includes('*** … 400 more replies or lines that answer no command not shown (500 in a row)'), shown.slice(-5).join('\n'));
});
