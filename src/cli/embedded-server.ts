/** No host given: start the built-in workshop server (a scenario of it) on a free loopback port. Loaded only when needed. */
import type { WorkshopServer } from '../server/builtin.js';
import type { Scenario, ScenarioSettings } from '../server/scenarios/index.js';
import { startScenario } from '../server/scenarios/start.js';
import type { Target } from './args.js';
import { resolveScenario } from './scenario-choice.js';

export interface Embedded {
  target: Target;
  /** What is running, with its lesson for the explorer's side note. */
  scenario: Scenario;
  /** Its mailbox (`mailbox`, `onMessage`) for /mailbox; `secure` when clients must start with TLS. */
  server: WorkshopServer;
  close(): Promise<void>;
}

export async function startEmbedded(name?: string, settings?: ScenarioSettings): Promise<Embedded> {
  const scenario = resolveScenario(name);
  const server = await startScenario(scenario, { port: 0, ...(settings ? { settings } : {}) });
  return { target: { host: server.host, port: server.port }, scenario, server, close: () => server.close() };
}
