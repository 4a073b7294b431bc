/**
 * Templates: the built-ins every session starts with, plus the user's own from
 * `$XDG_CONFIG_HOME/smtp-explorer/templates.json`, and the filling of `{name}` placeholders from variables.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { classifyCommand } from '../core/command.js';
import { xdgDirectory } from '../core/xdg-paths.js';

export type AuthMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2';

interface Named {
  name: string;
  description: string;
  /** Built-in or from the user's file. */
  origin: 'built-in' | 'user';
}

export type Template =
  /** Put in the input line, to edit before sending. */
  | (Named & { kind: 'line'; text: string })
  /** Sent one line at a time, each waiting for the reply to the one before; a refusal stops the rest. */
  | (Named & { kind: 'steps'; steps: string[] })
  /** Asks for user and secret, computes the base64, never shows or stores the secret. */
  | (Named & { kind: 'auth'; mechanism: AuthMechanism });

const SAMPLE_MESSAGE = [
  'From: <{from}>',
  'To: <{to}>',
  'Subject: smtp-explorer test message',
  'Date: {date}',
  'Message-ID: {message_id}',
  '',
  'This message was typed by hand, one SMTP command at a time, with smtp-explorer.',
];

function line(name: string, text: string, description: string): Template {
  return { name, description, origin: 'built-in', kind: 'line', text };
}

function auth(mechanism: AuthMechanism, description: string): Template {
  return { name: `AUTH ${mechanism}`, description, origin: 'built-in', kind: 'auth', mechanism };
}

export const BUILT_IN_TEMPLATES: readonly Template[] = [
  line('EHLO', 'EHLO {helo}', 'introduce yourself and ask for the extensions'),
  line('HELO', 'HELO {helo}', 'the old greeting, without extensions'),
  line('STARTTLS', 'STARTTLS', 'upgrade this connection to TLS'),
  auth('PLAIN', 'user and password in one base64 line (RFC 4616)'),
  auth('LOGIN', 'user, then password, each answering a 334'),
  auth('CRAM-MD5', 'HMAC of the server challenge; the password is never sent'),
  auth('XOAUTH2', 'user and OAuth 2 access token'),
  line('MAIL FROM', 'MAIL FROM:<{from}>', 'start a mail transaction with the sender'),
  line('RCPT TO', 'RCPT TO:<{to}>', 'add a recipient'),
  {
    name: 'DATA with a sample message',
    description: 'DATA, then a short message with Date and Message-ID, then the lone "."',
    origin: 'built-in',
    kind: 'steps',
    steps: ['DATA', ...SAMPLE_MESSAGE, '.'],
  },
  line('RSET', 'RSET', 'abort the mail transaction'),
  line('NOOP', 'NOOP', 'do nothing; checks the server still answers'),
  line('VRFY', 'VRFY {to}', 'ask whether a mailbox exists (most servers decline)'),
  line('HELP', 'HELP', "the server's help text"),
  line('QUIT', 'QUIT', 'end the session'),
  {
    name: 'send a test mail',
    description: 'MAIL FROM, RCPT TO, DATA and the sample message: each command after the reply to the one before',
    origin: 'built-in',
    kind: 'steps',
    steps: ['MAIL FROM:<{from}>', 'RCPT TO:<{to}>', 'DATA', ...SAMPLE_MESSAGE, '.'],
  },
];

/**
 * What a template of steps does when run, in words for the picker: the commands each wait for the reply to the one
 * before, but the message lines after a DATA's 354 get no reply and go out one after another; the lone "." gets one.
 */
export function describeSteps(steps: readonly string[]): string {
  let commands = 0;
  /** Each message's lines, one count per DATA. */
  const messages: number[] = [];
  let inBody = false;
  for (const step of steps) {
    if (inBody) {
      if (step === '.') inBody = false;
      else messages[messages.length - 1]! += 1;
    } else {
      commands += 1;
      if (classifyCommand(step).verb === 'DATA') {
        inBody = true;
        messages.push(0);
      }
    }
  }
  if (messages.length === 0) return commands === 1 ? '1 line' : `${commands} lines, each after the reply to the one before`;
  const first = commands === 1 ? 'DATA' : `${commands} commands, each after the reply to the one before`;
  const plural = (count: number, what: string): string => `${count} ${what}${count === 1 ? '' : 's'}`;
  // Counted per message: two messages of 7 lines are 7 message lines after each 354, not 14.
  const last = messages.at(-1)!;
  const lines = messages.every((count) => count === last)
    ? `${plural(last, 'message line')} (no replies)`
    : `its message (${messages.slice(0, -1).join(', ')}, then ${plural(last, 'line')}; no replies)`;
  return `${first}; after ${messages.length === 1 ? 'the' : 'each'} 354, ${lines}, then the lone "."`;
}

