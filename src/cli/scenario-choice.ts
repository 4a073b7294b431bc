/**
 * A scenario named on the command line. Only the catalogue loads here, none of the server: the explorer checks
 * the name before its first frame and starts the server after it.
 */
import { unknownScenario } from '../server/scenarios/describe.js';
import { DEFAULT_SCENARIO, listScenarios, scenarioByName } from '../server/scenarios/index.js';
import type { Scenario } from '../server/scenarios/index.js';
import { UsageError } from './args.js';

/** The named scenario, or the default one; an unknown name is a usage error. */
export function resolveScenario(name: string = DEFAULT_SCENARIO.name): Scenario {
  const scenario = scenarioByName(name);
  if (!scenario) throw new UsageError(unknownScenario(name, listScenarios()));
  return scenario;
}
