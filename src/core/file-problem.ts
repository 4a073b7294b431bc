/** What went wrong with a file, in words naming it rather than as Node's `ENOENT: no such file or directory, open '…'`. */
import { dirname } from 'node:path';

/** The words for the errors that are the system's, not the file's name or kind: said the same with a file or without. */
const SYSTEM_WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
};

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** What went wrong with FILE, in words naming it; Node's own message for anything rarer. */
export function fileProblem(error: unknown, file: string, doing: 'write' | 'read'): string {
  const code = codeOf(error);
  switch (code) {
    case 'ENOENT':
      return doing === 'write' ? `no such directory: ${dirname(file)} (for ${file})` : `no such file: ${file}`;
    case 'ENOTDIR':
      return `${file}: a part of its path is a file, not a directory`;
    case 'EISDIR':
      return `${file} is a directory`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `${SYSTEM_WORDS[code]}: ${file} was not written`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'ENAMETOOLONG':
    case 'ELOOP':
      return `${SYSTEM_WORDS[code]}: ${file}`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * What went wrong where there is no file to name (standard output could not be written): fileProblem's words where
 * it has them (`disk full`), else the system's own without Node's wrapping (`i/o error`, not `EIO: i/o error, write`).
 */
export function systemProblem(error: unknown): string {
  const words = SYSTEM_WORDS[codeOf(error) ?? ''];
  if (words) return words;
  const message = error instanceof Error ? error.message : String(error);
  return /^E[A-Z0-9]+: (.+?), \w+$/.exec(message)?.[1] ?? message;
}
