/**
 * Files named on the command line (--script, --body-file, --ca, --cert, --key, --keylog), checked before anything
 * connects: a mistake is a usage error naming the flag and the file in words, not Node's `ENOENT: …, open '…'`.
 */
import { accessSync, closeSync, constants, openSync, readFileSync, statSync } from 'node:fs';
import { fileProblem } from '../core/file-problem.js';
import { UsageError } from './args.js';

const problem = (flag: string, file: string, error: unknown, doing: 'read' | 'write'): UsageError =>
  new UsageError(`--${flag}: ${fileProblem(error, file, doing)}`);

const isDirectory = (): NodeJS.ErrnoException => Object.assign(new Error('is a directory'), { code: 'EISDIR' });

export function readGivenFile(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw problem(flag, file, error, 'read');
  }
}

/** A file read later, as it is streamed (--body-file): readable now, and not a directory, found only mid-body otherwise. */
export function checkReadable(flag: string, file: string): void {
  try {
    accessSync(file, constants.R_OK);
    if (statSync(file).isDirectory()) throw isDirectory();
  } catch (error) {
    throw problem(flag, file, error, 'read');
  }
}

/**
 * A file appended to later (--keylog): opened for appending now, created owner-only if it is not there, so a key log
 * that cannot be written stops the run before it connects instead of being missed in a warning. A named pipe is left
 * for its reader to open (opening it here would wait for one).
 */
export function checkAppendable(flag: string, file: string): void {
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isFIFO()) return;
    closeSync(openSync(file, 'a', 0o600));
  } catch (error) {
    throw problem(flag, file, error, 'write');
  }
}
