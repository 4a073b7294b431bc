/** Which script lines may go out together in one write under PIPELINING (RFC 2920). */
import { classifyCommand } from '../core/command.js';
import type { Verb } from '../core/command.js';
import type { ScriptStep } from './script-file.js';

/** RFC 2920 §3.1: these may sit anywhere in a group. */
const GROUPABLE: ReadonlySet<Verb> = new Set(['RSET', 'MAIL', 'RCPT']);
/**
 * These change what comes next, so they may only end a group. EHLO, QUIT and STARTTLS (RFC 3207 §4.2) are
 * left out: they renew or end the session, so they go alone.
 */
const LAST_ONLY: ReadonlySet<Verb> = new Set(['DATA', 'NOOP', 'VRFY', 'EXPN']);

/** How many commands from `start` make one pipelined group; under 2 means there is nothing to pipeline. */
export function groupLength(steps: readonly ScriptStep[], start: number): number {
  const verbIn = (set: ReadonlySet<Verb>, i: number): boolean => {
    const step = steps[i];
    return step?.kind === 'command' && set.has(classifyCommand(step.line).verb);
  };
  let end = start;
  while (verbIn(GROUPABLE, end)) end++;
  if (end > start && verbIn(LAST_ONLY, end)) end++;
  return end - start;
}
