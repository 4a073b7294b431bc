/**
 * Counts as people read them: "104,857,600". `toLocaleString('en-US')` writes the same, but its first call in a
 * process loads ICU's locale data, 15-40 ms here: more than a third of what script mode may take in all.
 */
const BETWEEN_THOUSANDS = /\B(?=(\d{3})+$)/g;

/** A whole number with a comma between each group of three digits. */
export function thousands(count: number): string {
  const digits = String(Math.abs(count)).replace(BETWEEN_THOUSANDS, ',');
  return count < 0 ? `-${digits}` : digits;
}
