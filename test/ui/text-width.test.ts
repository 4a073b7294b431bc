import test from 'ava';
import fc from 'fast-check';
import { charWidth, displayWidth, fitCells, truncate, wrapExact, wrapWords } from '../../src/ui/text-width.js';

test('cell widths: ASCII 1, CJK and emoji 2, combining marks 0', (t) => {
  t.is(charWidth('a'), 1);
  t.is(charWidth('中'), 2);
  t.is(charWidth('😀'), 2);
  t.is(charWidth('\u0301'), 0);
  t.is(displayWidth('a中😀\u0301'), 5);
});

test('exact wrap indents continuation rows and caps the rows, saying how much is left', (t) => {
  t.deepEqual(wrapExact('<-  250 abcdefgh', 10, 4), ['<-  250 ab', '    cdefgh']);
  t.deepEqual(wrapExact('中中中', 5), ['中中', '中']);
  t.deepEqual(wrapExact('<-  250 a long reply', 10, 4, 1), ['<-  250 a…'], 'one row: the start, cut');
  const capped = wrapExact('x'.repeat(100), 10, 0, 3);
  t.is(capped.length, 3);
  t.is(capped[2], '… 80 more characters (/export keeps them all)');
});

test('exact wrap ends a row after a space when the next word fits the next row, and cuts a word longer than a row', (t) => {
  const started = '=== TLS started: chosen TLSv1.3 with TLS_AES_256_GCM_SHA384';
  t.deepEqual(wrapExact(started, 30, 4), ['=== TLS started: chosen ', '    TLSv1.3 with ', '    TLS_AES_256_GCM_SHA384']);
  t.deepEqual(wrapExact(started, 24, 4), ['=== TLS started: chosen ', '    TLSv1.3 with TLS_AES', '    _256_GCM_SHA384'], 'too long for any row: cut');
  t.deepEqual(wrapExact('<-  250 hello  world', 14, 4), ['<-  250 hello ', '     world'], 'the second of two spaces starts the row: nothing is dropped');
});

test('word wrap keeps a line\'s own indentation on every row', (t) => {
  t.deepEqual(wrapWords('  the server certificate is self-signed', 20, 2), ['  the server', '    certificate is', '    self-signed']);
  t.deepEqual(wrapWords('', 10), ['']);
  t.deepEqual(wrapWords('abcdefghijkl', 5), ['abcde', 'fghij', 'kl']);
});

test('truncate ends with an ellipsis only when something was cut', (t) => {
  t.is(truncate('short', 10), 'short');
  t.is(truncate('a longer text', 6), 'a lon…');
  t.is(truncate('abcd😀e', 6), 'abcd…', 'a wide character that would not leave room for … goes whole');
});

test('fitCells keeps whole characters, every one that fits', (t) => {
  t.is(fitCells('abcdefgh😀', 10), 'abcdefgh😀');
  t.is(fitCells('abcdefgh😀', 9), 'abcdefgh');
  t.is(fitCells('ab', 5), 'ab');
  t.is(fitCells('😀', 1), '');
});

test('property: no wrapped row is wider than the width', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 4, max: 60 }), fc.integer({ min: 0, max: 3 }), (text, width, indent) => {
      const clean = text.replace(/[\r\n]/g, ' ');
      return [...wrapExact(clean, width, indent), ...wrapWords(clean, width, indent)].every((row) => displayWidth(row) <= width);
    }),
  );
  t.pass();
});

test('property: exact wrap loses nothing: the rows without their indentation are the text', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 4, max: 60 }), fc.integer({ min: 0, max: 3 }), (text, width, indent) => {
      const clean = text.replace(/[\r\n]/g, ' ');
      const pad = Math.max(0, Math.min(indent, width - 2));
      const rows = wrapExact(clean, width, indent);
      return rows.map((row, i) => (i === 0 ? row : row.slice(pad))).join('') === clean;
    }),
  );
  t.pass();
});

test('wide characters under a deep indent at a narrow width end: every row takes at least one character', (t) => {
  const text = 'ꖳ𒌑ꪒ㎚𐃚⋡ꨌ⿵𒄮𖧯';
  const rows = wrapWords(text, 4, 3);
  t.true(rows.length > 1);
  t.is(rows.join('').replace(/ /g, ''), text);
  for (const row of [...rows, ...wrapExact(text, 4, 3), ...wrapWords(`      ${text}`, 4, 0)]) t.true(displayWidth(row) <= 4, row);
});
