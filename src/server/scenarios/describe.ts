// Scenarios and lessons as plain lines: --list-scenarios prints them, the explorer's side note shows them.
import type { Lesson, Scenario } from './types.js';

/** `name  summary`, names padded so the summaries line up. */
export function scenarioLines(scenarios: readonly Scenario[], options: { verbose?: boolean } = {}): string[] {
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length));
  return scenarios.flatMap((scenario, i) => [
    ...(options.verbose && i > 0 ? [''] : []),
    `${scenario.name.padEnd(width)}  ${scenario.summary}`,
    ...(options.verbose ? lessonLines(scenario.lesson).map((line) => `    ${line}`) : []),
  ]);
}

/** The lesson in three parts, one item per line; lines are not wrapped. */
export function lessonLines(lesson: Lesson): string[] {
  return [
    lesson.demonstrates,
    'Try:',
    ...lesson.try.map((item) => `  - ${item}`),
    'Look for:',
    ...lesson.lookFor.map((item) => `  - ${item}`),
  ];
}

/** For a name that is not a scenario: the sentence a usage error shows. */
export function unknownScenario(name: string, scenarios: readonly Scenario[]): string {
  return `no scenario "${name}"; there are: ${scenarios.map((scenario) => scenario.name).join(', ')}`;
}
