import test from 'ava';
import fc from 'fast-check';
import type { Awaited } from '../../src/core/connection.js';
import { parseEhlo } from '../../src/core/ehlo.js';
import { nextStepHint } from '../../src/core/hints.js';
import type { HintReply } from '../../src/core/hints.js';

const reply = (code: number, text = '', enhanced?: string): HintReply => ({
  code,
  lines: [text],
  ...(enhanced ? { enhanced: { text: enhanced, klass: Number(enhanced[0]) as 2 | 4 | 5, subject: 0, detail: 0 } } : {}),
});
const ehlo = (...extensions: string[]) => parseEhlo({ code: 250, lines: ['mx.example.org Hello', ...extensions] });

// [what the reply answers, code, capabilities, tls, expected hint]
const WALK: ReadonlyArray<readonly [Awaited, number, ReturnType<typeof ehlo> | undefined, boolean, RegExp]> = [
  ['greeting', 220, undefined, false, /^EHLO /],
  ['EHLO', 250, ehlo('PIPELINING', 'STARTTLS'), false, /^STARTTLS next.*EHLO again/],
  ['STARTTLS', 220, ehlo('STARTTLS'), false, /handshake, then EHLO again/],
  ['EHLO', 250, ehlo('AUTH PLAIN LOGIN'), true, /^AUTH PLAIN to log in \(offered: PLAIN LOGIN\), or MAIL FROM/],
  ['EHLO', 250, ehlo('AUTH LOGIN'), true, /^AUTH LOGIN to log in/],
  ['EHLO', 250, ehlo('PIPELINING'), true, /^MAIL FROM:<you@example.org> starts a message$/],
  ['EHLO', 250, ehlo('PIPELINING'), false, /^no STARTTLS offered: everything goes in plaintext\. MAIL FROM/],
  ['EHLO', 250, ehlo('AUTH PLAIN'), false, /^no STARTTLS offered.*AUTH PLAIN/],
  ['HELO', 250, undefined, false, /^MAIL FROM.*EHLO would/],
  ['AUTH', 334, undefined, true, /base64/],
  ['auth-response', 334, undefined, true, /base64/],
  ['AUTH', 235, undefined, true, /^logged in: MAIL FROM/],
  ['auth-response', 235, undefined, true, /^logged in: MAIL FROM/],
  ['MAIL', 250, undefined, true, /^RCPT TO:/],
  ['RCPT', 250, undefined, true, /^DATA .*another RCPT TO/],
  ['RCPT', 251, undefined, true, /^DATA /],
  ['DATA', 354, undefined, true, /headers, an empty line, the body; then a line with only "\."/],
  ['data-end', 250, undefined, true, /accepted: MAIL FROM.*QUIT/],
  ['RSET', 250, undefined, true, /cleared: MAIL FROM/],
];

test('after each success, the step that usually comes next', (t) => {
  for (const [verb, code, caps, tls, expected] of WALK) {
    t.regex(nextStepHint(verb, reply(code), caps, tls) ?? '', expected, `${verb} ${code} tls=${tls}`);
  }
});

test('nothing to suggest after QUIT, NOOP, HELP or raw bytes', (t) => {
  for (const verb of ['QUIT', 'NOOP', 'HELP', 'VRFY', 'raw'] as const) {
    t.is(nextStepHint(verb, reply(verb === 'QUIT' ? 221 : 250), undefined, false), undefined, verb);
  }
});

test('a refusal gets the explanation\'s "what to do", recognising the wording', (t) => {
  t.regex(nextStepHint('MAIL', reply(530, 'Must issue a STARTTLS command first', '5.7.0'), undefined, false) ?? '', /STARTTLS/);
  t.regex(nextStepHint('RCPT', reply(451, 'Greylisted, please try again later', '4.7.1'), undefined, false) ?? '', /again after a few minutes/);
  t.regex(nextStepHint('AUTH', reply(503, 'AUTH command used when not advertised', '5.5.1'), undefined, false) ?? '', /STARTTLS/);
});

test('421 at any point means reconnecting later', (t) => {
  t.is(nextStepHint('MAIL', reply(421, 'Server shutting down'), undefined, true), 'the server is closing the connection: reconnect later');
});

test('never throws, whatever the reply', (t) => {
  const verbs: Awaited[] = ['greeting', 'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'auth-response', 'MAIL', 'RCPT', 'DATA', 'data-end', 'QUIT', 'raw', 'OTHER'];
  fc.assert(
    fc.property(fc.constantFrom(...verbs), fc.integer({ min: 0, max: 999 }), fc.string(), fc.boolean(), (verb, code, text, tls) => {
      const hint = nextStepHint(verb, reply(code, text), undefined, tls);
      return hint === undefined || hint.length > 0;
    }),
  );
  t.pass();
});
