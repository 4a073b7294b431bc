import test from 'ava';
import fc from 'fast-check';
import type { Awaited } from '../../src/core/connection.js';
import { nextStepHint } from '../../src/core/hints.js';
import type { HintReply } from '../../src/core/hints.js';

const reply = (code: number, ...lines: string[]): HintReply => ({ code, lines: lines.length > 0 ? lines : [''] });
const ehlo = (...extensions: string[]): HintReply => reply(250, 'mx.example.org Hello', ...extensions);

// [what the reply answers, the reply, over TLS, expected hint]
const WALK: ReadonlyArray<readonly [Awaited, HintReply, boolean, RegExp]> = [
  ['greeting', reply(220, 'mx ESMTP'), false, /^EHLO /],
  ['EHLO', ehlo('PIPELINING', 'STARTTLS'), false, /^STARTTLS, before anything else; then EHLO again/],
  ['STARTTLS', reply(220, 'Ready'), false, /handshake, then EHLO again/],
  ['EHLO', ehlo('AUTH PLAIN LOGIN'), true, /^AUTH PLAIN to log in \(offered: PLAIN LOGIN\), or MAIL FROM/],
  ['LHLO', ehlo('AUTH LOGIN'), true, /^AUTH LOGIN to log in/],
  ['EHLO', ehlo('PIPELINING'), true, /^MAIL FROM:<you@example.org> starts a message$/],
  ['EHLO', ehlo('PIPELINING'), false, /^no STARTTLS offered: everything goes in plaintext\. MAIL FROM/],
  ['EHLO', ehlo('AUTH PLAIN'), false, /^no STARTTLS offered.*AUTH PLAIN/],
  ['HELO', reply(250, 'mx'), false, /^MAIL FROM.*EHLO would/],
  ['AUTH', reply(334, 'VXNlcm5hbWU6'), true, /base64/],
  ['auth-response', reply(334, 'UGFzc3dvcmQ6'), true, /base64/],
  ['AUTH', reply(235), true, /^logged in: MAIL FROM/],
  ['auth-response', reply(235), true, /^logged in: MAIL FROM/],
  ['MAIL', reply(250), true, /^RCPT TO:/],
  ['RCPT', reply(250), true, /^DATA .*another RCPT TO/],
  ['RCPT', reply(251), true, /^DATA /],
  ['DATA', reply(354), true, /headers, an empty line, the body; then a line with only "\."/],
  ['AUTH', reply(235), false, /^logged in, but in plaintext: anyone on the path could read that password\. MAIL FROM/],
  ['data-end', reply(250), true, /accepted: another MAIL FROM.*QUIT/],
  ['RSET', reply(250), true, /cleared: MAIL FROM/],
];

test('after each success, the step that usually comes next', (t) => {
  for (const [verb, answer, tls, expected] of WALK) {
    t.regex(nextStepHint(verb, answer, tls) ?? '', expected, `${verb} ${answer.code} tls=${tls}`);
  }
});

test('nothing to suggest after QUIT, NOOP, HELP or raw bytes', (t) => {
  for (const verb of ['QUIT', 'NOOP', 'HELP', 'VRFY', 'raw'] as const) {
    t.is(nextStepHint(verb, reply(verb === 'QUIT' ? 221 : 250), false), undefined, verb);
  }
});

test('a refusal gets no hint: its explanation says what to do', (t) => {
  for (const code of [421, 451, 503, 530, 550, 0, 199, 600]) {
    t.is(nextStepHint('MAIL', reply(code, 'no'), false), undefined, String(code));
  }
  t.is(nextStepHint('EHLO', reply(502, 'EHLO not implemented'), false), undefined);
});

test('never throws, whatever the reply', (t) => {
  const verbs: Awaited[] = ['greeting', 'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'auth-response', 'MAIL', 'RCPT', 'DATA', 'data-end', 'QUIT', 'raw', 'OTHER'];
  fc.assert(
    fc.property(fc.constantFrom(...verbs), fc.integer({ min: 0, max: 999 }), fc.string(), fc.boolean(), (verb, code, text, tls) => {
      const hint = nextStepHint(verb, reply(code, text), tls);
      return hint === undefined || hint.length > 0;
    }),
  );
  t.pass();
});

test('mechanisms the server names are escaped in the hint: a title-setting or bidi "mechanism" stays inert', (t) => {
  const hint = nextStepHint('EHLO', ehlo('AUTH \x1b]0;pwned\x07 X\u202eY'), true) ?? '';
  t.false(/[\x00-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/.test(hint), hint);
  t.true(hint.includes('\\x1b]0;PWNED\\x07'), hint);
});
