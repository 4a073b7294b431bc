/** `serve`'s flags → its invocation: --port, --listen and --scenario; a client's flag is a usage error, not ignored. */
import { isIP } from 'node:net';
import { flagName, UsageError } from './args.js';
import type { Invocation, Values } from './args.js';
import { URL_START } from './target-text.js';

const SERVE_FLAGS: ReadonlySet<string> = new Set(['port', 'listen', 'scenario']);

export function serveInvocation(values: Values, positionals: string[]): Extract<Invocation, { mode: 'serve' }> {
  if (positionals.length > 1) throw new UsageError(`serve takes no host, got: ${positionals.slice(1).join(' ')}`);
  const client = Object.keys(values).find((name) => !SERVE_FLAGS.has(name));
  if (client !== undefined) throw new UsageError(`${flagName(client)} is for the client, not for serve`);
  return {
    mode: 'serve',
    port: values.port === undefined ? 0 : servePort(values.port),
    listen: values.listen === undefined ? '127.0.0.1' : listenAddress(values.listen),
    ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
  };
}

function servePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port takes a port number from 0 to 65535 (0 picks a free one), not "${text}"`);
  return port;
}

/** The address as Node's listen takes it: an IPv6 address without brackets, and no port (that is --port's). */
function listenAddress(text: string): string {
  if (text === '') throw new UsageError('--listen takes an address of this machine, e.g. 127.0.0.1, or 0.0.0.0 or :: for every interface');
  if (URL_START.test(text)) throw new UsageError(`--listen takes an address, not a URL: "${text}"`);
  if (text.startsWith('[')) return bracketedAddress(text);
  const colon = text.indexOf(':');
  if (colon === -1) return text;
  if (colon === text.lastIndexOf(':')) throw withPort(text, text.slice(0, colon), text.slice(colon + 1));
  // Only an IPv6 address has two colons, so isIP is asked of no other address (see parseTarget).
  if (isIP(text) === 6) return text;
  throw new UsageError(`--listen "${text}" is not an IPv6 address (a port goes with --port)`);
}

function bracketedAddress(text: string): string {
  const close = text.indexOf(']');
  const address = close === -1 ? '' : text.slice(1, close);
  if (address.indexOf(':') === address.lastIndexOf(':') || isIP(address) !== 6) {
    throw new UsageError(`--listen "${text}": brackets hold an IPv6 address, e.g. --listen [::1]`);
  }
  const rest = text.slice(close + 1);
  if (rest !== '') throw withPort(text, address, rest.startsWith(':') ? rest.slice(1) : rest);
  return address;
}

function withPort(text: string, address: string, port: string): UsageError {
  return /^\d+$/.test(port)
    ? new UsageError(`--listen takes the address alone: give the port with --port, as in --listen ${address} --port ${port}`)
    : new UsageError(`--listen "${text}" is not an address`);
}
