/**
 * Which rows of the transcript are on screen: found by walking back from the bottom entry only as far as
 * the pane is tall, so the cost of a frame depends on the pane, not on how long the transcript is.
 */
import { entryTone } from '../core/tone.js';
import { formatEntry } from '../core/transcript.js';
import type { Ring } from '../session/ring.js';
import type { SessionEntry } from '../session/store.js';
import { wrapExact } from './text-width.js';
import type { UiTone } from './theme.js';

/** A hostile line can be 8 KiB of escapes; on screen it gets this many rows, the export gets all. */
export const MAX_ROWS_PER_ENTRY = 40;
const MARK_WIDTH = 4;

export interface Row {
  key: string;
  seq: number;
  text: string;
  tone: UiTone;
  selected: boolean;
}

export interface WindowOptions {
  rows: number;
  width: number;
  timestamps: boolean;
  follow: boolean;
  anchor: number;
  selected?: number;
}

export interface TranscriptWindow {
  rows: Row[];
  /**
   * Sequence numbers of the top entry shown (maybe in part) and of the last one whose end is shown (whole, but for
   * an entry taller than a one-row pane). Below the bottom there may be one entry more, cut: at the oldest entry, the
   * entries after the anchor fill the rows left, the last of them in part.
   */
  top: number;
  bottom: number;
  /** Entries above the top and below the bottom (the one shown in part among them), for the scroll indicator. */
  above: number;
  below: number;
}

function clock(at: number): string {
  const date = new Date(at);
  const pad = (value: number, size = 2): string => String(value).padStart(size, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)} `;
}

/**
 * An entry never takes more rows than the pane has: the window is anchored on whole entries, so a taller one
 * would only ever show its end, never the start that says what it is.
 */
export function entryTextRows(entry: SessionEntry, options: Pick<WindowOptions, 'rows' | 'width' | 'timestamps'>): string[] {
  const stamp = options.timestamps ? clock(entry.at) : '';
  const maxRows = Math.max(1, Math.min(MAX_ROWS_PER_ENTRY, options.rows));
  return wrapExact(stamp + formatEntry(entry), options.width, stamp.length + MARK_WIDTH, maxRows);
}

export function toneOf(entry: SessionEntry): UiTone {
  return entry.rawMode ? 'raw' : entryTone(entry);
}

/** The bottom entry of the window: the newest when following, else the anchor kept within the ring. */
export function bottomOf(ring: Ring<SessionEntry>, options: Pick<WindowOptions, 'follow' | 'anchor'>): number {
  const newest = ring.end - 1;
  if (options.follow) return newest;
  return Math.min(Math.max(options.anchor, ring.first), newest);
}

export function transcriptWindow(ring: Ring<SessionEntry>, options: WindowOptions): TranscriptWindow {
  let bottom = bottomOf(ring, options);
  const rows: Row[] = [];
  let seq = bottom;
  for (; seq >= ring.first && rows.length < options.rows; seq--) {
    const entry = ring.get(seq)!;
    const tone = toneOf(entry);
    const selected = seq === options.selected;
    const texts = entryTextRows(entry, options);
    for (let i = texts.length - 1; i >= 0; i--) rows.push({ key: `${seq}:${i}`, seq, text: texts[i]!, tone, selected });
  }
  const top = seq + 1;
  const visible = rows.slice(0, options.rows).reverse();
  // With the oldest entry on top and room left, the window would end in blank rows: the next entries fill them,
  // the last one cut, as a page read from the top does. The bottom moves to the last one shown whole, so that the
  // count below, PgDn and a selection further down all start after what is on screen.
  for (let next = bottom + 1; top === ring.first && visible.length < options.rows && next < ring.end; next++) {
    const entry = ring.get(next)!;
    const all = entryTextRows(entry, options);
    const texts = all.slice(0, options.rows - visible.length);
    const tone = toneOf(entry);
    texts.forEach((text, i) => visible.push({ key: `${next}:${i}`, seq: next, text, tone, selected: next === options.selected }));
    if (texts.length === all.length) bottom = next;
  }
  return { rows: visible, top, bottom, above: Math.max(0, top - ring.first), below: Math.max(0, ring.end - 1 - bottom) };
}

function heightOf(ring: Ring<SessionEntry>, seq: number, options: Pick<WindowOptions, 'rows' | 'width' | 'timestamps'>): number {
  const entry = ring.get(seq);
  return entry ? entryTextRows(entry, options).length : 0;
}

/** Anchor after PgUp: the entry that was at the top becomes the bottom (one earlier if it was whole). */
export function pageUpAnchor(ring: Ring<SessionEntry>, options: WindowOptions): number {
  const window = transcriptWindow(ring, options);
  const topWhole = window.rows[0]?.key.endsWith(':0') ?? true;
  const next = topWhole || window.top === window.bottom ? window.top - 1 : window.top;
  return Math.max(ring.first, Math.min(next, window.bottom - 1));
}

/**
 * Anchor after PgDn, or undefined when the page reaches the newest entry (follow the tail again). The next page starts
 * after the last entry shown whole, which near the top is further down than the anchor.
 */
export function pageDownAnchor(ring: Ring<SessionEntry>, options: WindowOptions): number | undefined {
  let seq = transcriptWindow(ring, options).bottom;
  let filled = 0;
  while (seq < ring.end - 1 && filled < options.rows) {
    seq += 1;
    filled += heightOf(ring, seq, options);
  }
  return seq >= ring.end - 1 ? undefined : seq;
}

/** Anchor that shows the oldest entries kept, from the top of the pane. */
export function homeAnchor(ring: Ring<SessionEntry>, options: WindowOptions): number {
  let seq = ring.first;
  let filled = heightOf(ring, seq, options);
  while (seq < ring.end - 1 && filled + heightOf(ring, seq + 1, options) <= options.rows) {
    seq += 1;
    filled += heightOf(ring, seq, options);
  }
  return seq;
}

/**
 * Moves the selection to the previous or next reply line (entries with a code), searching at most `limit`
 * entries so a million body lines cannot stall a key press.
 */
export function nextReply(ring: Ring<SessionEntry>, from: number, direction: -1 | 1, limit = 10_000): number | undefined {
  for (let seq = from + direction, steps = 0; seq >= ring.first && seq < ring.end && steps < limit; seq += direction, steps++) {
    if (ring.get(seq)?.code !== undefined) return seq;
  }
  return undefined;
}

/** An anchor that keeps `selected` on screen, moving as little as possible from the current window. */
export function anchorShowing(ring: Ring<SessionEntry>, options: WindowOptions, selected: number): number {
  const window = transcriptWindow(ring, options);
  if (selected > window.bottom) return selected;
  if (selected > window.top || (selected === window.top && window.rows[0]?.key === `${selected}:0`)) return window.bottom;
  let anchor = window.bottom;
  while (anchor > selected) {
    anchor -= 1;
    const moved = transcriptWindow(ring, { ...options, follow: false, anchor });
    if (moved.top < selected || moved.rows[0]?.key === `${selected}:0`) break;
  }
  return anchor;
}
