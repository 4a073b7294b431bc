/**
 * The explorer's entry, reached from cli.ts by a dynamic import. The build makes it a bundle of its own, loaded
 * through V8's code cache (scripts/bundle.ts, cli/code-cache.ts), so only plain data crosses into it.
 */
import type { ClientFlags } from '../cli/args.js';
import { connectionOptions } from '../cli/connection-options.js';
import { resolveTarget } from '../cli/target.js';
import { runInteractive } from './run-interactive.js';

export async function interactiveMain(flags: ClientFlags): Promise<number> {
  const { client, embedded } = await resolveTarget(flags);
  try {
    return await runInteractive({
      client,
      connection: connectionOptions(client, client.target!),
      ...(embedded ? { workshop: { scenario: embedded.scenario, server: embedded.server } } : {}),
    });
  } finally {
    await embedded?.close();
  }
}
