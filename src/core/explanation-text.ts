/** An explanation as text: lines for `--explain` and `/explain`, one line for the explorer's info row and script mode. */
import { explainEnhanced, explainReply } from './codes.js';
import type { Explanation, StatusExplanation } from './codes.js';
import type { TranscriptEntry } from './transcript.js';

const CODE = /^\d{3}$/;
const ENHANCED = /^\d\.\d{1,3}\.\d{1,3}$/;

const sources = (...parts: Array<string | undefined>): string => `Source: ${parts.filter(Boolean).join('; ')}`;

/**
 * First line `550 5.7.1 — Title`; then the basic meaning, the enhanced status, what the server's wording
 * means (when recognised), what to do, and the sources. Lines are not wrapped; text comes from our own tables.
 */
export function formatExplanation(explanation: Explanation): string[] {
  const { status } = explanation;
  const label = [explanation.code, explanation.enhanced].filter(Boolean).join(' ');
  return [
    `${label} — ${explanation.title}`,
    explanation.meaning,
    ...(status ? [`${status.status} ${status.title} — ${status.meaning}`] : []),
    ...(explanation.phrase ? [`The wording: ${explanation.phrase}`] : []),
    ...(explanation.hint ? [`What to do: ${explanation.hint}`] : []),
    sources(explanation.source, status?.source),
  ];
}

/**
 * One line: the codes, then the server's wording in plain words when it is a known one (else what the codes mean),
 * then what to do. Under a refusal in script mode, and in the explorer's info row for the selected reply.
 */
export function explanationLine(explanation: Explanation): string {
  const label = [explanation.code, explanation.enhanced].filter(Boolean).join(' ');
  const meaning = explanation.phrase ?? explanation.status?.meaning ?? explanation.meaning;
  return `${label} — ${explanation.title}: ${meaning}${explanation.hint ? ` → ${explanation.hint}` : ''}`;
}

/** A reply line of a transcript (`550 5.7.1 Relay access denied`), its own wording included. */
export function explainEntry(entry: Pick<TranscriptEntry, 'code' | 'enhanced' | 'text' | 'tls' | 'authenticated'>): Explanation {
  return explainReply(entry.code ?? 0, entry.enhanced, entry.text.slice(4).trim(), { tls: entry.tls, authenticated: entry.authenticated === true });
}

/** An enhanced status code alone (`5.7.1`), as when someone asks about one without its reply code. */
export function formatStatus(status: StatusExplanation): string[] {
  return [
    `${status.status} — ${status.title}`,
    status.meaning,
    ...(status.hint ? [`What to do: ${status.hint}`] : []),
    sources(status.source),
  ];
}

/**
 * What someone typed to ask about a reply, as typed or as one pasted reply line: `550`, `550 5.7.1`,
 * `550 5.7.1 Relay access denied`, `550-5.7.1 …`, or an enhanced code alone (`5.7.1`). Text after the codes
 * picks out the server's wording when it is a known one.
 */
export function explainTyped(input: string): { lines: string[] } | { error: string } {
  const [first = '', ...rest] = input.trim().split(/\s+/);
  const status = ENHANCED.test(first) ? explainEnhanced(first) : undefined;
  if (status) return { lines: formatStatus(status) };
  const code = first.slice(0, 3);
  if (!CODE.test(code) || !/^$|^[- ]/.test(first.slice(3))) {
    return { error: `give a reply code (550), optionally an enhanced code (5.7.1) and the text; not "${input.trim()}"` };
  }
  const parts = first.length > 3 ? [first.slice(4), ...rest].filter(Boolean) : rest;
  const enhanced = parts[0] !== undefined && ENHANCED.test(parts[0]) ? parts.shift() : undefined;
  if (enhanced !== undefined && enhanced[0] !== code[0]) {
    return { error: `${enhanced} cannot go with ${code}: an enhanced code starts with the reply's first digit (RFC 3463)` };
  }
  const text = parts.join(' ');
  return { lines: formatExplanation(explainReply(Number(code), enhanced, text === '' ? undefined : text)) };
}
