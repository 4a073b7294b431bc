/** Why `serve` could not listen, in one line: these are the user's setup, not bugs, so no stack trace. */
import { hostPort } from '../core/host-port.js';

const REASONS: Record<string, string> = {
  EADDRINUSE: 'the address is in use (another server is on that port; --port 0 picks a free one)',
  EADDRNOTAVAIL: 'this machine has no such address (--listen takes one of its own, e.g. 127.0.0.1 or 0.0.0.0)',
  EACCES: 'permission denied (ports below 1024 need privileges; --port 0 picks a free one)',
  EINVAL: 'not an address this machine can listen on (--listen takes one of its own, e.g. 127.0.0.1 or 0.0.0.0)',
  ENOTFOUND: 'no such host (--listen takes an address or name of this machine, e.g. 127.0.0.1 or 0.0.0.0)',
  EAI_AGAIN: 'the host name could not be looked up (DNS did not answer; an address such as 127.0.0.1 needs no lookup)',
};

/** The sentence for an error from listening or from looking up the address; undefined for any other error. */
export function listenErrorLine(error: unknown, listen: string, port: number): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined || (syscall !== 'listen' && syscall !== 'getaddrinfo')) return undefined;
  const where = port === 0 ? listen : hostPort(listen, port);
  return `cannot listen on ${where}: ${REASONS[code] ?? error.message}`;
}
