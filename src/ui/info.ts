/**
 * The rows above the input: a notice if there is one, else what a selected (or the latest failed) reply
 * means in words, else what the input expects now. Pure, so the layout can know its height in advance.
 */
import { explainEntry, explanationLine } from '../core/explanation-text.js';
import { printable } from '../core/printable.js';
import type { Ring } from '../session/ring.js';
import type { SessionEntry, SessionState } from '../session/store.js';
import { closingKeys } from './keymap.js';
import { linesSoFar } from './status-view.js';
import { displayWidth, fitCells, wrapWords } from './text-width.js';
import type { PaneLine } from './tls-view.js';

export const MAX_INFO_ROWS = 3;
const LATEST_REPLY_SEARCH = 50;

/** The newest entry with a code, looking back a few entries only. */
function latestReply(ring: Ring<SessionEntry>): SessionEntry | undefined {
  for (let seq = ring.end - 1; seq >= Math.max(ring.first, ring.end - LATEST_REPLY_SEARCH); seq--) {
    const entry = ring.get(seq);
    if (entry?.code !== undefined) return entry;
    if (entry?.kind === 'sent') return undefined;
  }
  return undefined;
}

function hint(state: SessionState): PaneLine {
  const { status, composer } = state;
  if (state.overlay.kind === 'confirm') return { text: printable(state.overlay.question), tone: 'warning' };
  if (state.overlay.kind === 'prompt') return { text: `${printable(state.overlay.label)} — Enter to use, Esc to cancel`, tone: 'accent' };
  if (state.overlay.kind === 'text' || state.overlay.kind === 'help') return { text: `${closingKeys(state.overlay.kind)} closes · Up/Down, PgUp/PgDn scroll`, tone: 'accent' };
  if (state.overlay.kind === 'search') return { text: 'history search: type to search · Up/Ctrl-R older · Down newer · Enter to use · Esc cancel', tone: 'accent' };
  const queued = `${composer.queued} line${composer.queued === 1 ? '' : 's'} queued`;
  if (status.waiting && status.now - status.waiting.startedAt >= 1000) {
    // The count before the way out: a long command wraps, and the rows above the input are few.
    const count = composer.queued > 0 ? ` · ${queued}` : '';
    // The status bar's countdown is the first thing a narrow one drops: the seconds left are said here too.
    const left = Math.max(0, Math.ceil((status.waiting.deadline - status.now) / 1000));
    const lines = linesSoFar(status.waiting);
    return { text: `waiting for the reply to ${printable(status.waiting.display)}${lines} · ${left} s left${count} — Esc gives up (closes the connection)`, tone: 'warning' };
  }
  if (composer.queued > 0) return { text: `${queued} until the server answers`, tone: 'warning' };
  // Raw mode first: in DATA too, a raw line goes as written, with no dot-stuffing and no CRLF added.
  if (composer.raw && status.inData) {
    return { text: 'raw mode in DATA: bytes go as written, not dot-stuffed, nothing added; \\r\\n.\\r\\n ends the message; /raw to leave', tone: 'raw' };
  }
  if (composer.raw) return { text: 'raw mode: \\r \\n \\t \\0 \\xNN \\\\ become bytes and nothing is added; /raw to leave', tone: 'raw' };
  if (status.inData) return { text: 'DATA: each line goes out dot-stuffed; a lone "." ends the message', tone: 'intermediate' };
  if (status.inAuth) return { text: 'AUTH: the server waits for a base64 answer (masked, never stored); "*" cancels', tone: 'intermediate' };
  if (!status.connected && status.phase === 'closed') return { text: 'not connected — /reconnect, /connect HOST[:PORT], /quit', tone: 'muted' };
  if (status.nextStep) return { text: `next: ${printable(status.nextStep)}`, tone: 'accent' };
  return { text: 'F1 keys · Ctrl-T templates · Ctrl-R history · Tab focus · PgUp/PgDn scroll · Ctrl-C quit', tone: 'muted' };
}

/** The layout (for the height) and the line itself read the rows from the same state: work them out once. */
const computed = new WeakMap<SessionState, { width: number; maxRows: number; rows: PaneLine[] }>();

/** At most `maxRows` rows; when the text needs more, the last one ends with … and, for an explanation, how to read it whole. */
export function infoRows(state: SessionState, width: number, maxRows = MAX_INFO_ROWS): PaneLine[] {
  const known = computed.get(state);
  if (known?.width === width && known.maxRows === maxRows) return known.rows;
  const rows = workOutRows(state, width, Math.max(1, maxRows));
  computed.set(state, { width, maxRows, rows });
  return rows;
}

function workOutRows(state: SessionState, width: number, maxRows: number): PaneLine[] {
  const { status, view, transcript } = state;
  let line: PaneLine;
  let explained = false;
  if (status.notice && state.overlay.kind === 'none') {
    line = { text: printable(status.notice.text), tone: status.notice.tone === 'problem' ? 'problem' : 'accent' };
  } else {
    const selected = view.selected === undefined ? undefined : transcript.ring.get(view.selected);
    const latest = selected ?? latestReply(transcript.ring);
    const explain = latest?.code !== undefined && (selected !== undefined || latest.code >= 400) && state.overlay.kind === 'none';
    line = explain ? { text: explanationLine(explainEntry(latest)), tone: latest.code! >= 400 ? 'warning' : 'info' } : hint(state);
    explained = explain;
  }
  const rows = wrapWords(line.text, width, 2);
  if (rows.length > maxRows) rows.splice(maxRows - 1, rows.length, cutRow(rows[maxRows - 1]!, width, explained ? ` ${wholeExplanation(view)}` : ''));
  return rows.map((text) => ({ ...line, text }));
}

/** The keys to the whole explanation (Enter on a selected reply), from where the focus is now. */
function wholeExplanation(view: SessionState['view']): string {
  if (view.focus === 'transcript') return view.selected === undefined ? '↑, Enter: all of it' : 'Enter: all of it';
  return view.focus === 'input' ? 'Tab, ↑, Enter: all of it' : 'Tab to the transcript, ↑, Enter: all of it';
}

/** The last row kept, ending with … and `after`: nothing is cut without saying so. */
function cutRow(row: string, width: number, after: string): string {
  const tail = `…${after}`;
  const room = Math.max(0, width - displayWidth(tail));
  // The row ends between words: … stands for the next one. Cut inside a word, … ends it.
  if (displayWidth(row) < room) return `${row} ${tail}`;
  return `${fitCells(row, room).trimEnd()}${tail}`;
}
