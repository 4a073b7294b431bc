/**
 * The explorer's entry, reached from cli.ts by a dynamic import. The build makes it a bundle of its own, loaded
 * through V8's code cache (scripts/bundle.ts, cli/code-cache.ts), so only plain data crosses into it.
 */
import type { ClientFlags } from '../cli/args.js';
import { connectionOptions } from '../cli/connection-options.js';
import { resolveScenario } from '../cli/scenario-choice.js';
import { runInteractive } from './run-interactive.js';

export function interactiveMain(flags: ClientFlags): Promise<number> {
  if (flags.target) return runInteractive({ client: flags, connection: connectionOptions(flags, flags.target) });
  // An unknown scenario is a usage error before the screen changes; the server itself, with its certificate
  // library, loads and starts after the first frame.
  const scenario = resolveScenario(flags.scenario);
  return runInteractive({
    client: flags,
    // The built-in server's host and port are filled in once it listens (Session.serverStarted).
    connection: connectionOptions(flags, { host: '', port: 0 }),
    workshop: { scenario, start: async () => (await import('../cli/embedded-server.js')).startEmbedded(scenario.name) },
  });
}
