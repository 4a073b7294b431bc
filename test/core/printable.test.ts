import test from 'ava';
import fc from 'fast-check';
import { printable } from '../../src/core/printable.js';

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const textCases: Array<[string, string, string]> = [
  ['plain ASCII', '250 mail.example.com ESMTP ready', '250 mail.example.com ESMTP ready'],
  ['empty', '', ''],
  ['accented, CJK, emoji', 'café 漢字 😀 Ωmega', 'café 漢字 😀 Ωmega'],
  ['no-break space stays', 'a\u00a0b', 'a\u00a0b'],
  ['CSI clear screen', '\x1b[2J\x1b[H', '\\x1b[2J\\x1b[H'],
  ['OSC 52 clipboard', '\x1b]52;c;ZXZpbA==\x07', '\\x1b]52;c;ZXZpbA==\\x07'],
  ['OSC 0 title', '\x1b]0;pwned\x1b\\', '\\x1b]0;pwned\\x1b\\'],
  ['device query', 'x\x1b[6n', 'x\\x1b[6n'],
  ['NUL', 'a\x00b', 'a\\x00b'],
  ['CR overwrite', 'ok\rFAIL', 'ok\\rFAIL'],
  ['LF', 'a\nb', 'a\\nb'],
  ['TAB', 'a\tb', 'a\\tb'],
  ['BS overwrite', 'safe\x08\x08\x08\x08evil', 'safe\\x08\\x08\\x08\\x08evil'],
  ['DEL', 'a\x7fb', 'a\\x7fb'],
  ['other C0', '\x01\x07\x1f', '\\x01\\x07\\x1f'],
  ['C1 CSI U+009B', '\u009b2J', '<U+009B>2J'],
  ['C1 U+0080 and U+009F', '\u0080\u009f', '<U+0080><U+009F>'],
  ['RLO', 'abc\u202edcb', 'abc<U+202E>dcb'],
  ['bidi embeddings', '\u202a\u202b\u202c\u202d', '<U+202A><U+202B><U+202C><U+202D>'],
  ['bidi isolates', '\u2066\u2067\u2068\u2069', '<U+2066><U+2067><U+2068><U+2069>'],
  ['LRM RLM ALM', '\u200e\u200f\u061c', '<U+200E><U+200F><U+061C>'],
  ['zero-width space', 'pay\u200bpal', 'pay<U+200B>pal'],
  ['ZWJ is a format character', '👨\u200d👩', '👨<U+200D>👩'],
  ['soft hyphen', 'a\u00adb', 'a<U+00AD>b'],
  ['line and paragraph separators', 'a\u2028b\u2029c', 'a<U+2028>b<U+2029>c'],
  ['BOM', '\ufeffhello', '<U+FEFF>hello'],
  ['astral tag character', 'x\u{e0041}', 'x<U+E0041>'],
  ['lone high surrogate', 'a\ud800b', 'a<U+D800>b'],
  ['lone low surrogate', '\udc00', '<U+DC00>'],
  ['reversed pair is two lone surrogates', '\ude00\ud83d', '<U+DE00><U+D83D>'],
  ['backslash is not doubled', 'C:\\x1b\\path', 'C:\\x1b\\path'],
];

for (const [title, input, expected] of textCases) {
  test(`string: ${title}`, (t) => {
    t.is(printable(input), expected);
  });
}

const byteCases: Array<[string, number[], string]> = [
  ['ASCII', [0x32, 0x35, 0x30], '250'],
  ['valid two-byte é', [0x63, 0x61, 0x66, 0xc3, 0xa9], 'café'],
  ['lone 0xff', [0xff], '\\xff'],
  ['lone lead byte 0xc3', [0xc3], '\\xc3'],
  ['lead byte followed by ASCII', [0xc3, 0x41], '\\xc3A'],
  ['stray continuation byte', [0x41, 0x80, 0x42], 'A\\x80B'],
  ['overlong slash', [0xc0, 0xaf], '\\xc0\\xaf'],
  ['overlong three-byte', [0xe0, 0x80, 0xaf], '\\xe0\\x80\\xaf'],
  ['UTF-8 encoded surrogate', [0xed, 0xa0, 0x80], '\\xed\\xa0\\x80'],
  ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\\xf4\\x90\\x80\\x80'],
  ['truncated emoji', [0xf0, 0x9f, 0x98], '\\xf0\\x9f\\x98'],
  ['truncated emoji then text', [0xf0, 0x9f, 0x98, 0x41], '\\xf0\\x9f\\x98A'],
  ['full emoji', [0xf0, 0x9f, 0x98, 0x80], '😀'],
  ['BOM bytes are kept visible', [0xef, 0xbb, 0xbf, 0x41], '<U+FEFF>A'],
  ['C1 CSI encoded as UTF-8', [0xc2, 0x9b, 0x32, 0x4a], '<U+009B>2J'],
  ['ESC sequence', [0x1b, 0x5b, 0x33, 0x31, 0x6d], '\\x1b[31m'],
  ['invalid byte beside controls', [0xff, 0x1b, 0x41, 0x0d, 0x0a], '\\xff\\x1bA\\r\\n'],
  ['valid text around invalid byte', [0xc3, 0xa9, 0xfe, 0xe2, 0x80, 0xae], 'é\\xfe<U+202E>'],
  ['NUL byte', [0x00], '\\x00'],
];

