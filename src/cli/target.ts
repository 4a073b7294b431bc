/** Which server a run talks to: the one named on the command line, or the built-in one started for it. */
import type { ClientFlags } from './args.js';
import type { Embedded } from './embedded-server.js';

export async function resolveTarget(client: ClientFlags): Promise<{ client: ClientFlags; embedded?: Embedded }> {
  if (client.target) return { client };
  const { startEmbedded } = await import('./embedded-server.js');
  const embedded = await startEmbedded(client.scenario);
  // An implicit-TLS scenario is met the way it must be: with the handshake first.
  return { client: { ...client, target: embedded.target, tlsOnConnect: client.tlsOnConnect || embedded.server.secure }, embedded };
}