export function templatesPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(xdgDirectory('XDG_CONFIG_HOME', env, home), 'templates.json');
}

/** The user's file: a JSON array of `{name, description?, text}` or `{name, description?, steps: [...]}`. */
export function parseUserTemplates(json: string): { templates: Template[]; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { templates: [], problems: [`templates.json is not JSON: ${(error as Error).message}`] };
  }
  if (!Array.isArray(data)) return { templates: [], problems: ['templates.json must hold an array of templates'] };
  const templates: Template[] = [];
  const problems: string[] = [];
  data.forEach((item: unknown, index) => {
    const template = userTemplate(item);
    if (typeof template === 'string') problems.push(`templates.json item ${index + 1}: ${template}`);
    else templates.push(template);
  });
  return { templates, problems };
}

function userTemplate(item: unknown): Template | string {
  if (typeof item !== 'object' || item === null) return 'not an object';
  const { name, description, text, steps } = item as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') return 'needs a "name"';
  const named = { name, description: typeof description === 'string' ? description : '', origin: 'user' as const };
  const isLine = (value: unknown): value is string => typeof value === 'string' && !/[\r\n]/.test(value);
  if (isLine(text)) return { ...named, kind: 'line', text };
  if (Array.isArray(steps) && steps.length > 0 && steps.every(isLine)) return { ...named, kind: 'steps', steps };
  return `"${name}" needs a one-line "text" or a non-empty "steps" array of one-line strings`;
}

/** Built-ins first, then the user's; a missing file is no templates and no problem. */
export function loadTemplates(file: string): { templates: Template[]; problems: string[] } {
  let json: string;
  try {
    // Read before the first frame, so synchronously (see History.load).
    json = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { templates: [...BUILT_IN_TEMPLATES], problems: missing ? [] : [`${file}: ${(error as Error).message}`] };
  }
  const user = parseUserTemplates(json);
  return { templates: [...BUILT_IN_TEMPLATES, ...user.templates], problems: user.problems };
}

/** Case-insensitive match on name and description, every word of the filter somewhere. */
export function filterTemplates(templates: readonly Template[], filter: string): Template[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return templates.filter((template) => {
    const haystack = `${template.name} ${template.description}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** RFC 5322 date-time in UTC, e.g. `Tue, 28 Nov 2023 16:45:00 +0000`. */
export function messageDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** Values every fill can use besides the variables: a fresh Date and Message-ID. */
export function generatedVariables(vars: Record<string, string>, now: Date = new Date()): Record<string, string> {
  const domain = vars.helo && /^[A-Za-z0-9.-]+$/.test(vars.helo) ? vars.helo : 'smtp-explorer.invalid';
  return { date: messageDate(now), message_id: `<${randomUUID()}@${domain}>`, ...vars };
}

export interface Filled {
  text: string;
  /** Placeholders without a value, in order of appearance. */
  missing: string[];
  /** Where the first missing value was left out, for the cursor. */
  firstGap?: number;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `{name}` by its value; a placeholder without one is left out, and reported. */
export function fill(text: string, values: Record<string, string>): Filled {
  const missing: string[] = [];
  let firstGap: number | undefined;
  let shift = 0;
  const filled = text.replace(PLACEHOLDER, (whole: string, name: string, offset: number) => {
    const value = values[name];
    if (value !== undefined) {
      shift += value.length - whole.length;
      return value;
    }
    if (!missing.includes(name)) missing.push(name);
    firstGap ??= offset + shift;
    shift -= whole.length;
    return '';
  });
  return { text: filled, missing, ...(firstGap !== undefined ? { firstGap } : {}) };
}
