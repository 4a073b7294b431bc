/**
 * Edits to dependencies' sources as they are bundled, each of which must match exactly once: the build fails when
 * a dependency's code changed under it, rather than shipping an edit that no longer applies. Every one of them
 * is about start-up time (bench P4), measured on this machine.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import stringWidth from 'string-width';

/** Blocks whose characters are mostly one cell: Latin, punctuation, arrows and symbols, box drawing to dingbats. */
const NARROW_CANDIDATES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x2ff],
  [0x2010, 0x205e],
  [0x2100, 0x23ff],
  [0x2500, 0x27bf],
];

/**
 * The characters of NARROW_CANDIDATES that string-width itself measures as one cell and that never join a
 * neighbour into one grapheme: a string of only these is exactly as wide as it is long. Asked of the library
 * being bundled, so the answer cannot drift from it.
 */
export function narrowRanges(width: (text: string) => number = stringWidth): Array<[number, number]> {
  const segmenter = new Intl.Segmenter();
  const graphemes = (text: string): number => [...segmenter.segment(text)].length;
  const ranges: Array<[number, number]> = [];
  for (const [low, high] of NARROW_CANDIDATES) {
    for (let code = low; code <= high; code++) {
      const char = String.fromCharCode(code);
      if (width(char) !== 1 || graphemes(`a${char}`) !== 2 || graphemes(`${char}a`) !== 2 || graphemes(char + char) !== 2) continue;
      const last = ranges.at(-1);
      if (last && last[1] === code - 1) last[1] = code;
      else ranges.push([code, code]);
    }
  }
  return ranges;
}

const NARROW = narrowRanges();

/** A RegExp literal matching strings of the one-cell characters only, and of `extra` (already escaped). */
function onlyNarrow(extra = ''): string {
  const escaped = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
  return `/^[${NARROW.map(([low, high]) => (low === high ? escaped(low) : `${escaped(low)}-${escaped(high)}`)).join('')}${extra}]*$/`;
}

/**
 * In place of a grapheme segmenter: what `segment(text)` returns (iteration and `containing`), by code unit when
 * the text is one-cell characters and escapes only, each then a grapheme of its own; the segmenter, made on
 * first need, otherwise.
 */
const GRAPHEMES = `let segmenterMade;
const graphemes = (text) => ${onlyNarrow('\\u001b')}.test(text)
  ? {
      containing: (index) => (index >= 0 && index < text.length ? {segment: text[index], index, input: text} : undefined),
      *[Symbol.iterator]() { for (let index = 0; index < text.length; index++) yield {segment: text[index], index, input: text}; },
    }
  : (segmenterMade ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(text);`;

/**
 * Three modules build an Intl.Segmenter as they load, and the first one built loads ICU's break rules (~8 ms);
 * string-width also builds a `\p{RGI_Emoji}` pattern (~6 ms). Each is made on first use instead. string-width's
 * fast path for printable ASCII takes every string of one-cell characters (narrowRanges), and Ink's two
 * tokenizers (ansi-tokenize, slice-ansi) split such strings by code unit (GRAPHEMES). The explorer's first
 * frame (›, —, …, box drawing) then needs no segmenter at all. (wrap-ansi had an older string-width of its
 * own, a fourth segmenter and emoji pattern: package.json's overrides give it the same one, from source too.)
 */
