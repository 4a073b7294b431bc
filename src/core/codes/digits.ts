import type { CodeInfo } from './basic.js';

interface ClassInfo {
  readonly title: string;
  readonly meaning: string;
  readonly hint?: string;
}

// RFC 5321 §4.2.1: the first digit alone tells a client how to go on, so any code is explainable.
const FIRST_DIGIT: ReadonlyMap<number, ClassInfo> = new Map<number, ClassInfo>([
  [2, { title: 'Success', meaning: 'the command succeeded (2yz, positive completion)' }],
  [3, {
    title: 'Waiting for more',
    meaning: 'the command was accepted and the server waits for more from you (3yz, positive intermediate)',
    hint: 'Send what the server asks for.',
  }],
  [4, {
    title: 'Temporary failure',
    meaning: 'the command failed for now (4yz, transient negative completion)',
    hint: 'Try again later; the same command may then work.',
  }],
  [5, {
    title: 'Permanent failure',
    meaning: 'the command failed and will fail again if repeated unchanged (5yz, permanent negative completion)',
    hint: 'Do not repeat it unchanged; the text says what to fix.',
  }],
]);

const SECOND_DIGIT = [
  'the middle digit 0 means syntax',
  'the middle digit 1 means information',
  'the middle digit 2 means the connection',
  'the middle digit 3 is unspecified',
  'the middle digit 4 is unspecified',
  'the middle digit 5 means the mail system',
] as const;

const INVALID: CodeInfo = {
  title: 'Invalid reply code',
  meaning: 'Not a valid SMTP reply code (first digit must be 2-5): replies carry three digits, 200 to 559.',
  hint: 'Treat it as an error: the peer is not speaking SMTP correctly.',
  source: 'RFC 5321 §4.2',
};

/** An explanation of a code no table lists, read from its digits alone. */
export function explainByDigits(code: number): CodeInfo {
  const first = Number.isInteger(code) && code >= 100 && code <= 999 ? FIRST_DIGIT.get(Math.floor(code / 100)) : undefined;
  if (first === undefined) return INVALID;
  const second = Math.floor(code / 10) % 10;
  const middle = SECOND_DIGIT[second] ?? `the middle digit ${second} is outside 0-5, so the code is malformed`;
  return {
    title: `${first.title}, unregistered code`,
    meaning: `Not a registered code; by its digits ${first.meaning}, and ${middle}.`,
    ...(first.hint !== undefined && { hint: first.hint }),
    source: 'RFC 5321 §4.2.1',
  };
}
