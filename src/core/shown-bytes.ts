/**
 * Untrusted bytes kept as evidence → a few words for the transcript: how many, and the first of them escaped.
 * Enough to read a stray reply line; a flood stays one line long, and its bytes stay with the entry.
 */
import { printable } from './printable.js';
import { thousands } from './thousands.js';

export const BYTES_SHOWN = 512;

/** `total`: how many there were, when only the first of them were kept. */
export function shownBytes(raw: Buffer, total = raw.length): string {
  const shown = raw.subarray(0, BYTES_SHOWN);
  const rest = total - shown.length;
  const more = rest > 0 ? ` … (${thousands(rest)} more bytes not shown)` : '';
  return `${total} bytes: ${printable(shown)}${more}`;
}
