/** The exit statuses of every mode: one place, since the CLI's error path must not load a mode to learn them. */
export const EXIT_OK = 0;
/** The server answered, but said no (a 4xx or 5xx where a step needed yes; no TLS version accepted). */
export const EXIT_NEGATIVE = 1;
/** No answer: no connection, a timeout, a TLS failure. */
export const EXIT_FAILURE = 2;
/** The command line or the script is wrong (EX_USAGE); also: no terminal for the explorer. */
export const EXIT_USAGE = 64;
