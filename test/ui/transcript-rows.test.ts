import test from 'ava';
import fc from 'fast-check';
import { Ring } from '../../src/session/ring.js';
import type { SessionEntry } from '../../src/session/store.js';
import {
  anchorShowing,
  entryTextRows,
  homeAnchor,
  nextReply,
  pageDownAnchor,
  pageUpAnchor,
  transcriptWindow,
} from '../../src/ui/transcript-rows.js';
import type { WindowOptions } from '../../src/ui/transcript-rows.js';

function entry(text: string, code?: number): SessionEntry {
  return code === undefined
    ? { at: 0, mark: '->', kind: 'sent', text, tls: false }
    : { at: 0, mark: '<-', kind: 'received', text: `${code} ${text}`, tls: false, code };
}

function ringOf(count: number, make: (i: number) => SessionEntry = (i) => entry(`line ${i}`)): Ring<SessionEntry> {
  const ring = new Ring<SessionEntry>(Math.max(1, count));
  for (let i = 0; i < count; i++) ring.push(make(i));
  return ring;
}

/** Rows the whole transcript takes in a pane of `rows` rows and `width` columns. */
function totalRows(ring: Ring<SessionEntry>, rows: number, width: number): number {
  let total = 0;
  for (let seq = ring.first; seq < ring.end; seq++) total += entryTextRows(ring.get(seq)!, { rows, width, timestamps: false }).length;
  return total;
}

const options: WindowOptions = { rows: 5, width: 40, timestamps: false, follow: true, anchor: 0 };

test('following the tail shows the newest rows, oldest at the top', (t) => {
  const window = transcriptWindow(ringOf(20), options);
  t.deepEqual(window.rows.map((row) => row.text), [' -> line 15', ' -> line 16', ' -> line 17', ' -> line 18', ' -> line 19']);
  t.like(window, { top: 15, bottom: 19, above: 15, below: 0 });
});

test('a long entry wraps, and the top entry may be cut', (t) => {
  const ring = ringOf(3, (i) => entry(i === 1 ? 'x'.repeat(100) : `line ${i}`));
  const window = transcriptWindow(ring, { ...options, rows: 3 });
  t.deepEqual(window.rows.map((row) => row.key), ['1:1', '1:2', '2:0']);
  t.is(window.rows[0]?.text, `    ${'x'.repeat(36)}`);
});

test('cost depends on the pane, not the transcript: a million entries, a handful read', (t) => {
  const ring = ringOf(1_000_000);
  let reads = 0;
  const counting = new Proxy(ring, {
    get(target, property, receiver) {
      if (property === 'get') {
        return (seq: number) => {
          reads += 1;
          return target.get(seq);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const window = transcriptWindow(counting, { ...options, rows: 40 });
  t.is(window.rows.length, 40);
  t.true(reads <= 41, `${reads} entries read`);
});

test('PgUp puts the old top at the bottom; PgDn comes back and follows at the end; Home shows the oldest', (t) => {
  const ring = ringOf(20);
  const up = pageUpAnchor(ring, options);
  t.is(up, 14);
  const scrolled = { ...options, follow: false, anchor: up };
  t.deepEqual(transcriptWindow(ring, scrolled).rows.map((row) => row.seq), [10, 11, 12, 13, 14]);
  t.is(pageDownAnchor(ring, { ...options, follow: false, anchor: 9 }), 14);
  t.is(pageDownAnchor(ring, scrolled), undefined);
  t.is(homeAnchor(ring, options), 4);
  t.is(pageUpAnchor(ring, { ...options, follow: false, anchor: 4 }), 0);
});

test('selection moves between reply lines and the window follows it', (t) => {
  const ring = ringOf(30, (i) => (i % 3 === 0 ? entry('ok', 250) : entry(`cmd ${i}`)));
  t.is(nextReply(ring, 30, -1), 27);
  t.is(nextReply(ring, 27, -1), 24);
  t.is(nextReply(ring, 27, 1), undefined);
  t.is(nextReply(ring, 3, -1, 2), undefined);
  const anchor = anchorShowing(ring, options, 12);
  const window = transcriptWindow(ring, { ...options, follow: false, anchor, selected: 12 });
  t.true(window.rows.some((row) => row.seq === 12 && row.selected));
});

test('property: the window never has more rows than the pane, ends with its bottom entry or fills the pane from the oldest, and counts what is not shown', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 120 }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 8, max: 100 }),
      fc.nat(),
      (texts, rows, width, anchor) => {
        const ring = ringOf(texts.length, (i) => entry(texts[i]!));
        const pane = { rows, width, timestamps: false };
        const window = transcriptWindow(ring, { ...pane, follow: false, anchor: anchor % texts.length });
        const filled = window.top === ring.first && window.rows.length === Math.min(rows, totalRows(ring, rows, width));
        // Counted from the rows themselves: an entry whose last row is not on screen (one cut at the bottom) is still
        // to be read below, and the bottom is the last entry whose end is shown.
        const endShown = (seq: number): boolean => window.rows.some((row) => row.key === `${seq}:${entryTextRows(ring.get(seq)!, pane).length - 1}`);
        const first = window.rows[0]!.seq;
        const last = window.rows.at(-1)!.seq;
        return (
          window.rows.length <= rows &&
          (last === window.bottom || filled) &&
          window.bottom === (endShown(last) ? last : last - 1) &&
          window.above === first - ring.first &&
          window.below === ring.end - 1 - window.bottom
        );
      },
    ),
  );
  t.pass();
});

