/** EHLO reply → the extensions a server offers, and how they changed across STARTTLS. */
import type { Reply } from './reply.js';
import { receivedText } from './reply.js';

export interface Capability {
  /** Upper-cased; the legacy `AUTH=PLAIN LOGIN` form is listed as AUTH. */
  keyword: string;
  params: string[];
  /** The line, decoded. */
  line: string;
  /** The line as the server sent it, keyword case and any bytes that are not UTF-8 included: what to show. */
  asReceived: Uint8Array | string;
}

export interface Capabilities {
  /** First word of the first line. */
  domain: string;
  /** The rest of the first line. */
  greeting: string;
  /** Every extension line in order, unknown and malformed ones included. */
  list: Capability[];
  /** RFC 1870 limit in octets; 0 when SIZE is offered without a usable limit; absent when not offered. */
  size?: number;
  pipelining: boolean;
  starttls: boolean;
  /** Upper-cased mechanisms, from AUTH and legacy AUTH= lines merged, without repeats. */
  auth: string[];
  eightBitMime: boolean;
  smtpUtf8: boolean;
  chunking: boolean;
  dsn: boolean;
  enhancedStatusCodes: boolean;
  requireTls: boolean;
  binaryMime: boolean;
  /** RFC 9422 LIMITS, by upper-cased name (MAILMAX, RCPTMAX, RCPTDOMAINMAX…). */
  limits: Record<string, number>;
  /** What was odd about the reply, in words (they quote server text: show them through printable). */
  problems: string[];
}

// RFC 5321 §4.1.1.1: ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
const KEYWORD = /^[A-Z0-9][A-Z0-9-]*$/;
const FLAGS = {
  PIPELINING: 'pipelining',
  STARTTLS: 'starttls',
  '8BITMIME': 'eightBitMime',
  SMTPUTF8: 'smtpUtf8',
  CHUNKING: 'chunking',
  DSN: 'dsn',
  ENHANCEDSTATUSCODES: 'enhancedStatusCodes',
  REQUIRETLS: 'requireTls',
  BINARYMIME: 'binaryMime',
} as const satisfies Record<string, keyof Capabilities>;

function isFlag(keyword: string): keyword is keyof typeof FLAGS {
  return Object.hasOwn(FLAGS, keyword);
}

function noCapabilities(): Capabilities {
  return {
    domain: '',
    greeting: '',
    list: [],
    pipelining: false,
    starttls: false,
    auth: [],
    eightBitMime: false,
    smtpUtf8: false,
    chunking: false,
    dsn: false,
    enhancedStatusCodes: false,
    requireTls: false,
    binaryMime: false,
    limits: {},
    problems: [],
  };
}

/** A reply other than 2xx offers nothing: the result is empty. Without `raw`, lines are shown as decoded. */
export function parseEhlo(reply: Pick<Reply, 'code' | 'lines'> & Partial<Pick<Reply, 'raw'>>): Capabilities {
  const caps = noCapabilities();
  if (reply.code < 200 || reply.code > 299) return caps;
  const [first = '', ...rest] = reply.lines;
  const [domain = '', greeting = ''] = splitFirstWord(first);
  caps.domain = domain;
  caps.greeting = greeting;
  const seen = new Set<string>();
  rest.forEach((line, index) => {
    const where = `line ${index + 2}`;
    const capability = parseLine(line);
    if (!capability) {
      caps.problems.push(`${where} is empty`);
      return;
    }
    const { keyword, params } = capability;
    if (!KEYWORD.test(keyword)) caps.problems.push(`${where}: "${keyword}" is not a valid EHLO keyword`);
    // AUTH and AUTH= side by side is the usual way to serve old clients, not a repeat.
    const seenAs = capability.legacyAuth ? 'AUTH=' : keyword;
    const repeated = seen.has(seenAs);
    if (repeated) caps.problems.push(`${where}: ${keyword} is offered more than once`);
    seen.add(seenAs);
    caps.list.push({ keyword, params, line, asReceived: (reply.raw && receivedText({ raw: reply.raw }, index + 1)) ?? line });
    if (isFlag(keyword)) caps[FLAGS[keyword]] = true;
    else if (keyword === 'AUTH') addUnique(caps.auth, params.map((mechanism) => mechanism.toUpperCase()));
    else if (keyword === 'SIZE' && !repeated) caps.size = parseSize(params, where, caps.problems);
    else if (keyword === 'LIMITS') parseLimits(params, where, caps);
  });
  return caps;
}

