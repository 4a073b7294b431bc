/** A real session against a real server, and waiting for the store to reach a state (never sleeping). */
import type { ExecutionContext } from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from '../../src/core/connection.js';
import { formatEntry } from '../../src/core/transcript.js';
import { startBuiltinServer } from '../../src/server/builtin.js';
import type { BuiltinServer, BuiltinServerOptions } from '../../src/server/builtin.js';
import { History } from '../../src/session/history.js';
import { Session } from '../../src/session/session.js';
import type { Workshop } from '../../src/session/workshop.js';
import type { Scenario } from '../../src/server/scenarios/types.js';
import { createSessionStore } from '../../src/session/store.js';
import type { SessionState, SessionStore } from '../../src/session/store.js';
import { BUILT_IN_TEMPLATES } from '../../src/session/templates.js';

export const WAIT_MS = 30_000;

/** Resolves once `predicate` holds for the store's state; fails the wait after `timeoutMs` with `what`. */
export function waitForState(store: SessionStore, predicate: (state: SessionState) => boolean, what: string, timeoutMs = WAIT_MS): Promise<SessionState> {
  return new Promise((resolve, reject) => {
    const check = (state: SessionState): boolean => {
      if (!predicate(state)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}; transcript:\n${transcriptText(store.getState()).join('\n')}`));
    }, timeoutMs);
    const unsubscribe = store.subscribe((state) => void check(state));
    check(store.getState());
  });
}

export function transcriptText(state: SessionState): string[] {
  return [...state.transcript.ring].map(formatEntry);
}

export function hasLine(pattern: RegExp): (state: SessionState) => boolean {
  return (state) => transcriptText(state).some((line) => pattern.test(line));
}

export async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'smtp-explorer-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestSession {
  session: Session;
  store: SessionStore;
  history: History;
  dir: string;
}

export async function makeSession(
  t: ExecutionContext,
  connection: ConnectionOptions,
  options: { vars?: Record<string, string>; historyFile?: string; hints?: boolean; workshop?: Workshop; scenario?: Scenario; lesson?: boolean } = {},
): Promise<TestSession> {
  const dir = await tempDir(t);
  const history = History.load(options.historyFile ?? join(dir, 'history'));
  const store = createSessionStore({ target: `${connection.host}:${connection.port}`, vars: { helo: 'client.test', ...options.vars }, ...(options.lesson ? { lesson: true } : {}) });
  const session = new Session({
    store,
    connection,
    history,
    templates: BUILT_IN_TEMPLATES,
    batchMs: 5,
    ...(options.hints ? { hints: true } : {}),
    ...(options.workshop ? { workshop: options.workshop } : {}),
    ...(options.scenario ? { scenario: options.scenario } : {}),
  });
  t.teardown(() => session.quit());
  return { session, store, history, dir };
}

export async function builtinServer(t: ExecutionContext, options: BuiltinServerOptions = {}): Promise<BuiltinServer> {
  const server = await startBuiltinServer({ port: 0, ...options });
  t.teardown(() => server.close());
  return server;
}

/** A session connected to a fresh built-in server, greeting received. */
export async function builtinSession(
  t: ExecutionContext,
  options: { vars?: Record<string, string>; server?: BuiltinServerOptions } = {},
): Promise<TestSession & { server: BuiltinServer }> {
  const server = await builtinServer(t, options.server);
  const made = await makeSession(t, { host: server.host, port: server.port, timeouts: { command: 20_000 } }, options);
  await made.session.connect();
  await waitForState(made.store, hasLine(/^<- {2}220 /), 'the greeting');
  return { ...made, server };
}

/** Types text as the router would (line ends submit) and waits for the transcript to show `pattern`. */
export async function typeAndWait(test: TestSession, text: string, pattern: RegExp): Promise<SessionState> {
  test.session.type(text);
  return waitForState(test.store, hasLine(pattern), String(pattern));
}

/** Answers the open confirm or prompt once it appears. */
export async function answerWhenAsked(store: SessionStore, session: Session, kind: 'confirm' | 'prompt', answer: string | boolean): Promise<void> {
  await waitForState(store, (state) => state.overlay.kind === kind, `a ${kind}`);
  session.questions.answer(answer);
}
