/**
 * A TCP relay that keeps how the client's bytes arrived, read by read. On loopback a client's write of a few
 * hundred bytes arrives as one read, and the client waits for a reply before its next unpipelined write, so each
 * recorded chunk is one write of the client.
 */
import net from 'node:net';

export interface ChunkProxy {
  port: number;
  /** Per connection, in order: the client's bytes as each read brought them. */
  connections: Buffer[][];
  close(): Promise<void>;
}

export async function startChunkProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<ChunkProxy> {
  const connections: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const chunks: Buffer[] = [];
    connections.push(chunks);
    const upstream = net.connect({ host: upstreamHost, port: upstreamPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
