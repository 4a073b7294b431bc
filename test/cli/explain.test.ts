import test from 'ava';
import { UsageError } from '../../src/cli/args.js';
import { explainWords } from '../../src/cli/explain.js';

test('the code alone, with its enhanced code, with the text, or a whole pasted reply line', (t) => {
  t.regex(explainWords(['250'])[0] ?? '', /^250 — OK$/);
  t.regex(explainWords(['550', '5.7.1'])[0] ?? '', /^550 5\.7\.1 — /);
  t.deepEqual(explainWords(['550 5.7.1 Relay access denied']), explainWords(['550', '5.7.1', 'Relay', 'access', 'denied']));
  t.deepEqual(explainWords(['550-5.7.1', 'Relay access denied']), explainWords(['550', '5.7.1', 'Relay access denied']));
  t.true(explainWords(['530', 'Must issue a STARTTLS command first']).some((line) => line.startsWith('What to do: ')));
});

test('an enhanced code alone is explained by itself', (t) => {
  t.deepEqual(explainWords(['4.7.1']).slice(0, 2), ['4.7.1 — Delivery not authorized, message refused (temporary)', 'Temporary failure: policy forbids this (relaying, a blocklist, or a rule about the sender or recipient).']);
});

test('an enhanced code of another class than the reply is refused, as RFC 3463 does', (t) => {
  t.throws(() => explainWords(['550', '4.7.1']), { instanceOf: UsageError, message: /4\.7\.1 cannot go with 550/ });
});

test('anything that is not a reply code is a usage error', (t) => {
  for (const words of [[], ['hello'], ['5501'], ['55'], ['9.9.9'], ['550x']]) {
    t.throws(() => explainWords(words), { instanceOf: UsageError }, words.join(' '));
  }
});