test('an entry taller than the pane gets the pane at most, so its start can be read: from Home, and when it is the bottom', (t) => {
  const long = entry(`250-${'A'.repeat(2000)}`, 250);
  const ring = ringOf(4, (i) => (i === 2 ? long : entry(`line ${i}`)));
  const pane = { ...options, rows: 6 };
  const atLong = transcriptWindow(ring, { ...pane, follow: false, anchor: 2 });
  t.is(atLong.rows.length, 6);
  t.deepEqual(atLong.rows.map((row) => row.key), ['2:0', '2:1', '2:2', '2:3', '2:4', '2:5']);
  t.true(atLong.rows[0]!.text.startsWith('<-  250 250-AAAA'), atLong.rows[0]!.text);
  t.regex(atLong.rows[5]!.text, /… [\d,]+ more characters \(\/export keeps them all\)$/);
  const home = transcriptWindow(ring, { ...pane, follow: false, anchor: homeAnchor(ring, pane) });
  t.deepEqual(home.rows.map((row) => row.key), ['0:0', '1:0', '2:0', '2:1', '2:2', '2:3'], 'the rows left below are the long entry\'s start, not blank');
  const next = pageDownAnchor(ring, { ...pane, follow: false, anchor: homeAnchor(ring, pane) });
  t.is(next, 2, 'PgDn from Home brings the long entry whole, its start on the first row');
});

test('PgUp near the top shows a whole page from the oldest entry, not a few lines over blank rows', (t) => {
  const ring = ringOf(12);
  const pane = { ...options, rows: 10 };
  const first = pageUpAnchor(ring, pane);
  const page = transcriptWindow(ring, { ...pane, follow: false, anchor: first });
  t.deepEqual(page.rows.map((row) => row.seq), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  t.like(page, { top: 0, bottom: 9, above: 0, below: 2 }, 'the title counts the 2 entries under the page, not the 10 after the anchor');
  const again = transcriptWindow(ring, { ...pane, follow: false, anchor: pageUpAnchor(ring, { ...pane, follow: false, anchor: first }) });
  t.is(again.rows.length, 10, 'a second PgUp at the top keeps the page full');
});

test('PgDn from a page filled from the oldest entry shows the next page, not one overlapping it', (t) => {
  const ring = ringOf(25);
  const pane = { ...options, rows: 10 };
  const once = pageUpAnchor(ring, pane);
  const top = pageUpAnchor(ring, { ...pane, follow: false, anchor: once });
  const page = transcriptWindow(ring, { ...pane, follow: false, anchor: top });
  t.deepEqual(page.rows.map((row) => row.seq), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  t.like(page, { bottom: 9, below: 15 });
  const down = pageDownAnchor(ring, { ...pane, follow: false, anchor: top });
  t.deepEqual(transcriptWindow(ring, { ...pane, follow: false, anchor: down! }).rows.map((row) => row.seq), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
});
