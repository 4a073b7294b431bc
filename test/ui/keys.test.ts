import test from 'ava';
import { parseKey, splitKeys } from '../../src/ui/keys.js';
import type { KeyName } from '../../src/ui/keys.js';
import { KEYMAP, keyLabel, keyOf, lookup } from '../../src/ui/keymap.js';

const cases: Array<[string, KeyName]> = [
  ['\r', 'return'],
  ['\t', 'tab'],
  ['\x1b[Z', 'shift+tab'],
  ['\x7f', 'backspace'],
  ['\x1b', 'escape'],
  ['\x03', 'ctrl+c'],
  ['\x12', 'ctrl+r'],
  ['\x14', 'ctrl+t'],
  ['\x1b[A', 'up'],
  ['\x1bOB', 'down'],
  ['\x1b[5~', 'pageup'],
  ['\x1b[6~', 'pagedown'],
  ['\x1b[1~', 'home'],
  ['\x1b[F', 'end'],
  ['\x1bOP', 'f1'],
  ['\x1b[11~', 'f1'],
  ['\x1bOQ', 'f2'],
  ['\x1b[3~', 'delete'],
  ['\x1b[1;5D', 'ctrl+left'],
  ['\x1bb', 'meta+b'],
  ['\x1b[99~', 'unknown'],
];
for (const [sequence, name] of cases) {
  test(`${JSON.stringify(sequence)} is ${name}`, (t) => {
    t.is(parseKey(sequence).name, name);
  });
}

test('anything else is text, however long: typed runs and pastes with their line ends', (t) => {
  t.deepEqual(parseKey('R'), { name: 'text', text: 'R' });
  t.deepEqual(parseKey('EHLO x\rMAIL FROM:<a@b>\r'), { name: 'text', text: 'EHLO x\rMAIL FROM:<a@b>\r' });
});

test('no key does two things in one scope', (t) => {
  const seen = new Map<string, string>();
  for (const binding of KEYMAP) {
    for (const scope of binding.scopes) {
      for (const key of binding.keys) {
        const where = `${scope}:${key}`;
        t.false(seen.has(where), `${where} bound to ${seen.get(where)} and ${binding.command}`);
        seen.set(where, binding.command);
      }
    }
  }
});

test('a scope is looked up before the next: the input takes Up for history, the transcript for selection', (t) => {
  t.is(lookup(['input', 'line', 'global'], 'up'), 'history.older');
  t.is(lookup(['transcript', 'global'], 'up'), 'select.previous');
  t.is(lookup(['input', 'line', 'global'], 'pageup'), 'scroll.pageUp');
  t.is(lookup(['confirm'], keyOf('text', 'y')), 'confirm.yes');
  t.is(lookup(['input', 'line', 'global'], keyOf('text', 'y')), undefined);
});

test('key labels for the help', (t) => {
  t.is(keyLabel('ctrl+t'), 'Ctrl-T');
  t.is(keyLabel('pageup'), 'PgUp');
  t.is(keyLabel('return'), 'Enter');
  t.is(keyLabel('f1'), 'F1');
  t.is(keyLabel('meta+b'), 'Alt-B');
});

test('a control key and the text typed right after it, read in one go, are separate keys', (t) => {
  t.deepEqual(splitKeys('\x12mail'), ['\x12', 'mail']);
  t.deepEqual(splitKeys('ab\x14cd\x03'), ['ab', '\x14', 'cd', '\x03']);
  t.deepEqual(splitKeys('\x1b\x15'), ['\x1b', '\x15'], 'Esc then Ctrl-U in one read: both act');
  t.deepEqual(splitKeys('\x1b\t'), ['\x1b', '\t']);
  t.deepEqual(splitKeys('\t\t'), ['\t', '\t'], 'Tab pressed twice in one read moves the focus twice');
  t.deepEqual(splitKeys('\tEHLO x'), ['\t', 'EHLO x'], 'Tab, then typing, in one read: the Tab moves the focus');
  t.deepEqual(splitKeys('\x1b\x7f'), ['\x1b\x7f'], 'Alt-Backspace stays one key');
  t.deepEqual(splitKeys('a\tb'), ['a\tb'], 'a Tab inside typed text stays text');
  t.deepEqual(splitKeys('line one\rline\ttwo\x7f\r'), ['line one\rline\ttwo\x7f\r']);
  t.deepEqual(splitKeys('\x1b[A'), ['\x1b[A']);
});
