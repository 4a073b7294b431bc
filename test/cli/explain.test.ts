import test from 'ava';
import { UsageError } from '../../src/cli/args.js';
import { explainWords } from '../../src/cli/explain.js';
import { explainTyped } from '../../src/core/explanation-text.js';

test('the words after --explain are one request, as if typed in one piece', (t) => {
  t.deepEqual({ lines: explainWords(['550', '5.7.1', 'Relay', 'access', 'denied']) }, explainTyped('550 5.7.1 Relay access denied'));
  t.deepEqual({ lines: explainWords(['550-5.7.1', 'Relay access denied']) }, explainTyped('550 5.7.1 Relay access denied'));
});

test('anything that is not a reply code is a usage error naming --explain', (t) => {
  for (const words of [[], ['hello'], ['5501'], ['55'], ['9.9.9'], ['550x'], ['550', '4.7.1']]) {
    t.throws(() => explainWords(words), { instanceOf: UsageError, message: /^--explain: / }, words.join(' '));
  }
});
