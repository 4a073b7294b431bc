/**
 * What the reading overlays show, as lines: F1's keys (from the keymap itself) and commands, or the text a
 * command opened (an explanation, the mailbox). Pure, so scrolling knows how far it may go.
 */
import { LOCAL_COMMAND_HELP } from '../session/local-commands.js';
import type { Overlay } from '../session/store.js';
import { closingKeys, KEYMAP, keyLabel } from './keymap.js';
import type { PaneLine } from './tls-view.js';
import { wrapPaneLines } from './tls-view.js';

function entries(pairs: ReadonlyArray<readonly [string, string]>): PaneLine[] {
  const column = Math.max(...pairs.map(([label]) => label.length));
  // Wrapped meanings continue under their first row, not under the label.
  return pairs.map(([label, meaning]) => ({ text: `  ${label.padEnd(column)}  ${meaning}`, indent: column + 2 }));
}

export function helpLines(): PaneLine[] {
  const keys = KEYMAP.filter((binding) => binding.help).map((binding) => [binding.keys.map(keyLabel).join(', '), binding.help!] as const);
  return [
    { text: 'Keys', heading: true, tone: 'accent' },
    ...entries(keys),
    { text: '' },
    { text: 'Commands (start with /; everything else goes to the server exactly as typed)', heading: true, tone: 'accent' },
    ...entries(LOCAL_COMMAND_HELP.map((command) => [command.usage, command.meaning] as const)),
    { text: '' },
    { text: 'Marks: -> sent  <- received  ~> <~ over TLS  === information  *** error  <** reply nobody asked for', heading: true, tone: 'accent' },
    { text: `${closingKeys('help')} closes this help; Up/Down, PgUp/PgDn scroll.` },
  ];
}

export function overlayTitle(overlay: Overlay): string {
  if (overlay.kind === 'help') return 'Help — keys and commands';
  return overlay.kind === 'text' ? overlay.title : '';
}

/** The rows at the overlay's width; the first line of a text overlay is its heading. */
export function overlayRows(overlay: Overlay, width: number): PaneLine[] {
  if (overlay.kind === 'help') return wrapPaneLines(helpLines(), width);
  if (overlay.kind !== 'text') return [];
  return wrapPaneLines(
    overlay.lines.map((text, index): PaneLine => (index === 0 ? { text, heading: true, tone: 'accent' } : { text })),
    width,
  );
}
