import { BASIC_CODES } from './codes/basic.js';
import { explainByDigits } from './codes/digits.js';
import { STATUS_CLASSES, STATUS_DETAILS, STATUS_SUBJECTS } from './codes/enhanced.js';
import { PHRASES } from './codes/phrases.js';
import type { ReplyContext } from './codes/phrases.js';

export { BASIC_CODES, type CodeInfo } from './codes/basic.js';

/** What an enhanced status code (RFC 3463 `class.subject.detail`) means. */
export interface StatusExplanation {
  /** Normalised, e.g. `'5.7.1'`. */
  status: string;
  title: string;
  meaning: string;
  /** What to do; only for failures. */
  hint?: string;
  source: string;
}

/**
 * What a reply means. Show `title` and `meaning` (the basic code), then `phrase` when the server's
 * wording was recognised, otherwise `status.meaning`; `hint` is the one "what to do" sentence.
 */
export interface Explanation {
  code: string;
  enhanced?: string;
  title: string;
  meaning: string;
  hint?: string;
  source?: string;
  /** What the server's own wording actually means, when it is a known one. */
  phrase?: string;
  status?: StatusExplanation;
}

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

export function explainEnhanced(enhanced: string): StatusExplanation | undefined {
  const match = ENHANCED.exec(enhanced.trim());
  if (match === null) return undefined;
  const [klass, subject, detail] = match.slice(1).map(Number) as [number, number, number];
  const cls = STATUS_CLASSES.get(klass);
  if (cls === undefined) return undefined;
  const status = `${klass}.${subject}.${detail}`;
  const known = STATUS_DETAILS.get(`${subject}.${detail}`);
  if (known !== undefined) {
    const words = klass === 2 ? (known.success ?? known.meaning) : known.meaning;
    return {
      status,
      title: `${known.title} (${cls.word})`,
      meaning: `${cls.lead} ${words}`,
      ...(klass !== 2 && known.hint !== undefined && { hint: known.hint }),
      source: known.source,
    };
  }
  const area = STATUS_SUBJECTS.get(subject);
  return area === undefined
    ? {
        status,
        title: `Unregistered status (${cls.word})`,
        meaning: `${cls.lead} subject ${subject} is not registered, so only the class is known.`,
        source: 'RFC 3463 §2',
      }
    : {
        status,
        title: `${area.title} (${cls.word})`,
        meaning: `${cls.lead} ${area.meaning}; detail ${detail} is not registered.`,
        source: 'RFC 3463 §2',
      };
}

/** `context`: what the session had established when the reply came, for advice that fits it. */
export function explainReply(code: number, enhanced?: string, text?: string, context: ReplyContext = {}): Explanation {
  const basic = BASIC_CODES.get(code) ?? explainByDigits(code);
  const status = enhanced === undefined ? undefined : explainEnhanced(enhanced);
  const phrase = text === undefined ? undefined : PHRASES.find((p) => p.codes.includes(code) && p.pattern.test(text));
  const phraseHint = typeof phrase?.hint === 'function' ? phrase.hint(context) : phrase?.hint;
  const hint = phraseHint ?? status?.hint ?? basic.hint;
  return {
    code: String(code),
    ...(status !== undefined && { enhanced: status.status }),
    title: basic.title,
    meaning: basic.meaning,
    ...(hint !== undefined && { hint }),
    source: basic.source,
    ...(phrase !== undefined && { phrase: phrase.meaning }),
    ...(status !== undefined && { status }),
  };
}
