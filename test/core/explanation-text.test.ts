import test from 'ava';
import { BASIC_CODES, explainEnhanced, explainReply } from '../../src/core/codes.js';
import { explainTyped, formatExplanation, formatStatus } from '../../src/core/explanation-text.js';

test('a refusal with a known wording: title, meaning, status, wording, what to do, sources', (t) => {
  const lines = formatExplanation(explainReply(550, '5.7.1', 'Relay access denied'));
  t.is(lines.length, 6);
  t.is(lines[0], '550 5.7.1 — Mailbox unavailable / refused');
  t.regex(lines[2] ?? '', /^5\.7\.1 Delivery not authorized, message refused \(permanent\) — Permanent failure: /);
  t.regex(lines[3] ?? '', /^The wording: The server will not relay/);
  t.regex(lines[4] ?? '', /^What to do: Log in first/);
  t.is(lines[5], 'Source: RFC 5321 §4.2.3; RFC 3463 §3.8');
});

test('a plain success is two lines and its source', (t) => {
  t.deepEqual(formatExplanation(explainReply(250)), ['250 — OK', 'The command was done.', 'Source: RFC 5321 §4.2.3']);
});

test('every basic code and every enhanced status formats to non-empty lines', (t) => {
  for (const code of BASIC_CODES.keys()) {
    const lines = formatExplanation(explainReply(code));
    t.true(lines.length >= 3 && lines.every((line) => line.trim().length > 0), String(code));
  }
  const status = explainEnhanced('4.2.2');
  t.truthy(status);
  t.deepEqual(formatStatus(status!).at(0), '4.2.2 — Mailbox full (temporary)');
});

test('typed requests: codes alone, with text, pasted lines, an enhanced code alone; anything else is an error', (t) => {
  const lines = (input: string): string[] => {
    const result = explainTyped(input);
    if ('error' in result) throw new Error(result.error);
    return result.lines;
  };
  t.deepEqual(lines('550 5.7.1 Relay access denied'), formatExplanation(explainReply(550, '5.7.1', 'Relay access denied')));
  t.deepEqual(lines('  550-5.7.1   Relay access denied '), lines('550 5.7.1 Relay access denied'));
  t.deepEqual(lines('4.2.2'), formatStatus(explainEnhanced('4.2.2')!));
  t.deepEqual(lines('250'), formatExplanation(explainReply(250)));
  t.like(explainTyped('hello'), { error: 'give a reply code (550), optionally an enhanced code (5.7.1) and the text; not "hello"' });
  t.like(explainTyped('550 4.7.1'), { error: '4.7.1 cannot go with 550: an enhanced code starts with the reply\'s first digit (RFC 3463)' });
});
