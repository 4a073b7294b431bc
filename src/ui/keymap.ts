/**
 * Every key binding, as data: which key does what in which scope. The router reads it, and the help
 * overlay is generated from it, so the two cannot disagree.
 */
import type { EditOp } from '../session/line-editor.js';
import type { KeyName } from './keys.js';

/** Where a key is pressed: a modal overlay, else the focused pane, then anywhere. */
export type Scope = 'global' | 'input' | 'line' | 'transcript' | 'lesson' | 'tls' | 'help' | 'text' | 'templates' | 'search' | 'prompt' | 'confirm';

export type CommandId =
  | 'app.quit'
  | 'app.help'
  | 'app.escape'
  | 'focus.next'
  | 'focus.previous'
  | 'templates.open'
  | 'history.search'
  | 'view.timestamps'
  | 'lesson.toggle'
  | 'scroll.pageUp'
  | 'scroll.pageDown'
  | 'scroll.top'
  | 'scroll.bottom'
  | 'input.submit'
  | 'history.older'
  | 'history.newer'
  | `edit.${EditOp}`
  | 'select.previous'
  | 'select.next'
  | 'transcript.explain'
  | 'lesson.up'
  | 'lesson.down'
  | 'lesson.pageUp'
  | 'lesson.pageDown'
  | 'lesson.top'
  | 'lesson.bottom'
  | 'tls.up'
  | 'tls.down'
  | 'tls.pageUp'
  | 'tls.pageDown'
  | 'tls.top'
  | 'tls.bottom'
  | 'overlay.close'
  | 'overlay.up'
  | 'overlay.down'
  | 'overlay.pageUp'
  | 'overlay.pageDown'
  | 'overlay.accept'
  | 'confirm.yes'
  | 'confirm.no';

export interface Binding {
  keys: readonly KeyName[];
  command: CommandId;
  scopes: readonly Scope[];
  /** For the help overlay; bindings without it are not listed. */
  help?: string;
}

