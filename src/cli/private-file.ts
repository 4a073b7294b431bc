/**
 * Files only their owner may read (history, exports, the code cache). The data goes to a new owner-only file
 * that then replaces the target, because writeFile's mode applies only when it creates a file: overwriting in
 * place would keep an existing file's wider permissions. Readers never see a half-written file either.
 */
import { randomUUID } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

const PRIVATE = { mode: 0o600, flag: 'wx' } as const;

function temporaryFor(file: string): string {
  return `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
}

/** The temporary file is this module's business: an error names the file the user asked for. */
function aboutTarget(error: unknown, temporary: string, file: string): unknown {
  if (!(error instanceof Error)) return error;
  const errno = error as NodeJS.ErrnoException;
  // The rename names both files; what the user needs to hear is that the target is a directory.
  if (errno.code === 'EISDIR') return Object.assign(new Error(`${file} is a directory`), { code: errno.code, path: file });
  error.message = error.message.replaceAll(temporary, file);
  if (errno.path === temporary) errno.path = file;
  return error;
}

export async function writePrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryFor(file);
  try {
    await writeFile(temporary, data, PRIVATE);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw aboutTarget(error, temporary, file);
  }
}

/** For the moment a process exits, when nothing asynchronous runs any more. */
export function writePrivateFileSync(file: string, data: string | Uint8Array): void {
  const temporary = temporaryFor(file);
  try {
    writeFileSync(temporary, data, PRIVATE);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw aboutTarget(error, temporary, file);
  }
}
