/** The bench's result rows, printed as a table for people and as JSON for machines. */

export type Verdict = 'PASS' | 'FAIL' | 'SKIP';

export interface Row {
  /** P1, P2, P3, P4, MEM */
  id: string;
  what: string;
  /** The number the target is about (a ratio, ms, MiB, fps); undefined when skipped. */
  value?: number;
  /** How the value is shown, e.g. "0.72×" or "41 fps". */
  shown: string;
  /** The target as words, e.g. "≤ 0.5×". */
  target: string;
  verdict: Verdict;
  /** The measurements behind the value, or why the row was skipped. */
  detail: string;
}

export interface Report {
  machine: Record<string, string>;
  startedAt: string;
  rows: Row[];
  notes: string[];
}

/** Compares and says PASS/FAIL; `value` NaN (a failed measurement) fails. */
export function judge(value: number, limit: number, direction: 'max' | 'min'): Verdict {
  if (!Number.isFinite(value)) return 'FAIL';
  return (direction === 'max' ? value <= limit : value >= limit) ? 'PASS' : 'FAIL';
}

export function skipped(id: string, what: string, target: string, why: string): Row {
  return { id, what, shown: '—', target, verdict: 'SKIP', detail: why };
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** A plain-text table (Markdown-compatible), then each row's detail as a numbered note below it. */
export function formatTable(report: Report): string {
  const header = ['', 'measurement', 'measured', 'target', 'result'];
  const cells = report.rows.map((row) => [row.id, row.what, row.shown, row.target, row.verdict]);
  const widths = header.map((title, column) => Math.max([...title].length, ...cells.map((line) => [...line[column]!].length)));
  const line = (values: string[]): string => `| ${values.map((value, column) => pad(value, widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  const details = report.rows.map((row) => `- ${row.id} ${row.what}: ${row.detail}`);
  return [line(header), rule, ...cells.map(line), '', ...details, ...(report.notes.length > 0 ? ['', ...report.notes.map((note) => `Note: ${note}`)] : [])].join('\n');
}

export function formatMachine(machine: Record<string, string>): string {
  return Object.entries(machine)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
}
