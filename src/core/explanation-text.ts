/** An explanation as lines of plain text, for `--explain`, `/explain` and the explorer's side note. */
import type { Explanation, StatusExplanation } from './codes.js';

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

/** An enhanced status code alone (`5.7.1`), as when someone asks about one without its reply code. */
export function formatStatus(status: StatusExplanation): string[] {
  return [
    `${status.status} — ${status.title}`,
    status.meaning,
    ...(status.hint ? [`What to do: ${status.hint}`] : []),
    sources(status.source),
  ];
}