for (const [title, bytes, expected] of byteCases) {
  test(`bytes: ${title}`, (t) => {
    t.is(printable(Uint8Array.from(bytes)), expected);
    t.is(printable(Buffer.from(bytes)), expected, 'a Buffer is treated like any Uint8Array');
  });
}

const interestingBytes = fc.constantFrom(
  0x00, 0x08, 0x09, 0x0a, 0x0d, 0x1b, 0x41, 0x5c, 0x7f, 0x80, 0x9b, 0xa9, 0xbf, 0xc0, 0xc2, 0xc3, 0xe2,
  0xed, 0xef, 0xf0, 0xf4, 0xf8, 0xff,
);
const byteInputs = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.array(interestingBytes, { maxLength: 300 }).map((bytes) => Uint8Array.from(bytes)),
  fc.string({ unit: 'binary', maxLength: 100 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
);
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const stringInputs = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: codeUnit, maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
);
const anyInput = fc.oneof(byteInputs, stringInputs);

test('property: output never holds a control, format, separator or lone surrogate', (t) => {
  fc.assert(
    fc.property(anyInput, (input) => !UNSAFE.test(printable(input))),
    { numRuns: 2000 },
  );
  t.pass();
});

test('property: output is at most 10× the input length', (t) => {
  fc.assert(
    fc.property(anyInput, (input) => printable(input).length <= 10 * input.length),
    { numRuns: 2000 },
  );
  t.pass();
});

test('property: safe text passes unchanged, as a string and as its UTF-8 bytes', (t) => {
  const safeText = fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s.replace(new RegExp(UNSAFE.source, 'gu'), ''));
  fc.assert(
    fc.property(safeText, (text) => printable(text) === text && printable(Buffer.from(text, 'utf8')) === text),
    { numRuns: 1000 },
  );
  t.pass();
});

test('property: well-formed text gives the same result as a string and as bytes', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => printable(Buffer.from(text, 'utf8')) === printable(text)),
    { numRuns: 1000 },
  );
  t.pass();
});

test('property: escaping is idempotent', (t) => {
  fc.assert(
    fc.property(anyInput, (input) => {
      const once = printable(input);
      return printable(once) === once;
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

test('property: every invalid byte is shown, none is lost', (t) => {
  // A byte ≥ 0x80 that the output does not show as \xNN must be inside a decoded character, so the
  // count of decoded non-ASCII characters' bytes plus escaped bytes equals the non-ASCII byte count.
  // Backslash and '<' are left out of the input so that no literal text looks like an escape.
  const unambiguous = byteInputs.map((bytes) => bytes.map((byte) => (byte === 0x5c || byte === 0x3c ? 0x41 : byte)));
  fc.assert(
    fc.property(unambiguous, (bytes) => {
      const out = printable(bytes);
      const escapedHigh = (out.match(/\\x[89a-f][0-9a-f]/g) ?? []).length;
      const decodedHigh = [...out.replace(/\\x[89a-f][0-9a-f]/g, '').replace(/<U\+([0-9A-F]{4,6})>/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))]
        .filter((char) => (char.codePointAt(0) ?? 0) >= 0x80)
        .reduce((sum, char) => sum + Buffer.byteLength(char, 'utf8'), 0);
      const high = bytes.filter((byte) => byte >= 0x80).length;
      return escapedHigh + decodedHigh === high;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});
