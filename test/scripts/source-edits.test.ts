/**
 * The build's edits to string-width must not change a single answer: the edited module, bundled exactly as the
 * build bundles it, is compared with the published one on random strings of every kind the terminal meets.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { build } from 'esbuild';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { editedSources, narrowRanges } from '../../scripts/source-edits.js';
import { ROOT } from '../helpers/cli.js';

type Width = (text: string, options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;

async function editedStringWidth(): Promise<{ width: Width; source: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'source-edits-'));
  try {
    const entry = join(dir, 'entry.mjs');
    await writeFile(entry, "export { default } from 'string-width';\n");
    const outfile = join(dir, 'edited.mjs');
    await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', nodePaths: [join(ROOT, 'node_modules')], plugins: [editedSources], logLevel: 'silent' });
    const source = await readFile(outfile, 'utf8');
    return { width: ((await import(pathToFileURL(outfile).href)) as { default: Width }).default, source };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const { width: edited, source: editedSource } = await editedStringWidth();

const inRanges = (ranges: Array<[number, number]>): fc.Arbitrary<string> =>
  fc.oneof(...ranges.map(([low, high]) => fc.integer({ min: low, max: high }))).map((code) => String.fromCharCode(code));

test('the one-cell characters include what the explorer draws, and leave out what is wide, joining or invisible', (t) => {
  const narrow = narrowRanges();
  const isNarrow = (char: string): boolean => narrow.some(([low, high]) => char.charCodeAt(0) >= low && char.charCodeAt(0) <= high);
  for (const char of ['a', '›', '—', '…', '·', '─', '│', '╭', '✓', '✗', '→', '↑', '≤', '§', 'é']) t.true(isNarrow(char), char);
  for (const char of ['\u00ad', '\u200b', '\u200d', '\u202e', '\u2060', '\u231a', '\u23f0', '\u2705', '\u274c']) t.false(isNarrow(char), `U+${char.charCodeAt(0).toString(16)}`);
});

test('a string of one-cell characters is as wide as it is long, by the published string-width', (t) => {
  fc.assert(
    fc.property(fc.array(inRanges(narrowRanges()), { maxLength: 40 }), (chars) => stringWidth(chars.join('')) === chars.length),
    { numRuns: 2000 },
  );
  t.pass();
});

test('the edited string-width answers exactly as the published one', (t) => {
  // The module compared is the edited one: no segmenter made as it loads, and the wider fast path.
  t.regex(editedSource, /segmenterMade \?\?= new Intl\.Segmenter\(\)/);
  t.regex(editedSource, /ambiguousIsNarrow && \/\^\[/);
  const pieces = fc.oneof(
    inRanges(narrowRanges()),
    fc.constantFrom('中', '한', 'ｱ', '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️', '#️⃣', 'e\u0301', '\u200b', '\u00ad', '\t', '\x1b[31m', '\x1b[0m', '\x1b]8;;x\x07', '\u1100\u1161'),
    fc.integer({ min: 0, max: 0x2fff }).map((code) => String.fromCharCode(code)),
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 30 }), fc.boolean(), (parts, ambiguousIsNarrow) => {
      const text = parts.join('');
      return edited(text) === stringWidth(text) && edited(text, { ambiguousIsNarrow }) === stringWidth(text, { ambiguousIsNarrow });
    }),
    { numRuns: 3000 },
  );
  t.pass();
});
