/**
 * Lines starting with `/` are for the explorer, not the server; `//` sends a literal `/`. Everything else
 * goes to the server exactly as typed. In a message body only /send-file, /raw and /quit act: any other line is body
 * text, so a pasted message arrives whole whatever its lines start with.
 */
import type { Target } from '../cli/args.js';
import { parseTarget } from '../cli/target-text.js';

export type LocalCommand =
  | { name: 'help' }
  | { name: 'connect'; target: Target }
  | { name: 'reconnect' }
  | { name: 'raw' }
  | { name: 'export'; file: string }
  | { name: 'exportChain'; file: string }
  | { name: 'sendFile'; file: string }
  | { name: 'set'; variable?: string; value?: string }
  | { name: 'clear' }
  | { name: 'timestamps' }
  | { name: 'lesson' }
  | { name: 'explain'; text: string }
  | { name: 'mailbox'; message?: number }
  | { name: 'probeTls' }
  | { name: 'quit' };

export type Typed =
  | { kind: 'server'; line: string }
  | { kind: 'local'; command: LocalCommand }
  | { kind: 'invalid'; message: string };

export const LOCAL_COMMAND_HELP: ReadonlyArray<{ usage: string; meaning: string }> = [
  { usage: '/help', meaning: 'every key and command' },
  { usage: '/connect HOST[:PORT]', meaning: 'close this session (QUIT) and connect elsewhere' },
  { usage: '/reconnect', meaning: 'connect again to the same server, offering the TLS session for resumption' },
  { usage: '/raw', meaning: 'toggle raw mode: \\r \\n \\t \\0 \\xNN \\\\ are sent as bytes, no CRLF added' },
  { usage: '/export FILE', meaning: 'save the transcript (.txt, .md or .json), secrets redacted' },
  { usage: '/probe tls', meaning: 'which TLS versions the server accepts, and whose cipher order wins' },
  { usage: '/export-chain FILE', meaning: "save the server's certificate chain as PEM, leaf first" },
  { usage: '/send-file FILE', meaning: 'in DATA: stream FILE as the message body, dot-stuffed, and end it' },
  { usage: '/set [NAME [VALUE]]', meaning: 'show or set template variables (helo, from, to, user)' },
  { usage: '/explain CODE [ENHANCED] [TEXT]', meaning: 'what a reply code means, in words' },
  { usage: '/lesson', meaning: "show or hide the scenario's lesson (F3)" },
  { usage: '/mailbox [N]', meaning: "the built-in server's mailbox; N: the start of message N" },
  { usage: '/clear', meaning: 'clear the transcript on screen' },
  { usage: '/timestamps', meaning: 'show or hide the time of each line' },
  { usage: '/quit', meaning: 'send QUIT if connected, and leave' },
  { usage: '//TEXT', meaning: 'send /TEXT to the server' },
];

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What acts in a message body; anything else there is the body's text. */
const IN_BODY: ReadonlySet<LocalCommand['name']> = new Set(['sendFile', 'raw', 'quit']);

export function interpretTyped(line: string, inBody = false): Typed {
  if (!line.startsWith('/')) return { kind: 'server', line };
  if (line.startsWith('//')) return { kind: 'server', line: line.slice(1) };
  if (!inBody) return localCommand(line);
  const typed = localCommand(line);
  return typed.kind === 'local' && IN_BODY.has(typed.command.name) ? typed : { kind: 'server', line };
}

function localCommand(line: string): Typed {
  const [word = '', ...rest] = line.slice(1).split(/\s+/);
  const args = line.slice(1 + word.length).trim();
  const none = (command: LocalCommand): Typed =>
    args === '' ? { kind: 'local', command } : { kind: 'invalid', message: `/${word} takes no arguments` };
  switch (word.toLowerCase()) {
    case 'help':
      return none({ name: 'help' });
    case 'reconnect':
      return none({ name: 'reconnect' });
    case 'raw':
      return none({ name: 'raw' });
    case 'clear':
      return none({ name: 'clear' });
    case 'timestamps':
      return none({ name: 'timestamps' });
    case 'lesson':
      return none({ name: 'lesson' });
    case 'explain':
      return args === ''
        ? { kind: 'invalid', message: 'usage: /explain CODE [ENHANCED] [TEXT], e.g. /explain 550 5.7.1' }
        : { kind: 'local', command: { name: 'explain', text: args } };
    case 'mailbox':
      if (args === '') return { kind: 'local', command: { name: 'mailbox' } };
      return /^\d{1,9}$/.test(args) ? { kind: 'local', command: { name: 'mailbox', message: Number(args) } } : { kind: 'invalid', message: 'usage: /mailbox [N]' };
    case 'probe':
      return args.toLowerCase() === 'tls' ? { kind: 'local', command: { name: 'probeTls' } } : { kind: 'invalid', message: 'usage: /probe tls' };
    case 'quit':
    case 'exit':
      return none({ name: 'quit' });
    case 'connect':
      return rest.length === 1 && args !== '' ? connectTo(args) : { kind: 'invalid', message: 'usage: /connect HOST[:PORT]' };
    case 'export':
      return args === '' ? { kind: 'invalid', message: 'usage: /export FILE (.txt, .md or .json)' } : { kind: 'local', command: { name: 'export', file: args } };
    case 'export-chain':
      return args === '' ? { kind: 'invalid', message: 'usage: /export-chain FILE' } : { kind: 'local', command: { name: 'exportChain', file: args } };
    case 'send-file':
      return args === '' ? { kind: 'invalid', message: 'usage: /send-file FILE (after DATA and its 354)' } : { kind: 'local', command: { name: 'sendFile', file: args } };
    case 'set': {
      if (args === '') return { kind: 'local', command: { name: 'set' } };
      const [variable = ''] = rest;
      if (!VARIABLE.test(variable)) return { kind: 'invalid', message: `"${variable}" is not a variable name (letters, digits, _)` };
      const value = args.slice(variable.length).trim();
      return { kind: 'local', command: { name: 'set', variable, ...(value !== '' ? { value } : {}) } };
    }
    default:
      return { kind: 'invalid', message: `unknown command /${word} (type /help; // sends a literal /)` };
  }
}

/** A target that cannot be one stays in the input to be fixed, like any other mistyped command. */
function connectTo(text: string): Typed {
  try {
    return { kind: 'local', command: { name: 'connect', target: parseTarget(text) } };
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
}
