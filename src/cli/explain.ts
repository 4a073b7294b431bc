/** `smtp-explorer --explain 550 5.7.1 [server text…]`: what a reply means, without connecting anywhere. */
import { explainEnhanced, explainReply } from '../core/codes.js';
import { formatExplanation, formatStatus } from '../core/explanation-text.js';
import { UsageError } from './args.js';

const CODE = /^\d{3}$/;
const ENHANCED = /^\d\.\d{1,3}\.\d{1,3}$/;

/**
 * The words after --explain, as typed or as one pasted reply line: `550`, `550 5.7.1`, `550 5.7.1 Relay access
 * denied`, `550-5.7.1 …`, or an enhanced code alone (`5.7.1`). Text after the codes picks out the server's
 * wording when it is a known one.
 */
export function explainWords(words: readonly string[]): string[] {
  const [first = '', ...rest] = words.join(' ').trim().split(/\s+/);
  const status = ENHANCED.test(first) ? explainEnhanced(first) : undefined;
  if (status) return formatStatus(status);
  const code = first.slice(0, 3);
  if (!CODE.test(code) || !/^$|^[- ]/.test(first.slice(3))) {
    throw new UsageError(`--explain takes a reply code (550), optionally an enhanced code (5.7.1) and the text; not "${words.join(' ')}"`);
  }
  const parts = first.length > 3 ? [first.slice(4), ...rest].filter(Boolean) : rest;
  const enhanced = parts[0] !== undefined && ENHANCED.test(parts[0]) ? parts.shift() : undefined;
  if (enhanced !== undefined && enhanced[0] !== code[0]) {
    throw new UsageError(`${enhanced} cannot go with ${code}: an enhanced code starts with the reply's first digit (RFC 3463)`);
  }
  const text = parts.join(' ');
  return formatExplanation(explainReply(Number(code), enhanced, text === '' ? undefined : text));
}
