/**
 * A server that answers FLOOD with 100,000 lines in one second: 100 multi-line replies of 1,000 lines, sent in
 * 20 bursts 50 ms apart, then a last reply saying END-OF-FLOOD. Anything else gets a 250, QUIT a 221.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export const FLOOD_LINES = 100_000;
const REPLY_LINES = 1_000;
const BURSTS = 20;
const BURST_EVERY_MS = 50;

function floodReplies(): Buffer[] {
  const replies: string[] = [];
  for (let line = 0; line < FLOOD_LINES; line++) {
    const last = line % REPLY_LINES === REPLY_LINES - 1;
    replies.push(`250${last ? ' ' : '-'}flood line ${String(line + 1).padStart(6, '0')} of ${FLOOD_LINES}\r\n`);
  }
  const perBurst = FLOOD_LINES / BURSTS;
  return Array.from({ length: BURSTS }, (_, burst) => Buffer.from(replies.slice(burst * perBurst, (burst + 1) * perBurst).join('')));
}

export interface FloodServer {
  port: number;
  close(): Promise<void>;
}

export async function startFloodServer(): Promise<FloodServer> {
  const bursts = floodReplies();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('220 flood.test ESMTP\r\n');
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, end).toUpperCase();
        buffered = buffered.slice(end + 2);
        if (line === 'FLOOD') {
          socket.write('250 flooding\r\n');
          bursts.forEach((burst, i) => setTimeout(() => socket.writable && socket.write(burst), (i + 1) * BURST_EVERY_MS));
          setTimeout(() => socket.writable && socket.write('250 END-OF-FLOOD\r\n'), (BURSTS + 1) * BURST_EVERY_MS);
        } else if (line === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
