/** A script is the session as typed: one command per line; after DATA, the body up to a lone ".". */
import { checkCommandLine, classifyCommand, redactedResponse } from '../core/command.js';
import { isEndOfData } from '../core/data.js';
import { printable } from '../core/printable.js';

export type ScriptStep =
  | {
      kind: 'command';
      line: string;
      lineNumber: number;
      /** Follows AUTH (or another such line) and names no command: the answer to a 334, so maybe a credential. */
      answersAuth?: true;
    }
  | { kind: 'body'; lines: string[]; lineNumber: number };

/** With `bodyFromFile`, DATA takes its body from elsewhere and every line of the script is a command. */
export function parseScript(text: string, options: { bodyFromFile?: boolean } = {}): ScriptStep[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const steps: ScriptStep[] = [];
  let afterAuth = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const { verb } = classifyCommand(line);
    const answersAuth: boolean = afterAuth && verb === 'OTHER';
    afterAuth = verb === 'AUTH' || answersAuth;
    steps.push({ kind: 'command', line, lineNumber: i + 1, ...(answersAuth ? { answersAuth } : {}) });
    if (verb !== 'DATA') continue;
    if (options.bodyFromFile) {
      steps.push({ kind: 'body', lines: [], lineNumber: i + 2 });
      continue;
    }
    const start = i + 1;
    let end = start;
    while (end < lines.length && !isEndOfData(lines[end]!)) end++;
    // A body without its closing "." still ends the message: the runner sends the dot.
    steps.push({ kind: 'body', lines: lines.slice(start, end), lineNumber: start + 1 });
    i = end;
  }
  return steps;
}

/**
 * With the body from a file, the script carries no body of its own: a lone "." anywhere after a DATA ends one, and
 * a line naming no command right after DATA starts one. Either would otherwise go out line by line as commands.
 */
export function ownBodyLine(steps: ScriptStep[]): { line: string; lineNumber: number } | undefined {
  const afterData = steps.findIndex((step) => step.kind === 'body');
  if (afterData < 0) return undefined;
  for (const [i, step] of steps.entries()) {
    const next = steps[i + 1];
    if (step.kind !== 'body' || next?.kind !== 'command') continue;
    if (classifyCommand(next.line).verb === 'OTHER') return next;
  }
  return steps.slice(afterData).find((step): step is Extract<ScriptStep, { kind: 'command' }> => step.kind === 'command' && step.line === '.');
}

/**
 * Lines that cannot go out as one line each (CR, LF or NUL inside), found before anything is sent: one sentence
 * per line, quoting it escaped. A line that may answer a 334 is never quoted.
 */
export function scriptProblems(steps: ScriptStep[]): string[] {
  const problems: string[] = [];
  for (const step of steps) {
    if (step.kind === 'body') {
      step.lines.forEach((line, i) => {
        const { error } = checkCommandLine(line, 'data');
        if (error) problems.push(`line ${step.lineNumber + i}: ${error}: ${printable(line)}`);
      });
      continue;
    }
    const response = step.answersAuth === true;
    const { error } = checkCommandLine(step.line, response ? 'auth' : 'command');
    if (error) problems.push(`line ${step.lineNumber}: ${error}: ${printable(response ? redactedResponse(step.line) : classifyCommand(step.line).display)}`);
  }
  return problems;
}
