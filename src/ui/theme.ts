/**
 * Semantic colours. With NO_COLOR set (https://no-color.org) or TERM=dumb there is no colour at all; meaning is then
 * carried by the marks, words and bold alone, which is why no state is shown by colour only.
 */
import { colourAllowed } from '../core/colour.js';
import type { Tone } from '../core/tone.js';

export type UiTone = Tone | 'raw' | 'accent' | 'muted' | 'secure' | 'insecure' | 'warning';

const COLOURS: Record<UiTone, string> = {
  sent: 'cyan',
  positive: 'green',
  intermediate: 'yellow',
  transient: 'yellow',
  permanent: 'red',
  info: 'blue',
  problem: 'red',
  unsolicited: 'magenta',
  raw: 'magentaBright',
  accent: 'cyan',
  muted: 'gray',
  secure: 'green',
  insecure: 'red',
  warning: 'yellow',
};

const BOLD = new Set<UiTone>(['problem', 'insecure', 'unsolicited']);

export interface Theme {
  colour: boolean;
  color(tone: UiTone): string | undefined;
  bold(tone: UiTone): boolean;
}

export function createTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  const colour = colourAllowed(env);
  return {
    colour,
    color: (tone) => (colour ? COLOURS[tone] : undefined),
    bold: (tone) => BOLD.has(tone),
  };
}
