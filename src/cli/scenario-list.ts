/** `--list-scenarios [--verbose]`, as one module: the build gives each mode a bundle of its own. */
import { scenarioLines } from '../server/scenarios/describe.js';
import { listScenarios } from '../server/scenarios/index.js';

export function scenarioList(verbose: boolean): string {
  return `${scenarioLines(listScenarios(), { verbose }).join('\n')}\n`;
}
