/**
 * Interactive mode: a store and a session for this run, the UI on the terminal's alternate screen, and back
 * to the shell with the terminal as it was, however the session ends.
 */
import { hostname } from 'node:os';
import { render } from 'ink';
import type { ClientFlags } from '../cli/args.js';
import type { Embedded } from '../cli/embedded-server.js';
import { EXIT_USAGE } from '../cli/exit-codes.js';
import type { ConnectionOptions } from '../core/connection.js';
import { hostPort } from '../core/host-port.js';
import { History, historyPath } from '../session/history.js';
import { Session } from '../session/session.js';
import { createSessionStore, setNotice } from '../session/store.js';
import { loadTemplates, templatesPath } from '../session/templates.js';
import type { Scenario } from '../server/scenarios/types.js';
import { App } from './App.js';
import { createTheme } from './theme.js';

/**
 * No host given: the built-in server with this scenario, started once the first frame is up (making its
 * certificate and TLS context took longer than drawing the screen). Its lesson shows from the start.
 */
export interface WorkshopStart {
  scenario: Scenario;
  start(): Promise<Embedded>;
}

export interface InteractiveRun {
  client: ClientFlags;
  /** With a workshop, its host and port are the ones it listens on, known once it does. */
  connection: ConnectionOptions;
  workshop?: WorkshopStart;
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

const ALTERNATE_SCREEN_ON = '\x1b[?1049h';
const ALTERNATE_SCREEN_OFF = '\x1b[?1049l';
/** Bracketed paste: the terminal marks what is pasted, so a pasted line is never taken for keys (router.ts). */
const PASTE_MARKS_ON = '\x1b[?2004h';
const PASTE_MARKS_OFF = '\x1b[?2004l';
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
  const target = run.workshop ? 'the built-in server' : hostPort(run.connection.host, run.connection.port);
  const store = createSessionStore({ target, vars: initialVariables(run.client), lesson });
  const session = new Session({
    store,
    connection: run.connection,
    history,
    templates: templates.templates,
    ...(run.client.hints ? { hints: true } : {}),
    ...(run.workshop ? { scenario: run.workshop.scenario } : {}),
  });
  const problems = [...templates.problems, ...(history.error ? [history.error] : [])];
  if (problems.length > 0) setNotice(store, problems.join('; '), 'problem');

  const leave = (): void => {
    stdout.write(PASTE_MARKS_OFF + ALTERNATE_SCREEN_OFF);
  };
  stdout.write(ALTERNATE_SCREEN_ON + PASTE_MARKS_ON);
  process.once('exit', leave);
  const ink = render(<App session={session} theme={createTheme(env)} />, {
    stdin,
    stdout,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: INK_MAX_FPS,
  });
  // Quitting while the server starts does not wait for it; it is closed once it has started.
  const starting = run.workshop ? startWorkshop(run.workshop, run.connection, session) : undefined;
  if (!starting) void session.connect();
  try {
    await session.finished;
  } finally {
    ink.unmount();
    await ink.waitUntilExit().catch(() => undefined);
    process.off('exit', leave);
    leave();
    await (await starting)?.close();
  }
  return 0;
}

/** The server started and handed to the session, or undefined (the session was told why). */
async function startWorkshop(workshop: WorkshopStart, connection: ConnectionOptions, session: Session): Promise<Embedded | undefined> {
  let embedded: Embedded;
  try {
    embedded = await workshop.start();
  } catch (error) {
    session.serverFailed(error as Error);
    return undefined;
  }
  const { host, port } = embedded.target;
  // An implicit-TLS scenario is met the way it must be: with the handshake first.
  void session.serverStarted(embedded, { ...connection, host, port, tlsOnConnect: connection.tlsOnConnect || embedded.server.secure });
  return embedded;
}
