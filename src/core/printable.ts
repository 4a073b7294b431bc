import { isUtf8 } from 'node:buffer';

// Everything a terminal might act on or a reader might be fooled by: C0/DEL/C1 controls (Cc), format
// characters including every bidi control and zero-width character (Cf), line/paragraph separators
// (Zl, Zp), and lone surrogates (Cs; a well-formed pair is one astral code point under the `u` flag).
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

const NAMED: Record<number, string> = {
  0x00: '\\x00',
  0x08: '\\x08',
  0x09: '\\t',
  0x0a: '\\n',
  0x0d: '\\r',
  0x1b: '\\x1b',
  0x7f: '\\x7f',
};

// ignoreBOM keeps a leading U+FEFF in the text, so it is shown as <U+FEFF> rather than silently eaten.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Untrusted text or bytes → text that is safe to put on a terminal, with every dangerous character
 * escaped visibly rather than stripped. A backslash is deliberately not doubled: normal server text
 * stays readable, and the exact bytes are kept beside every transcript entry as the evidence, so the
 * rare ambiguity between a literal `\x1b` and an escaped ESC costs nothing.
 */
export function printable(input: Uint8Array | string): string {
  if (typeof input === 'string') return escapeText(input);
  if (isUtf8(input)) return escapeText(utf8.decode(input));
  return escapeInvalidUtf8(input);
}

// What JSON.stringify leaves raw although a terminal acts on it: DEL, C1 and everything UNSAFE above ASCII. Below
// 0x20 it already escapes every character inside strings, so what is left there is the document's own layout.
const UNSAFE_IN_JSON = new RegExp(`(?![\\x00-\\x7e])${UNSAFE.source}`, 'gu');

/**
 * JSON text → the same document with every character a terminal might act on written as a `\uXXXX` escape:
 * still valid JSON that parses to exactly the same values, but safe to print.
 */
export function terminalSafeJson(json: string): string {
  // split('') yields UTF-16 units, so an astral character becomes its surrogate pair, as JSON spells it.
  return json.replace(UNSAFE_IN_JSON, (char) => char.split('').map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
}

function escapeText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

function escapeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return NAMED[code] ?? hexByte(code);
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

function hexByte(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

// Slow path, only for bytes that are not valid UTF-8: well-formed runs are decoded natively, and each
// byte that cannot start a well-formed sequence is shown as \xNN, the next byte starting afresh.
function escapeInvalidUtf8(bytes: Uint8Array): string {
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (runStart < i) parts.push(escapeText(utf8.decode(bytes.subarray(runStart, i))));
    parts.push(hexByte(bytes[i] ?? 0));
    i += 1;
    runStart = i;
  }
  if (runStart < bytes.length) parts.push(escapeText(utf8.decode(bytes.subarray(runStart))));
  return parts.join('');
}

// Length of the well-formed UTF-8 sequence at `at` (Unicode Table 3-7), or 0 when there is none:
// this rejects overlongs, encoded surrogates and code points above U+10FFFF.
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] ?? 0;
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  if (at + length > bytes.length) return 0;
  const second = bytes[at + 1] ?? 0;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[at + k] ?? 0;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}