export const KEYMAP: readonly Binding[] = [
  { keys: ['ctrl+c'], command: 'app.quit', scopes: ['global'], help: 'quit: sends QUIT if connected, restores the terminal' },
  { keys: ['f1'], command: 'app.help', scopes: ['global'], help: 'this help' },
  { keys: ['escape'], command: 'app.escape', scopes: ['global'], help: 'cancel a pending wait (closes the connection); back to the input, follow the tail' },
  { keys: ['tab'], command: 'focus.next', scopes: ['global'], help: 'focus: input → transcript → lesson (when shown) → TLS pane' },
  { keys: ['shift+tab'], command: 'focus.previous', scopes: ['global'], help: 'focus the other way: TLS pane → lesson → transcript → input' },
  { keys: ['ctrl+t'], command: 'templates.open', scopes: ['global'], help: 'templates: type to filter, Enter to use' },
  { keys: ['ctrl+r'], command: 'history.search', scopes: ['global'], help: 'search the input history' },
  { keys: ['f2'], command: 'view.timestamps', scopes: ['global'], help: 'show or hide timestamps' },
  { keys: ['f3'], command: 'lesson.toggle', scopes: ['global'], help: 'show or hide the lesson' },
  { keys: ['pageup'], command: 'scroll.pageUp', scopes: ['global'], help: 'scroll the transcript a page up' },
  { keys: ['pagedown'], command: 'scroll.pageDown', scopes: ['global'], help: 'scroll the transcript a page down' },
  { keys: ['home'], command: 'scroll.top', scopes: ['global'], help: 'transcript: oldest lines' },
  { keys: ['end'], command: 'scroll.bottom', scopes: ['global'], help: 'transcript: newest lines, follow the tail' },

  { keys: ['return'], command: 'input.submit', scopes: ['input'], help: 'send the line exactly as typed, plus CRLF (after 354: a body line)' },
  { keys: ['up'], command: 'history.older', scopes: ['input'], help: 'input history: older' },
  { keys: ['down'], command: 'history.newer', scopes: ['input'], help: 'input history: newer' },

  { keys: ['left', 'ctrl+b'], command: 'edit.left', scopes: ['line'] },
  { keys: ['right', 'ctrl+f'], command: 'edit.right', scopes: ['line'] },
  { keys: ['ctrl+a'], command: 'edit.start', scopes: ['line'], help: 'cursor to the start of the line (Ctrl-E: end)' },
  { keys: ['ctrl+e'], command: 'edit.end', scopes: ['line'] },
  { keys: ['backspace'], command: 'edit.backspace', scopes: ['line'] },
  { keys: ['delete', 'ctrl+d'], command: 'edit.delete', scopes: ['line'] },
  { keys: ['ctrl+u'], command: 'edit.killToStart', scopes: ['line'], help: 'delete to the start of the line (Ctrl-K: to the end)' },
  { keys: ['ctrl+k'], command: 'edit.killToEnd', scopes: ['line'] },
  { keys: ['ctrl+w'], command: 'edit.deleteWordBack', scopes: ['line'], help: 'delete the word before the cursor' },
  { keys: ['ctrl+left', 'meta+b'], command: 'edit.wordLeft', scopes: ['line'], help: 'cursor a word left' },
  { keys: ['ctrl+right', 'meta+f'], command: 'edit.wordRight', scopes: ['line'], help: 'cursor a word right' },

  { keys: ['up'], command: 'select.previous', scopes: ['transcript'], help: 'transcript focus: select a reply and see what its code means' },
  { keys: ['down'], command: 'select.next', scopes: ['transcript'] },
  { keys: ['return'], command: 'transcript.explain', scopes: ['transcript'], help: 'transcript focus: the whole explanation of the selected reply' },
  { keys: ['up'], command: 'lesson.up', scopes: ['lesson'], help: 'lesson focus: scroll (PgUp/PgDn a page, Home/End to its ends)' },
  { keys: ['down'], command: 'lesson.down', scopes: ['lesson'] },
  { keys: ['pageup'], command: 'lesson.pageUp', scopes: ['lesson'] },
  { keys: ['pagedown'], command: 'lesson.pageDown', scopes: ['lesson'] },
  { keys: ['home'], command: 'lesson.top', scopes: ['lesson'] },
  { keys: ['end'], command: 'lesson.bottom', scopes: ['lesson'] },
  { keys: ['up'], command: 'tls.up', scopes: ['tls'], help: 'TLS pane focus: scroll (PgUp/PgDn a page, Home/End to its ends)' },
  { keys: ['down'], command: 'tls.down', scopes: ['tls'] },
  { keys: ['pageup'], command: 'tls.pageUp', scopes: ['tls'] },
  { keys: ['pagedown'], command: 'tls.pageDown', scopes: ['tls'] },
  { keys: ['home'], command: 'tls.top', scopes: ['tls'] },
  { keys: ['end'], command: 'tls.bottom', scopes: ['tls'] },

  { keys: ['escape', 'f1', 'q', 'return'], command: 'overlay.close', scopes: ['help'] },
  { keys: ['escape', 'q', 'return'], command: 'overlay.close', scopes: ['text'] },
  { keys: ['up'], command: 'overlay.up', scopes: ['help', 'text'] },
  { keys: ['down'], command: 'overlay.down', scopes: ['help', 'text'] },
  { keys: ['pageup'], command: 'overlay.pageUp', scopes: ['help', 'text'] },
  { keys: ['pagedown'], command: 'overlay.pageDown', scopes: ['help', 'text'] },
  { keys: ['escape'], command: 'overlay.close', scopes: ['templates', 'search', 'prompt'] },
  { keys: ['up'], command: 'overlay.up', scopes: ['templates'] },
  { keys: ['down'], command: 'overlay.down', scopes: ['templates'] },
  { keys: ['up', 'ctrl+r'], command: 'overlay.down', scopes: ['search'] },
  { keys: ['down'], command: 'overlay.up', scopes: ['search'] },
  { keys: ['return'], command: 'overlay.accept', scopes: ['templates', 'search', 'prompt'] },
  { keys: ['y'], command: 'confirm.yes', scopes: ['confirm'] },
  { keys: ['n', 'escape', 'return'], command: 'confirm.no', scopes: ['confirm'] },
];

/** `y`, `n` and `q` are typed as text; the keymap names them like keys. */
export function keyOf(name: KeyName, text: string | undefined): KeyName {
  return name === 'text' && text !== undefined && /^[ynq]$/.test(text) ? (text as KeyName) : name;
}

export function lookup(scopes: readonly Scope[], key: KeyName): CommandId | undefined {
  for (const scope of scopes) {
    const binding = KEYMAP.find((candidate) => candidate.scopes.includes(scope) && candidate.keys.includes(key));
    if (binding) return binding.command;
  }
  return undefined;
}

/** Human names for keys, for the help overlay. A letter alone is typed as it is (`q`), with Ctrl or Alt in capitals. */
export function keyLabel(key: KeyName): string {
  if (key.length === 1) return key;
  return key
    .split('+')
    .map((part) => (part === 'ctrl' ? 'Ctrl' : part === 'meta' ? 'Alt' : part.length === 1 ? part.toUpperCase() : part[0]!.toUpperCase() + part.slice(1)))
    .join('-')
    .replace('Pageup', 'PgUp')
    .replace('Pagedown', 'PgDn')
    .replace('Return', 'Enter')
    .replace('Escape', 'Esc');
}

/** The keys that close an overlay, in words: `Esc, q or Enter`. */
export function closingKeys(scope: Scope): string {
  const labels = KEYMAP.filter((binding) => binding.command === 'overlay.close' && binding.scopes.includes(scope)).flatMap((binding) => binding.keys.map(keyLabel));
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)!}` : (labels[0] ?? '');
}