const SEGMENTER_EDITS: { file: RegExp; edits: [string, string][] }[] = [
  {
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    edits: [
      ['const segmenter = new Intl.Segmenter();', 'let segmenterMade;\nconst segmenter = {segment: (text) => (segmenterMade ??= new Intl.Segmenter()).segment(text)};'],
      ['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', "let rgiEmojiMade;\nconst rgiEmojiRegex = {test: (text) => (rgiEmojiMade ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(text)};"],
      ['if (/^[\\u0020-\\u007E]*$/.test(string)) {', `if (/^[\\u0020-\\u007E]*$/.test(string) || (ambiguousIsNarrow && ${onlyNarrow()}.test(string))) {`],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
    edits: [['const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });', `${GRAPHEMES}\nconst segmenter = {segment: graphemes};`]],
  },
  {
    file: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
    edits: [
      ["const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});", `${GRAPHEMES}\nconst GRAPHEME_SEGMENTER = {segment: graphemes};`],
      // One cell, by construction of narrowRanges: not wide, not an emoji, never joined (and its emoji pattern, ~2 ms to build, unused).
      ['function getGraphemeWidth(grapheme) {\n', `function getGraphemeWidth(grapheme) {\n\tif (${onlyNarrow()}.test(grapheme)) return 1;\n`],
    ],
  },
];

/**
 * Ink turns each line of a frame back into a string through ansi-tokenize, which diffs the styles of every
 * character against the one before with three new Sets each time. Styles equal code for code, the common case,
 * differ by nothing, which is what the diff would find: a keystroke's frame then costs ~3.6 ms of CPU, not ~5.4.
 * The loop over a line's characters asks first, without calling the diff at all: the first frame, all of it
 * new and run by the interpreter, turned its 4,800 cells into strings in ~10 ms that way, ~3 ms this.
 */
const STYLE_DIFF_EDITS: { file: RegExp; edits: [string, string][] }[] = [
  {
    file: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/,
    edits: [
      [
        'export function diffAnsiCodes(from, to) {\n',
        'export function diffAnsiCodes(from, to) {\n    if (from.length === to.length && from.every((code, index) => code.code === to[index].code)) return [];\n',
      ],
    ],
  },
  {
    // A frame starts as a grid of blank cells, 4,800 new objects at 120×40; no one changes a cell (writes put
    // new ones in its place), so one blank serves them all, and its styles are equal to themselves at once.
    file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/,
    edits: [
      [
        "            const row = [];\n            for (let x = 0; x < this.width; x++) {\n                row.push({\n                    type: 'char',\n                    value: ' ',\n                    fullWidth: false,\n                    styles: [],\n                });\n            }",
        "            const row = [];\n            for (let x = 0; x < this.width; x++) {\n                row.push(blankCell);\n            }",
      ],
      ['        const output = [];\n', "        const output = [];\n        const blankCell = { type: 'char', value: ' ', fullWidth: false, styles: [] };\n"],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
    edits: [
      [
        'export function styledCharsToString(chars) {\n',
        'const sameCodes = (from, to) => {\n    if (from === to) return true;\n    if (from.length !== to.length) return false;\n    for (let index = 0; index < from.length; index++) if (from[index].code !== to[index].code) return false;\n    return true;\n};\nexport function styledCharsToString(chars) {\n',
      ],
      ['        else {\n            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));', '        else if (!sameCodes(chars[i - 1].styles, char.styles)) {\n            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));'],
      ['        if (i === chars.length - 1) {', '        if (i === chars.length - 1 && char.styles.length !== 0) {'],
      // A copy of the styles for every character; the array copied is replaced at each escape, never changed, and
      // no reader changes a character's styles: characters styled alike then share one array, and are equal at once.
      ['                styles: [...codes],', '                styles: codes,'],
    ],
  },
];

/**
 * Yoga's Emscripten loader, edited for Node (each edit must match exactly once: the build fails if Yoga's code
 * changed):
 * - it decodes its base64 module with a JavaScript atob and a charCodeAt loop, ~25 ms for 70 KB at every
 *   start; Node's Buffer takes well under a millisecond;
 * - it instantiates asynchronously, and `yoga-layout` then awaits it at top level; a synchronous instance lets
 *   every module above it evaluate without top-level await, which the code-cached CommonJS bundle needs;
 * - it never fetches its own `data:` URL, whose first use in Node would load undici (~20 ms).
 */
const SOURCE_EDITS: { file: RegExp; edits: [string, string][] }[] = [
  ...SEGMENTER_EDITS,
  ...STYLE_DIFF_EDITS,
  {
    file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    edits: [
      [
        'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
        'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
      ],
      [
        'function c(e){return ya().then(function(f){return WebAssembly.instantiate(f,d)}).then(function(f){return f}).then(e,function(f){v("failed to asynchronously prepare wasm: "+f);x(f)})}',
        'function c(e){e({instance:new WebAssembly.Instance(new WebAssembly.Module(wa()),d)});return Promise.resolve()}',
      ],
      ['w||"function"!=typeof WebAssembly.instantiateStreaming', 'true'],
    ],
  },
  {
    file: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
    // With the instance made synchronously, loadYoga has filled the object it is given when it returns.
    edits: [['const Yoga = wrapAssembly(await loadYoga());', 'const yoga = {};\nloadYoga(yoga);\nconst Yoga = wrapAssembly(yoga);']],
  },
  {
    // Ink's error screen sets up its stack parser as Ink loads (a pattern over every Node built-in's name); it is
    // needed only when a component throws.
    file: /ink[\\/]build[\\/]components[\\/]ErrorOverview\.js$/,
    edits: [
      [
        'const stackUtils = new StackUtils({\n    cwd: cwd(),\n    internals: StackUtils.nodeInternals(),\n});',
        'let stackUtilsMade;\nconst stackUtils = { parseLine: (line) => (stackUtilsMade ??= new StackUtils({ cwd: cwd(), internals: StackUtils.nodeInternals() })).parseLine(line) };',
      ],
    ],
  },
  {
    // signal-exit loads Node's assert (~1 ms, before the first frame, as Ink registers its exit handler) for one
    // check of its argument; the same check, thrown as a TypeError, needs no module (assert is then loaded lazily,
    // see lazy-builtins.ts, and never).
    file: /[\\/]node_modules[\\/]signal-exit[\\/]index\.js$/,
    edits: [["    assert.equal(typeof cb, 'function', 'a callback must be provided for exit handler')", "    if (typeof cb !== 'function') throw new TypeError('a callback must be provided for exit handler')"]],
  },
  {
    // Ink's only other top-level awaits serve React DevTools under DEV=true; that package is not a dependency.
    file: /ink[\\/]build[\\/]reconciler\.js$/,
    edits: [
      ["await import('./devtools.js');", "throw Object.assign(new Error('React DevTools are not part of this build'), { code: 'ERR_MODULE_NOT_FOUND' });"],
      ['? await loadPackageJson()', "? { name: 'ink', version: undefined }"],
    ],
  },
];
export const editedSources: Plugin = {
  name: 'edited-sources',
  setup(plugin) {
    for (const { file, edits } of SOURCE_EDITS) {
      plugin.onLoad({ filter: file }, async ({ path }) => {
        let source = await readFile(path, 'utf8');
        for (const [from, to] of edits) {
          const uses = source.split(from).length - 1;
          if (uses !== 1) throw new Error(`${path}: expected "${from}" once, found it ${uses} times; revisit the plugin`);
          // A function, so that `$` in the new text is never read as a replacement pattern.
          source = source.replace(from, () => to);
        }
        return { contents: source, loader: 'js' };
      });
    }
  },
};

