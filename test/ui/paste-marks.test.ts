import test from 'ava';
import fc from 'fast-check';
import { PASTE_END, PASTE_START, PasteMarks } from '../../src/ui/paste-marks.js';
import type { MarkedInput } from '../../src/ui/paste-marks.js';

function takeAll(events: string[]): MarkedInput[] {
  const marks = new PasteMarks(() => undefined);
  return events.flatMap((event) => marks.take(event));
}

test('a paste between its marks, as whole events, is one paste; keys around it stay keys', (t) => {
  t.deepEqual(takeAll(['a', PASTE_START, 'NOOP x\x01y\r', PASTE_END, '\r']), [
    { kind: 'keys', sequence: 'a' },
    { kind: 'paste', text: 'NOOP x\x01y\r' },
    { kind: 'keys', sequence: '\r' },
  ]);
});

test('a paste ending with an ESC: Ink reads it with the end mark as one event', (t) => {
  t.deepEqual(takeAll([PASTE_START, 'abc', `\x1b${PASTE_END}`]), [{ kind: 'paste', text: 'abc\x1b' }]);
});

test('an end mark split across two reads: the key after it is a key, not pasted', (t) => {
  t.deepEqual(takeAll([PASTE_START, 'hello', '\x1b[20', '1~x']), [
    { kind: 'paste', text: 'hello' },
    { kind: 'keys', sequence: 'x' },
  ]);
});

test('Esc pressed just before a paste: the Esc is a key, the paste is a paste', (t) => {
  t.deepEqual(takeAll([`\x1b${PASTE_START}`, 'a\x01b', PASTE_END]), [
    { kind: 'keys', sequence: '\x1b' },
    { kind: 'paste', text: 'a\x01b' },
  ]);
});

test('a start mark split across two reads still opens the paste', (t) => {
  t.deepEqual(takeAll(['\x1b[20', '0~pasted\r', PASTE_END]), [{ kind: 'paste', text: 'pasted\r' }]);
});

test('a stray end mark outside a paste is dropped, never typed', (t) => {
  t.deepEqual(takeAll([PASTE_END, `x${PASTE_END}y`]), [{ kind: 'keys', sequence: 'xy' }]);
});

test('a paste whose end never comes ends after the idle time, its text delivered once', async (t) => {
  const delivered: string[] = [];
  const marks = new PasteMarks((text) => delivered.push(text), 30);
  t.deepEqual(marks.take(PASTE_START), []);
  t.deepEqual(marks.take('lost end'), []);
  await new Promise((resolve) => setTimeout(resolve, 80));
  t.deepEqual(delivered, ['lost end']);
  t.deepEqual(marks.take('k'), [{ kind: 'keys', sequence: 'k' }], 'what follows is keys again');
});

test('property: however the marked input is cut into events, the paste and the keys come out the same', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }).filter((s) => !s.includes('\x1b')), fc.string({ maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (keys, text, cuts) => {
      const pasteText = text.replaceAll('\x1b[20', '');
      const whole = `${keys}${PASTE_START}${pasteText}${PASTE_END}`;
      // A lone ESC, or ESC and [, is a key of its own (Esc, Alt-[): a start mark cut that early cannot be told from one.
      const tooEarly = (point: number): boolean => point === keys.length + 1 || point === keys.length + 2;
      const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].filter((point) => !tooEarly(point)).sort((a, b) => a - b);
      const events = [0, ...points, whole.length].flatMap((point, i, all) => (i === 0 ? [] : [whole.slice(all[i - 1], point)])).filter((e) => e !== '');
      const inputs = takeAll(events);
      const typed = inputs.flatMap((input) => (input.kind === 'keys' ? [input.sequence] : [])).join('');
      const pastes = inputs.flatMap((input) => (input.kind === 'paste' ? [input.text] : []));
      return typed === keys && pastes.join('') === pasteText && pastes.length <= 1;
    }),
  );
  t.pass();
});
