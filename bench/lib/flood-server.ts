/**
 * A server for P2's flood and the memory soak. Each FLOOD is answered with a 1,000-line reply, paced so that
 * the FLOOD_REPLIES replies (100,000 lines) leave within one second of the first FLOOD; the last line of the last
 * one says END-OF-FLOOD. Every other command gets a one-line 250, QUIT a 221.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export const FLOOD_REPLIES = 100;
export const FLOOD_REPLY_LINES = 1_000;
export const FLOOD_END = 'END-OF-FLOOD';
const FLOOD_MS = 1000;

function floodReply(index: number): Buffer {
  const lines: string[] = [];
  for (let line = 1; line <= FLOOD_REPLY_LINES; line++) {
    const number = String(index * FLOOD_REPLY_LINES + line).padStart(6, '0');
    const last = line === FLOOD_REPLY_LINES;
    const text = last && index === FLOOD_REPLIES - 1 ? FLOOD_END : `flood line ${number} of ${FLOOD_REPLIES * FLOOD_REPLY_LINES}`;
    lines.push(`250${last ? ' ' : '-'}${text}\r\n`);
  }
  return Buffer.from(lines.join(''));
}

export interface FloodServer {
  port: number;
  close(): Promise<void>;
}

export async function startFloodServer(): Promise<FloodServer> {
  const replies = Array.from({ length: FLOOD_REPLIES }, (_, index) => floodReply(index));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('220 flood.test ESMTP\r\n');
    let buffered = '';
    let floods = 0;
    let firstFlood = 0;
    const answer = (line: string): void => {
      if (line !== 'FLOOD') {
        socket.write(line === 'QUIT' ? '221 bye\r\n' : '250 OK\r\n');
        if (line === 'QUIT') socket.end();
        return;
      }
      if (floods === 0) firstFlood = performance.now();
      const reply = replies[floods % FLOOD_REPLIES]!;
      const due = firstFlood + ((floods % FLOOD_REPLIES) * FLOOD_MS) / FLOOD_REPLIES;
      floods += 1;
      setTimeout(() => socket.writable && socket.write(reply), Math.max(0, due - performance.now()));
    };
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, end).toUpperCase();
        buffered = buffered.slice(end + 2);
        answer(line);
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
