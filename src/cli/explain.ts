/** `smtp-explorer --explain 550 5.7.1 [server text…]`: what a reply means, without connecting anywhere. */
import { explainTyped } from '../core/explanation-text.js';
import { UsageError } from './args.js';

/** The words after --explain → the explanation's lines; anything but a reply code is a usage error. */
export function explainWords(words: readonly string[]): string[] {
  const result = explainTyped(words.join(' '));
  if ('error' in result) throw new UsageError(`--explain: ${result.error}`);
  return result.lines;
}
