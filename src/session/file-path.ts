/**
 * The FILE of /export, /export-chain and /send-file as people type it: a leading `~` is their home directory, as
 * in a shell (the explorer sees the line before any shell could expand it); and what went wrong with it, in words
 * naming it rather than as Node's `ENOENT: no such file or directory, open '…'`.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

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

/** What went wrong with FILE, in words naming it; Node's own message for anything rarer. */
export function fileProblem(error: unknown, file: string, doing: 'write' | 'read'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return doing === 'write' ? `no such directory: ${dirname(file)} (for ${file})` : `no such file: ${file}`;
    case 'ENOTDIR':
      return `${file}: a part of its path is a file, not a directory`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${file}`;
    case 'EISDIR':
      return `${file} is a directory`;
    case 'ENOSPC':
      return `disk full: ${file} was not written`;
    case 'EDQUOT':
      return `disk quota exceeded: ${file} was not written`;
    case 'EROFS':
      return `read-only file system: ${file}`;
    case 'ENAMETOOLONG':
      return `name too long: ${file}`;
    case 'ELOOP':
      return `too many symbolic links: ${file}`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
