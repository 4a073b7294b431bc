/**
 * The build's edits to string-width and to Ink's two tokenizers must not change a single answer: the edited
 * modules, bundled exactly as the build bundles them, are compared with the published ones on random strings of
 * every kind the terminal meets, escapes included.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { build } from 'esbuild';
import fc from 'fast-check';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { editedSources, narrowRanges } from '../../scripts/source-edits.js';
import { ROOT } from '../helpers/cli.js';

type Width = (text: string, options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;
type Tokenize = typeof tokenize;
type Slice = typeof sliceAnsi;
/** Ink's frame buffer (ink/build/output.js), which its package does not export. */
interface FrameBuffer {
  write(x: number, y: number, text: string, options: { transformers: Array<(line: string, index: number) => string> }): void;
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type FrameBufferClass = new (options: { width: number; height: number }) => FrameBuffer;
const INK_OUTPUT = join(ROOT, 'node_modules', 'ink', 'build', 'output.js');

interface Edited {
  stringWidth: Width;
  tokenize: Tokenize;
  styledCharsFromTokens: typeof styledCharsFromTokens;
  styledCharsToString: typeof styledCharsToString;
  sliceAnsi: Slice;
  Output: FrameBufferClass;
}

async function editedModules(): Promise<{ edited: Edited; source: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'source-edits-'));
  try {
    const entry = join(dir, 'entry.mjs');
    await writeFile(
      entry,
      "export { default as stringWidth } from 'string-width';\nexport { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';\nexport { default as sliceAnsi } from 'slice-ansi';\n" +
        `export { default as Output } from ${JSON.stringify(INK_OUTPUT)};\n`,
    );
    const outfile = join(dir, 'edited.mjs');
    await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', nodePaths: [join(ROOT, 'node_modules')], plugins: [editedSources], logLevel: 'silent' });
    const source = await readFile(outfile, 'utf8');
    return { edited: (await import(pathToFileURL(outfile).href)) as Edited, source };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const { edited, source: editedSource } = await editedModules();
const { default: PublishedOutput } = (await import(pathToFileURL(INK_OUTPUT).href)) as { default: FrameBufferClass };

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

const pieces = fc.oneof(
  inRanges(narrowRanges()),
  fc.constantFrom('中', '한', 'ｱ', '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️', '#️⃣', 'e\u0301', '\u200b', '\u00ad', '\t', '\r\n', '\u1100\u1161'),
  fc.constantFrom('\x1b[31m', '\x1b[1;4m', '\x1b[2m', '\x1b[22m', '\x1b[0m', '\x1b[39m', '\x1b[7m', '\x1b[38;5;208m', '\x1b[48;2;1;2;3m', '\x1b]8;;x\x07', '\x1b]8;;\x07'),
  fc.integer({ min: 0, max: 0x2fff }).map((code) => String.fromCharCode(code)),
);

test('one-cell characters and escapes are each a grapheme of their own, as the tokenizers are then told', (t) => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  fc.assert(
    fc.property(fc.array(fc.oneof(inRanges(narrowRanges()), fc.constant('\x1b')), { maxLength: 40 }), (chars) => [...segmenter.segment(chars.join(''))].length === chars.length),
    { numRuns: 2000 },
  );
  t.pass();
});

test('the edited modules answer exactly as the published ones', (t) => {
  // What is compared is the edited code: nothing made as it loads, the wider fast path, the split by code unit.
  t.regex(editedSource, /segmenterMade \?\?= new Intl\.Segmenter\(\)/);
  t.regex(editedSource, /ambiguousIsNarrow && \/\^\[/);
  t.is(editedSource.match(/graphemes\d* = \(text\) =>/g)?.length, 2);
  t.notRegex(editedSource, /^(const|var|let) \w+ = new Intl\.Segmenter/m);
  t.regex(editedSource, /from\.length === to\.length && from\.every/);
  t.regex(editedSource, /else if \(!sameCodes\(chars\[i - 1\]\.styles, char\.styles\)\)/);
  t.regex(editedSource, /function getGraphemeWidth\(grapheme\) \{\n\s*if \(\/\^\[[^\n]*\.test\(grapheme\)\) return 1;/);
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 30 }), fc.boolean(), fc.nat(40), fc.nat(40), (parts, ambiguousIsNarrow, from, length) => {
      const text = parts.join('');
      return (
        edited.stringWidth(text) === stringWidth(text) &&
        edited.stringWidth(text, { ambiguousIsNarrow }) === stringWidth(text, { ambiguousIsNarrow }) &&
        JSON.stringify(edited.tokenize(text)) === JSON.stringify(tokenize(text)) &&
        edited.styledCharsToString(edited.styledCharsFromTokens(edited.tokenize(text))) === styledCharsToString(styledCharsFromTokens(tokenize(text))) &&
        edited.sliceAnsi(text, from, from + length) === sliceAnsi(text, from, from + length)
      );
    }),
    { numRuns: 3000 },
  );
  t.pass();
});


type Operation = { kind: 'write'; x: number; y: number; text: string; upper: boolean } | { kind: 'clip'; x1: number; x2: number; y1: number; y2: number } | { kind: 'unclip' };

const operations = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('write' as const), x: fc.nat(30), y: fc.nat(8), text: fc.array(fc.oneof(pieces, fc.constant('\n')), { maxLength: 20 }).map((parts) => parts.join('')), upper: fc.boolean() }),
    fc.record({ kind: fc.constant('clip' as const), x1: fc.nat(30), x2: fc.nat(30), y1: fc.nat(8), y2: fc.nat(8) }),
    fc.constant({ kind: 'unclip' as const }),
  ),
  { maxLength: 12 },
);

function drawn(Output: FrameBufferClass, width: number, height: number, steps: Operation[]): { output: string; height: number } {
  const output = new Output({ width, height });
  for (const step of steps) {
    if (step.kind === 'write') output.write(step.x, step.y, step.text, { transformers: step.upper ? [(line) => line.toUpperCase()] : [] });
    else if (step.kind === 'clip') output.clip(step);
    else output.unclip();
  }
  return output.get();
}

test("Ink's frame buffer, with one blank cell for all, draws exactly as the published one", (t) => {
  t.regex(editedSource, /row\.push\(blankCell\)/);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10 }), operations, (width, height, steps) => {
      t.deepEqual(drawn(edited.Output, width, height, steps), drawn(PublishedOutput, width, height, steps));
    }),
    { numRuns: 1500 },
  );
});
