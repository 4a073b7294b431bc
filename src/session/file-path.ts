/**
 * The FILE of /export, /export-chain and /send-file as people type it: a leading `~` is their home directory, as
 * in a shell (the explorer sees the line before any shell could expand it). What went wrong with it is said by
 * core/file-problem.ts, which the command line's files share.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export type TypedPath = { path: string } | { problem: string };

/** `~` and `~/…` become the home directory; `~user` is refused in words rather than left to fail as a missing file. */
export function expandHome(typed: string, home: string = homedir()): TypedPath {
  if (typed !== '~' && !typed.startsWith('~/')) {
    if (!typed.startsWith('~')) return { path: typed };
    const user = typed.split('/')[0];
    return { problem: `${user}: another user's home (~user) is not supported; type the full path (./${typed} for a file named so here)` };
  }
  if (home === '') return { problem: `${typed}: no home directory to expand ~ to (HOME is not set); type the full path` };
  return { path: typed === '~' ? home : join(home, typed.slice(2)) };
}
