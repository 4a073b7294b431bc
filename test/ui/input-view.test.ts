import test from 'ava';
import { lineOf } from '../../src/session/line-editor.js';
import { inputView, secretFrom } from '../../src/ui/input-view.js';

test('the cursor at the end shows as a space after the text', (t) => {
  t.deepEqual(inputView(lineOf('EHLO x'), 40, false), { before: 'EHLO x', at: ' ', after: '' });
  t.deepEqual(inputView({ text: 'EHLO x', cursor: 1 }, 40, false), { before: 'E', at: 'H', after: 'LO x' });
});

test('pasted control characters are shown escaped, never sent to the terminal', (t) => {
  const view = inputView(lineOf('a\x1b[2Jb\x00'), 40, false);
  t.is(view.before, 'a\\x1b[2Jb\\x00');
});

test('secrets are masked: a whole answer to a 334, or the response part of an AUTH line', (t) => {
  t.is(inputView(lineOf('s3cret'), 40, true).before, '••••••');
  t.is(inputView(lineOf('AUTH PLAIN AGFsaWNl'), 40, false).before, 'AUTH PLAIN ••••••••');
  t.is(inputView(lineOf('auth login'), 40, false).before, 'auth login');
  t.is(secretFrom('MAIL FROM:<a@b>', false), Number.POSITIVE_INFINITY);
});

test('a long line scrolls so the cursor stays on screen', (t) => {
  const text = 'x'.repeat(30) + 'END';
  const view = inputView(lineOf(text), 10, false);
  t.true((view.before + view.at).length <= 10);
  t.true(view.before.endsWith('END'));
  const start = inputView({ text, cursor: 0 }, 10, false);
  t.is(start.before, '');
  t.is(start.at + start.after, 'x'.repeat(9));
});
