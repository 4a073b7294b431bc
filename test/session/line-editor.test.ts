import test from 'ava';
import fc from 'fast-check';
import { applyEdit, insertText, lineOf, splitTyped } from '../../src/session/line-editor.js';
import type { EditOp } from '../../src/session/line-editor.js';

test('insert at the cursor and move by whole characters, surrogate pairs included', (t) => {
  let line = insertText(lineOf('MAIL'), ' FROM:<>');
  line = applyEdit(line, 'left');
  line = insertText(line, 'a@b');
  t.deepEqual(line, { text: 'MAIL FROM:<a@b>', cursor: 14 });
  const emoji = lineOf('a😀');
  t.is(applyEdit(emoji, 'left').cursor, 1);
  t.deepEqual(applyEdit(emoji, 'backspace'), { text: 'a', cursor: 1 });
});

const cases: Array<[string, number, EditOp, string, number]> = [
  ['hello world', 11, 'deleteWordBack', 'hello ', 6],
  ['hello world', 5, 'killToEnd', 'hello', 5],
  ['hello world', 5, 'killToStart', ' world', 0],
  ['hello world', 0, 'delete', 'ello world', 0],
  ['hello world', 0, 'backspace', 'hello world', 0],
  ['hello world', 11, 'wordLeft', 'hello world', 6],
  ['hello world', 0, 'wordRight', 'hello world', 5],
  ['hello', 2, 'start', 'hello', 0],
  ['hello', 2, 'end', 'hello', 5],
  ['hello', 5, 'right', 'hello', 5],
];
for (const [text, cursor, op, expected, expectedCursor] of cases) {
  test(`${op} on ${JSON.stringify(text)} at ${cursor}`, (t) => {
    t.deepEqual(applyEdit({ text, cursor }, op), { text: expected, cursor: expectedCursor });
  });
}

test('typed text splits on every kind of line end and erases on DEL and BS', (t) => {
  t.deepEqual(splitTyped('EHLO a\rMAIL\r\nRCPT\nx\x7fy\bz'), [
    { kind: 'text', text: 'EHLO a' },
    { kind: 'submit' },
    { kind: 'text', text: 'MAIL' },
    { kind: 'submit' },
    { kind: 'text', text: 'RCPT' },
    { kind: 'submit' },
    { kind: 'text', text: 'x' },
    { kind: 'erase' },
    { kind: 'text', text: 'y' },
    { kind: 'erase' },
    { kind: 'text', text: 'z' },
  ]);
  t.deepEqual(splitTyped('\r\r'), [{ kind: 'submit' }, { kind: 'submit' }]);
});

test('property: inserting then erasing as many characters restores the line', (t) => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.nat(), (before, typed, at) => {
      const start = { text: before, cursor: Math.min(at, before.length) };
      if (/[\ud800-\udfff]/.test(before + typed)) return true;
      let line = insertText(start, typed);
      for (let i = 0; i < [...typed].length; i++) line = applyEdit(line, 'backspace');
      return line.text === start.text && line.cursor === start.cursor;
    }),
  );
  t.pass();
});

test('property: the pieces of typed text put back together give the text without its line ends', (t) => {
  fc.assert(
    fc.property(fc.string(), (input) => {
      const pieces = splitTyped(input);
      const texts = pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
      return texts === input.replace(/\r\n|[\r\n\x7f\b]/g, '');
    }),
  );
  t.pass();
});
