/** The exit statuses of every mode: one place, since the CLI's error path must not load a mode to learn them. */
export const EXIT_OK = 0;
/** The server answered, but said no (a 4xx or 5xx where a step needed yes; no TLS version accepted), or a probe found a risk. */
export const EXIT_NEGATIVE = 1;
/** No answer: no connection, a timeout, a TLS failure. */
export const EXIT_FAILURE = 2;
/** The command line or the script is wrong (EX_USAGE); also: no terminal for the explorer. */
export const EXIT_USAGE = 64;
/** Standard output could not be written: a full disk, an I/O error (EX_IOERR); said in one line on standard error. */
export const EXIT_IO = 74;
/** A script run ended early by SIGINT or SIGTERM, as the shell reports a process the signal killed (128 + 2, 128 + 15). */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/**
 * The worse of two outcomes, for a run whose parts each have one (a --probe-tls before the script, a probe's finding
 * beside the replies): the higher code, as the codes climb from yes (0) through no (1) and no answer (2) to the run
 * itself going wrong.
 */
export function worseExit(a: number, b: number): number {
  return Math.max(a, b);
}
