// A scenario made real: its certificate generated, its server listening.
import { startBuiltinServer } from '../builtin.js';
import type { WorkshopServer } from '../builtin.js';
import { generateCertificate } from '../certs.js';
import { startSmugglingServer } from '../smuggling.js';
import type { Scenario, ScenarioSettings } from './types.js';

export interface ScenarioStart {
  /** 0 or absent: a free port. */
  port?: number;
  /** Loopback unless given. */
  host?: string;
  settings?: ScenarioSettings;
}

export async function startScenario(scenario: Scenario, start: ScenarioStart = {}): Promise<WorkshopServer> {
  const spec = scenario.server(start.settings ?? {});
  const where = { port: start.port ?? 0, ...(start.host !== undefined ? { host: start.host } : {}) };
  if (spec.engine === 'naive') return startSmugglingServer(where);
  const certificate = spec.certificate ? await generateCertificate(spec.certificate) : undefined;
  return startBuiltinServer({
    ...spec.options,
    ...where,
    ...(certificate ? { certificate: { keyPem: certificate.keyPem, certPem: certificate.certPem } } : {}),
  });
}
