// The catalogue of workshop scenarios, in the order a workshop meets them. Loading it starts nothing.
import { authAnywhere } from './auth-anywhere.js';
import { defaultScenario } from './default.js';
import { expiredCert } from './expired-cert.js';
import { greylist } from './greylist.js';
import { implicitTls } from './implicit-tls.js';
import { legacyTls10 } from './legacy-tls10.js';
import { requireTls } from './require-tls.js';
import { slow } from './slow.js';
import { smugglingVulnerable } from './smuggling-vulnerable.js';
import { stripStarttls } from './strip-starttls.js';
import { tls12Only } from './tls12-only.js';
import type { Lesson, Scenario } from './types.js';
import { wrongHost } from './wrong-host.js';

export type { Lesson, Scenario, ScenarioSettings, ServerSpec } from './types.js';

export const DEFAULT_SCENARIO: Scenario = defaultScenario;

const SCENARIOS: readonly Scenario[] = [
  defaultScenario,
  requireTls,
  stripStarttls,
  authAnywhere,
  implicitTls,
  tls12Only,
  legacyTls10,
  expiredCert,
  wrongHost,
  greylist,
  slow,
  smugglingVulnerable,
];

export function listScenarios(): readonly Scenario[] {
  return SCENARIOS;
}

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

export function lessonFor(name: string): Lesson | undefined {
  return scenarioByName(name)?.lesson;
}
