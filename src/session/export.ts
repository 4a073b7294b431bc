/**
 * The transcript written to a file, as text (swaks marks), Markdown or JSON, chosen by the file's
 * extension. Entries are redacted when they are made, so nothing here can reveal a secret: sent secrets
 * carry only their redacted display, bytes included.
 */
import { extname } from 'node:path';
import { formatEntry } from '../core/transcript.js';
import { tlsSummary } from '../core/tls-report.js';
import type { TlsReport } from '../core/tls-report.js';
import { printable } from '../core/printable.js';
import { thousands } from '../core/thousands.js';
import { writePrivateFile } from '../cli/private-file.js';
import type { SessionEntry } from './store.js';

export type ExportFormat = 'text' | 'markdown' | 'json';

export interface ExportInput {
  target: string;
  entries: Iterable<SessionEntry>;
  /** Entries that fell out of the bounded transcript before the export. */
  dropped: number;
  tls?: TlsReport;
  now?: Date;
}

export function formatFor(file: string): ExportFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.md' || extension === '.markdown') return 'markdown';
  if (extension === '.json') return 'json';
  return 'text';
}

function textLines(input: ExportInput): string[] {
  const lines = [...input.entries].map(formatEntry);
  if (input.dropped > 0) lines.unshift(`=== ${thousands(input.dropped)} earlier entries were dropped (bounded transcript)`);
  return lines;
}

export function exportText(input: ExportInput): string {
  return textLines(input).join('\n') + '\n';
}

export function exportMarkdown(input: ExportInput): string {
  const when = (input.now ?? new Date()).toISOString();
  const tls = input.tls ? `TLS: ${printable(tlsSummary(input.tls))}` : 'TLS: none (plaintext)';
  // A fence longer than any run of backticks in the text keeps the transcript from closing it early.
  const lines = textLines(input);
  const longest = Math.max(2, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(longest + 1);
  return [`# SMTP session with ${printable(input.target)}`, '', `Exported ${when}. ${tls}`, '', fence, ...lines, fence, ''].join('\n');
}

export function exportJson(input: ExportInput): string {
  const entries = [...input.entries].map((entry) => ({
    at: new Date(entry.at).toISOString(),
    mark: entry.mark,
    kind: entry.kind,
    tls: entry.tls,
    text: entry.text,
    ...(entry.code !== undefined ? { code: entry.code } : {}),
    ...(entry.lineCode !== undefined ? { lineCode: entry.lineCode } : {}),
    ...(entry.enhanced !== undefined ? { enhanced: entry.enhanced } : {}),
    ...(entry.answers ? { answers: entry.answers.display } : {}),
    ...(entry.rawMode ? { rawMode: true } : {}),
    ...(entry.raw ? { rawBase64: entry.raw.toString('base64') } : {}),
  }));
  const document = {
    target: input.target,
    exportedAt: (input.now ?? new Date()).toISOString(),
    dropped: input.dropped,
    ...(input.tls ? { tls: { summary: tlsSummary(input.tls), protocol: input.tls.protocol, cipher: input.tls.cipher, verdict: input.tls.verdict } } : {}),
    entries,
  };
  return JSON.stringify(document, null, 2) + '\n';
}

export function renderExport(format: ExportFormat, input: ExportInput): string {
  switch (format) {
    case 'text':
      return exportText(input);
    case 'markdown':
      return exportMarkdown(input);
    case 'json':
      return exportJson(input);
  }
}

/** Writes the file (owner-only, even over an existing one: a transcript can name users and servers); returns the format used. */
export async function writeExport(file: string, input: ExportInput): Promise<ExportFormat> {
  const format = formatFor(file);
  await writePrivateFile(file, renderExport(format, input));
  return format;
}
