/**
 * Writing standard output, for every mode that prints: a reader that has gone (EPIPE, `| head`) ends the writing
 * quietly, since nobody is left to read; any other failure (a full disk, an I/O error) is kept, for the CLI to say in
 * one line on standard error and exit 74, so that `--json > result.json` on a full disk does not pass with an empty
 * file.
 */
import type { Writable } from 'node:stream';
import { systemProblem } from '../core/file-problem.js';

/** Standard output could not be written; the CLI says the message and exits EXIT_IO. */
export class OutputError extends Error {
  constructor(readonly reason: unknown) {
    super(`cannot write the output: ${systemProblem(reason)}`);
  }
}

/** Streams written no more: their reader has gone, or a write failed (kept in `failures`). */
const stopped = new WeakSet<Writable>();
const failures = new WeakMap<Writable, unknown>();
const watched = new WeakSet<Writable>();

function watch(stream: Writable): void {
  if (watched.has(stream)) return;
  watched.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    stopped.add(stream);
    if (error.code !== 'EPIPE' && !failures.has(stream)) failures.set(stream, error);
  });
}

/**
 * Settles once `text` is taken (at once unless the stream asks to wait for a drain), or the stream has stopped. Never
 * rejects: a failure is kept for `written`.
 */
export function writeOutput(stream: Writable, text: string): Promise<void> {
  watch(stream);
  if (stopped.has(stream) || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const settle = (): void => {
      stream.off('drain', settle);
      stream.off('error', settle);
      stream.off('close', settle);
      resolve();
    };
    if (stream.write(text)) return resolve();
    // A stream closed without an error while a write waited would never drain.
    stream.once('drain', settle);
    stream.once('error', settle);
    stream.once('close', settle);
  });
}

/** Settles when all written so far is out or has failed; throws an OutputError if a write failed (EPIPE is no failure). */
export async function written(stream: Writable): Promise<void> {
  watch(stream);
  if (!stopped.has(stream) && !stream.destroyed) {
    // Write callbacks come in order: this one comes after every earlier write's, and after its error, if any.
    await new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('close', done);
        resolve();
      };
      stream.once('close', done);
      stream.write('', done);
    });
  }
  if (failures.has(stream)) throw new OutputError(failures.get(stream));
}

/** `text`, then `written`: for a mode that prints once and ends. */
export async function printOutput(stream: Writable, text: string): Promise<void> {
  await writeOutput(stream, text);
  await written(stream);
}
