/** A TCP connection under its own deadline, told with both ends' addresses once it is up. */
import net from 'node:net';
import type { ConnectionOptions } from './connection-events.js';
import { SmtpError } from './errors.js';
import { hostPort } from './host-port.js';

export interface TcpConnectHooks {
  onTimeout(error: SmtpError): void;
  onConnect(addresses: { remote: string; local: string }): void;
}

/** `stopClock` is for the socket's first error or close, which ends the attempt before the deadline. */
export function connectTcp(
  target: Pick<ConnectionOptions, 'host' | 'port' | 'family'>,
  timeoutMs: number,
  hooks: TcpConnectHooks,
): { socket: net.Socket; stopClock: () => void } {
  const { host, port, family } = target;
  const socket = net.connect({ host, port, ...(family ? { family } : {}) });
  socket.setNoDelay(true);
  const timer = setTimeout(() => {
    hooks.onTimeout(new SmtpError('timeout', `no TCP connection to ${hostPort(host, port)} within ${timeoutMs / 1000} s`));
  }, timeoutMs);
  socket.once('connect', () => {
    clearTimeout(timer);
    // A reset in the same instant leaves the socket without addresses: the target asked for still names one end.
    const remote = socket.remoteAddress ? hostPort(socket.remoteAddress, socket.remotePort ?? port) : hostPort(host, port);
    const local = socket.localAddress ? hostPort(socket.localAddress, socket.localPort ?? 0) : 'an unknown address';
    hooks.onConnect({ remote, local });
  });
  return { socket, stopClock: () => clearTimeout(timer) };
}