function splitFirstWord(text: string): string[] {
  const trimmed = text.trim();
  const gap = trimmed.search(/[ \t]/);
  return gap < 0 ? [trimmed] : [trimmed.slice(0, gap), trimmed.slice(gap).trimStart()];
}

function parseLine(line: string): { keyword: string; params: string[]; legacyAuth: boolean } | undefined {
  const [word, ...params] = line.trim().split(/[ \t]+/);
  if (!word) return undefined;
  const upper = word.toUpperCase();
  // Keywords are case-insensitive; one that is no keyword at all stays as sent, as the evidence it is.
  if (!upper.startsWith('AUTH=')) return { keyword: KEYWORD.test(upper) ? upper : word, params, legacyAuth: false };
  const firstMechanism = word.slice('AUTH='.length);
  return { keyword: 'AUTH', params: firstMechanism ? [firstMechanism, ...params] : params, legacyAuth: true };
}

function parseSize(params: string[], where: string, problems: string[]): number {
  const [limit] = params;
  if (limit === undefined) return 0;
  if (/^\d+$/.test(limit)) return Number(limit);
  problems.push(`${where}: SIZE limit "${limit}" is not a number; taken as no limit stated`);
  return 0;
}

function parseLimits(params: string[], where: string, caps: Capabilities): void {
  for (const param of params) {
    const match = /^([A-Za-z0-9-]+)=(\d+)$/.exec(param);
    if (match) caps.limits[match[1]!.toUpperCase()] = Number(match[2]);
    else caps.problems.push(`${where}: LIMITS parameter "${param}" is not NAME=number`);
  }
}

function addUnique(list: string[], items: string[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

export type CapabilityChange =
  | { kind: 'appeared'; keyword: string; params: string[] }
  | { kind: 'disappeared'; keyword: string; params: string[] }
  | { kind: 'changed'; keyword: string; before: string[]; after: string[] }
  /** STARTTLS offered again inside TLS, which RFC 3207 §4.2 forbids. */
  | { kind: 'still-offered'; keyword: 'STARTTLS' };

/** What differs between the capabilities before STARTTLS (untrusted) and after it. */
export function diffCapabilities(pre: Capabilities, post: Capabilities): CapabilityChange[] {
  const before = byKeyword(pre);
  const after = byKeyword(post);
  const changes: CapabilityChange[] = [];
  for (const [keyword, params] of after) {
    const old = before.get(keyword);
    if (old === undefined) changes.push({ kind: 'appeared', keyword, params });
    else if (!sameParams(keyword, old, params)) changes.push({ kind: 'changed', keyword, before: old, after: params });
    else if (keyword === 'STARTTLS') changes.push({ kind: 'still-offered', keyword });
  }
  for (const [keyword, params] of before) {
    if (!after.has(keyword)) changes.push({ kind: 'disappeared', keyword, params });
  }
  return changes;
}

// The first line of each keyword speaks for it, except AUTH, whose mechanisms are merged over all lines.
function byKeyword(caps: Capabilities): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { keyword, params } of caps.list) {
    if (!map.has(keyword)) map.set(keyword, keyword === 'AUTH' ? caps.auth : params);
  }
  return map;
}

function sameParams(keyword: string, a: string[], b: string[]): boolean {
  const normal = (params: string[]) => {
    const upper = params.map((param) => param.toUpperCase());
    return (keyword === 'AUTH' ? upper.sort() : upper).join(' ');
  };
  return normal(a) === normal(b);
}

/** One sentence per change. They quote server text: show them through printable. */
export function describeChanges(changes: CapabilityChange[]): string[] {
  return changes.map((change) => {
    switch (change.kind) {
      case 'appeared':
        return `${withParams(change.keyword, change.params)} appeared after STARTTLS${
          change.keyword === 'AUTH' ? ' (usual: many servers offer AUTH only over TLS)' : ''
        }`;
      case 'disappeared':
        return change.keyword === 'STARTTLS'
          ? 'STARTTLS disappeared after STARTTLS, as it should: TLS is already active (RFC 3207 §4.2)'
          : `${withParams(change.keyword, change.params)} disappeared after STARTTLS`;
      case 'changed':
        return `${change.keyword} changed from ${paramsText(change.before)} to ${paramsText(change.after)}`;
      case 'still-offered':
        return 'STARTTLS is still offered after STARTTLS, which RFC 3207 §4.2 forbids';
    }
  });
}

function withParams(keyword: string, params: string[]): string {
  return [keyword, ...params].join(' ');
}

function paramsText(params: string[]): string {
  return params.length > 0 ? params.join(' ') : '(no parameters)';
}
