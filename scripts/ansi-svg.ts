/**
 * A terminal screen as tmux prints it (`capture-pane -p -e`: text with SGR colour sequences) → an SVG of the
 * same cells, for the README's screenshots. Only SGR is understood; anything else was never on screen.
 */
import { charWidth } from '../src/ui/text-width.js';

export interface Style {
  fg?: string;
  bg?: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

export interface Run {
  text: string;
  /** Column where the run starts, and how many cells it covers. */
  column: number;
  cells: number;
  style: Style;
}

// A dark palette close to common terminal defaults: normal 0-7, then bright 8-15.
const PALETTE = [
  '#1d1f21', '#cc6666', '#8cc265', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#c5c8c6',
  '#7f848e', '#ff7b72', '#a5d6a7', '#f0d58c', '#82c0ff', '#e0a3ff', '#7fdbe6', '#ffffff',
];
export const DEFAULT_FG = '#d7dae0';
export const DEFAULT_BG = '#1d1f21';

const plainStyle = (): Style => ({ bold: false, dim: false, italic: false, underline: false, inverse: false });

function xterm256(index: number): string {
  if (index < 16) return PALETTE[index]!;
  if (index >= 232) {
    const level = (8 + (index - 232) * 10).toString(16).padStart(2, '0');
    return `#${level}${level}${level}`;
  }
  const cube = index - 16;
  const step = (value: number): string => (value === 0 ? 0 : 55 + value * 40).toString(16).padStart(2, '0');
  return `#${step(Math.floor(cube / 36))}${step(Math.floor(cube / 6) % 6)}${step(cube % 6)}`;
}

function rgb(r = 0, g = 0, b = 0): string {
  return `#${[r, g, b].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}

/** Applies one SGR parameter list to a style. */
export function applySgr(style: Style, parameters: number[]): Style {
  const next = { ...style };
  const codes = parameters.length === 0 ? [0] : parameters;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) Object.assign(next, plainStyle(), { fg: undefined, bg: undefined });
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 22) Object.assign(next, { bold: false, dim: false });
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code >= 30 && code <= 37) next.fg = PALETTE[code - 30];
    else if (code === 39) next.fg = undefined;
    else if (code >= 40 && code <= 47) next.bg = PALETTE[code - 40];
    else if (code === 49) next.bg = undefined;
    else if (code >= 90 && code <= 97) next.fg = PALETTE[code - 90 + 8];
    else if (code >= 100 && code <= 107) next.bg = PALETTE[code - 100 + 8];
    else if (code === 38 || code === 48) {
      const colour = codes[i + 1] === 5 ? xterm256(codes[i + 2] ?? 0) : rgb(codes[i + 2], codes[i + 3], codes[i + 4]);
      i += codes[i + 1] === 5 ? 2 : 4;
      if (code === 38) next.fg = colour;
      else next.bg = colour;
    }
  }
  return next;
}

const SGR = /\x1b\[([0-9;]*)m/g;

/** One captured line → runs of equally styled text; the style carries over to the next line, as on a terminal. */
export function parseLine(line: string, start: Style): { runs: Run[]; end: Style } {
  const runs: Run[] = [];
  let style = start;
  let column = 0;
  let last = 0;
  const push = (text: string): void => {
    if (text === '') return;
    const cells = [...text].reduce((sum, char) => sum + charWidth(char), 0);
    runs.push({ text, column, cells, style });
    column += cells;
  };
  for (const match of line.matchAll(SGR)) {
    push(line.slice(last, match.index));
    style = applySgr(style, match[1] === '' ? [] : match[1]!.split(';').map(Number));
    last = match.index + match[0].length;
  }
  push(line.slice(last));
  return { runs, end: style };
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface SvgOptions {
  columns: number;
  rows: number;
  fontSize?: number;
  title?: string;
}

/** The screen as SVG: a cell grid in DejaVu Sans Mono, backgrounds as rectangles, text runs stretched to their cells. */
export function screenToSvg(screen: string, options: SvgOptions): string {
  const fontSize = options.fontSize ?? 14;
  const cell = { width: Math.round(fontSize * 0.6021 * 100) / 100, height: Math.round(fontSize * 1.3) };
  const pad = 12;
  const width = Math.ceil(options.columns * cell.width + pad * 2);
  const height = options.rows * cell.height + pad * 2;
  const parts: string[] = [];
  let style = plainStyle();
  screen
    .split('\n')
    .slice(0, options.rows)
    .forEach((line, row) => {
      const parsed = parseLine(line, style);
      style = parsed.end;
      const y = pad + row * cell.height;
      for (const run of parsed.runs) {
        const x = pad + run.column * cell.width;
        const fg = run.style.inverse ? (run.style.bg ?? DEFAULT_BG) : (run.style.fg ?? DEFAULT_FG);
        const bg = run.style.inverse ? (run.style.fg ?? DEFAULT_FG) : run.style.bg;
        const runWidth = (run.cells * cell.width).toFixed(2);
        if (bg) parts.push(`<rect x="${x.toFixed(2)}" y="${y}" width="${runWidth}" height="${cell.height}" fill="${bg}"/>`);
        if (run.text.trim() === '') continue;
        const attributes = [
          `x="${x.toFixed(2)}"`,
          `y="${(y + cell.height * 0.78).toFixed(2)}"`,
          `fill="${fg}"`,
          `textLength="${runWidth}"`,
          'lengthAdjust="spacingAndGlyphs"',
          ...(run.style.bold ? ['font-weight="bold"'] : []),
          ...(run.style.italic ? ['font-style="italic"'] : []),
          ...(run.style.underline ? ['text-decoration="underline"'] : []),
          ...(run.style.dim ? ['opacity="0.6"'] : []),
        ];
        parts.push(`<text ${attributes.join(' ')}>${xml(run.text)}</text>`);
      }
    });
  const title = options.title ? `<title>${xml(options.title)}</title>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    title,
    `<rect width="100%" height="100%" rx="8" fill="${DEFAULT_BG}"/>`,
    `<g font-family="DejaVu Sans Mono, monospace" font-size="${fontSize}" xml:space="preserve">`,
    ...parts,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
