import test from 'ava';
import { BASIC_CODES, explainEnhanced, explainReply } from '../../src/core/codes.js';
import { formatExplanation, formatStatus } from '../../src/core/explanation-text.js';

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
