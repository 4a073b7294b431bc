/**
 * Interactive mode: a store and a session for this run, the UI on the terminal's alternate screen, and back
 * to the shell with the terminal as it was, however the session ends.
 */
import { hostname } from 'node:os';
import { render } from 'ink';
import type { ClientFlags } from '../cli/args.js';
import { EXIT_USAGE } from '../cli/exit-codes.js';
import type { ConnectionOptions } from '../core/connection.js';
import { History, historyPath } from '../session/history.js';
import { Session } from '../session/session.js';
import { createSessionStore, setNotice } from '../session/store.js';
import { loadTemplates, templatesPath } from '../session/templates.js';
import type { Workshop } from '../session/workshop.js';
import { App } from './App.js';
import { createTheme } from './theme.js';

export interface InteractiveRun {
  client: ClientFlags;
  connection: ConnectionOptions;
  /** The built-in server started for this run (no host given): its lesson and its mailbox. */
  workshop?: Workshop;
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

const ALTERNATE_SCREEN_ON = '\x1b[?1049h';
const ALTERNATE_SCREEN_OFF = '\x1b[?1049l';
/** The frame pacer (frame-pacer.ts) decides when frames come; Ink's throttle would hold a key's frame back. */
export const INK_MAX_FPS = 0;

/** The variables templates start with: from the flags, HELO defaulting to this machine's name. */
export function initialVariables(client: ClientFlags): Record<string, string> {
  return {
    helo: client.helo ?? hostname(),
    ...(client.from ? { from: client.from } : {}),
    ...(client.to ? { to: client.to } : {}),
    ...(client.authUser ? { user: client.authUser } : {}),
  };
}

export async function runInteractive(run: InteractiveRun): Promise<number> {
  const env = run.env ?? process.env;
  const stdin = run.stdin ?? process.stdin;
  const stdout = run.stdout ?? process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) {
    process.stderr.write('smtp-explorer: the interactive explorer needs a terminal; for pipes and files use --script FILE\n');
    return EXIT_USAGE;
  }
  const history = History.load(historyPath(env));
  const templates = loadTemplates(templatesPath(env));
  // The lesson shows from the start when a scenario was named; the plain no-host run keeps it behind F3.
  const lesson = run.workshop !== undefined && run.client.scenario !== undefined;
  const store = createSessionStore({ target: `${run.connection.host}:${run.connection.port}`, vars: initialVariables(run.client), lesson });
  const session = new Session({
    store,
    connection: run.connection,
    history,
    templates: templates.templates,
    ...(run.client.hints ? { hints: true } : {}),
    ...(run.workshop ? { workshop: run.workshop } : {}),
  });
  const problems = [...templates.problems, ...(history.error ? [history.error] : [])];
  if (problems.length > 0) setNotice(store, problems.join('; '), 'problem');

  const leave = (): void => {
    stdout.write(ALTERNATE_SCREEN_OFF);
  };
  stdout.write(ALTERNATE_SCREEN_ON);
  process.once('exit', leave);
  const ink = render(<App session={session} theme={createTheme(env)} />, {
    stdin,
    stdout,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: INK_MAX_FPS,
  });
  try {
    void session.connect();
    await session.finished;
  } finally {
    ink.unmount();
    await ink.waitUntilExit().catch(() => undefined);
    process.off('exit', leave);
    leave();
  }
  return 0;
}
