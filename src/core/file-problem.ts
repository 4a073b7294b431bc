/** What went wrong with a file, in words naming it rather than as Node's `ENOENT: no such file or directory, open '…'`. */
import { dirname } from 'node:path';

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
