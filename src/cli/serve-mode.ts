/** `smtp-explorer serve [--scenario NAME]`, as one module: the build gives each mode a bundle of its own. */
import type { Invocation } from './args.js';
import { resolveScenario } from './scenario-choice.js';
import { runServe } from '../server/serve.js';

export async function serveMode(invocation: Extract<Invocation, { mode: 'serve' }>): Promise<number> {
  // An unknown scenario is a usage error before anything listens.
  const scenario = invocation.scenario === undefined ? undefined : resolveScenario(invocation.scenario);
  await runServe({ port: invocation.port, listen: invocation.listen, ...(scenario ? { scenario } : {}) });
  return 0;
}
