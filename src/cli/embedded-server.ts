/** No host given: start the built-in workshop server on a free loopback port. Loaded only when needed. */
import type { Target } from './args.js';

export interface Embedded {
  target: Target;
  close(): Promise<void>;
}

export async function startEmbedded(): Promise<Embedded> {
  const { startBuiltinServer } = await import('../server/builtin.js');
  const server = await startBuiltinServer({ port: 0 });
  return { target: { host: server.host, port: server.port }, close: () => server.close() };
}
