/**
 * What the reading overlays show, as lines: F1's keys (from the keymap itself) and commands, or the text a
 * command opened (an explanation, the mailbox). Pure, so scrolling knows how far it may go.
 */
import { LOCAL_COMMAND_HELP } from '../session/local-commands.js';
import type { Overlay } from '../session/store.js';
import { KEYMAP, keyLabel } from './keymap.js';
import type { PaneLine } from './tls-view.js';
import { wrapPaneLines } from './tls-view.js';

const KEY_COLUMN = 22;

function entry(label: string, meaning: string): PaneLine {
  return { text: `  ${label.padEnd(KEY_COLUMN)} ${meaning}` };
}

export function helpLines(): PaneLine[] {
  const keys = KEYMAP.filter((binding) => binding.help).map((binding) => entry(binding.keys.map(keyLabel).join(', '), binding.help!));
  return [
    { text: 'Keys', heading: true, tone: 'accent' },
    ...keys,
    { text: '' },
    { text: 'Commands (start with /; everything else goes to the server exactly as typed)', heading: true, tone: 'accent' },
    ...LOCAL_COMMAND_HELP.map((command) => entry(command.usage, command.meaning)),
    { text: '' },
    { text: 'Marks: -> sent  <- received  ~> <~ over TLS  === information  *** error  <** reply nobody asked for', heading: true, tone: 'accent' },
    { text: 'Esc, F1 or q closes this help; Up/Down, PgUp/PgDn scroll.' },
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
