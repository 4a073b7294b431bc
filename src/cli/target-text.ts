/**
 * The positional target as typed → host and port: host[:port], [IPv6]:port or a bare IPv6 address; and the name
 * --servername gives. Each mistake a usage error.
 */
import { isIP, isIPv4 } from 'node:net';
import { UsageError } from './args.js';
import type { Target } from './args.js';

const DEFAULT_PORT = 25;

/** Non-ASCII passes: whether an internationalised name resolves is the resolver's to say. */
const NOT_IN_A_HOST_NAME = /[^\w.\u00a1-\uffff-]/;

/** scheme:// as a URL begins. */
export const URL_START = /^[a-z][a-z\d+.-]*:\/\//i;

/** "try HOST" for a URL typed where a host goes; undefined for anything else. */
function urlAdvice(text: string): string | undefined {
  if (!URL_START.test(text)) return undefined;
  const bare = text.slice(text.indexOf('//') + 2).split('/')[0];
  return bare ? `try ${bare}` : `"${text}" names no host`;
}

export function parseTarget(text: string): Target {
  const url = urlAdvice(text);
  if (url) throw new UsageError(`give host[:port], not a URL: ${url}`);
  if (text.startsWith('[')) return bracketedTarget(text);
  // Only an IPv6 address has two colons; asking isIP first of every target compiled its IPv6 pattern (~2 ms of each start).
  if (text.indexOf(':') !== text.lastIndexOf(':')) {
    if (isIP(text) === 6) return { host: text, port: DEFAULT_PORT };
    throw new UsageError(`"${text}" has more than one colon: an IPv6 address with a port goes in brackets, e.g. [::1]:25`);
  }
  const colon = text.indexOf(':');
  const host = colon === -1 ? text : text.slice(0, colon);
  if (!host) throw new UsageError(`no host in "${text}"`);
  if (NOT_IN_A_HOST_NAME.test(host)) throw new UsageError(`"${host}" cannot be a host name: it holds only letters, digits, "-" and "."`);
  return { host, port: colon === -1 ? DEFAULT_PORT : parsePort(text.slice(colon + 1)) };
}

function bracketedTarget(text: string): Target {
  const close = text.indexOf(']');
  if (close === -1) throw new UsageError(`unclosed [ in the target "${text}": write [IPv6]:port, e.g. [::1]:25`);
  const host = text.slice(1, close);
  // Fewer than two colons is no IPv6 address: isIP is not asked (see above).
  if (host.indexOf(':') === host.lastIndexOf(':') || isIP(host) !== 6) {
    throw new UsageError(`"${host}" is not an IPv6 address: brackets hold an IPv6 address, e.g. [::1]:25`);
  }
  const rest = text.slice(close + 1);
  if (rest === '') return { host, port: DEFAULT_PORT };
  if (!rest.startsWith(':')) throw new UsageError(`"${text}": after the ] comes :port or nothing, as in [IPv6]:port`);
  return { host, port: parsePort(rest.slice(1)) };
}

/** An address literal ignores -4/-6 (the connection would go the other way, silently). */
export function checkFamily(target: Target, values: { readonly '4'?: boolean; readonly '6'?: boolean }): void {
  if (values['4'] && target.host.includes(':')) throw new UsageError(`-4 asks for IPv4, but ${target.host} is an IPv6 address`);
  // Asked only with -6, so an ordinary start compiles no address pattern.
  if (values['6'] && isIPv4(target.host)) throw new UsageError(`-6 asks for IPv6, but ${target.host} is an IPv4 address`);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new UsageError(`"${text}" is not a port number (1-65535)`);
  return port;
}

/** SNI carries a DNS host name (RFC 6066 §3): not a URL, not an address, no empty label, no final dot. */
export function checkServername(name: string): void {
  const url = urlAdvice(name);
  if (url) throw new UsageError(`--servername takes a host name, not a URL: ${url}`);
  if (name === '') throw new UsageError('--servername takes a host name (--no-sni sends none)');
  // Asked only when the flag is given, and isIP only of a name with two colons (see parseTarget).
  const bare = name.replace(/^\[(.*)\]$/, '$1');
  if (bare.indexOf(':') !== bare.lastIndexOf(':') ? isIP(bare) === 6 : /^[\d.]+$/.test(name) && isIPv4(name)) {
    throw new UsageError(
      `--servername ${name}: SNI carries a host name, not an IP address (RFC 6066); a connection to an IP address sends no SNI unless you name a host`,
    );
  }
  const wrong = `--servername "${name}" cannot be a host name:`;
  if (NOT_IN_A_HOST_NAME.test(name)) throw new UsageError(`${wrong} it holds only letters, digits, "-" and "."`);
  const labels = name.split('.');
  if (labels.includes('')) throw new UsageError(`${wrong} it begins or ends with a dot, or has two in a row (SNI takes no final dot)`);
  if (name.length > 253 || labels.some((label) => label.length > 63)) {
    throw new UsageError(`${wrong} it is at most 253 characters, each part between dots at most 63`);
  }
}
