/** A message body of any size onto the socket: dot-stuffed, ended with CRLF.CRLF, written as the socket drains. */
import type net from 'node:net';
import type { Readable } from 'node:stream';
import { createDotStuffer } from './data.js';

/**
 * How much of a streamed body may wait in the socket before the next chunk is read. A socket's own high-water
 * mark (16 KiB) would wait for a drain after every 64 KiB chunk, and over TLS each drain is a round trip through
 * the event loop; with a bound this size the TLS layer takes many chunks per write, and memory stays flat.
 */
export const BODY_QUEUE_BYTES = 1024 * 1024;

function drained(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}

/** Bytes read from the source and written on the wire; throws when the source fails mid-body. */
export async function writeBody(source: Readable, socket: net.Socket, stopped: () => boolean): Promise<{ read: number; wire: number }> {
  let read = 0;
  let wire = 0;
  const stuffer = createDotStuffer();
  source.on('data', (chunk: Buffer) => (read += chunk.length));
  source.on('error', (error) => stuffer.destroy(error));
  try {
    for await (const chunk of source.pipe(stuffer) as AsyncIterable<Buffer>) {
      if (stopped()) break;
      wire += chunk.length;
      socket.write(chunk);
      if (socket.writableLength >= BODY_QUEUE_BYTES) await drained(socket);
    }
  } finally {
    // Stopped early, the source would stay open (a file descriptor per aborted body).
    source.destroy();
  }
  return { read, wire };
}
