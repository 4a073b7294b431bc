/**
 * The built-in server started after the session (the explorer draws its first frame first): nothing connects until
 * it listens, what needs a server says why it must wait, then the first connection and the mailbox are its. A
 * server that fails to start is said in the transcript, and the session goes on to connect elsewhere.
 */
import test from 'ava';
import { startEmbedded } from '../../src/cli/embedded-server.js';
import { resolveScenario } from '../../src/cli/scenario-choice.js';
import type { ConnectionOptions } from '../../src/core/connection.js';
import { builtinServer, hasLine, makeSession, transcriptText, waitForState } from './helpers.js';

const NOT_YET: ConnectionOptions = { host: '127.0.0.1', port: 0, timeouts: { command: 20_000 } };

test('until the server listens nothing connects, and what needs it says so; then it gets the first connection and its mailbox counts', async (t) => {
  const made = await makeSession(t, NOT_YET, { scenario: resolveScenario('require-tls'), lesson: true });
  const { session, store } = made;
  t.is(session.lesson?.heading, 'Lesson: require-tls — MAIL before STARTTLS is refused with 530 5.7.0');
  for (const command of ['/reconnect', '/probe tls', '/mailbox']) {
    session.type(`${command}\r`);
    t.deepEqual(store.getState().status.notice, { text: 'the built-in server is still starting', tone: 'problem' }, command);
  }
  t.deepEqual(transcriptText(store.getState()), []);

  const embedded = await startEmbedded('require-tls');
  t.teardown(() => embedded.close());
  void session.serverStarted(embedded, { ...NOT_YET, host: embedded.target.host, port: embedded.target.port });
  await waitForState(store, hasLine(/^<- {2}220 /), 'the greeting');
  t.is(store.getState().status.target, `${embedded.target.host}:${embedded.target.port}`);
  t.is(store.getState().status.mailbox, 0);
  session.type('/mailbox\r');
  t.deepEqual(store.getState().overlay.kind, 'text');
});

test('a server that did not start is said in the transcript; /connect talks to another, and a late server does not take over', async (t) => {
  const failed = await makeSession(t, NOT_YET, { scenario: resolveScenario('default') });
  failed.session.serverFailed(new Error('listen EADDRINUSE: address already in use 127.0.0.1:2525'));
  t.true(transcriptText(failed.store.getState()).includes('*** the built-in server did not start: listen EADDRINUSE: address already in use 127.0.0.1:2525'));
  t.regex(failed.store.getState().status.notice?.text ?? '', /did not start: listen EADDRINUSE.*\(\/connect HOST\[:PORT\] talks to another\)$/);
  t.is(failed.store.getState().status.phase, 'closed');
  failed.session.type('/reconnect\r');
  t.regex(failed.store.getState().status.notice?.text ?? '', /^the built-in server did not start/);

  const other = await builtinServer(t);
  failed.session.type(`/connect ${other.host}:${other.port}\r`);
  await waitForState(failed.store, hasLine(/^<- {2}220 /), 'the other server greets');

  const early = await makeSession(t, NOT_YET, { scenario: resolveScenario('default') });
  early.session.type(`/connect ${other.host}:${other.port}\r`);
  await waitForState(early.store, hasLine(/^<- {2}220 /), 'the named server greets');
  const late = await startEmbedded('default');
  t.teardown(() => late.close());
  await early.session.serverStarted(late, { ...NOT_YET, host: late.target.host, port: late.target.port });
  t.is(early.store.getState().status.target, `${other.host}:${other.port}`);
  t.is(transcriptText(early.store.getState()).filter((line) => /^=== Trying /.test(line)).length, 1);
  t.true(transcriptText(early.store.getState()).includes(`=== the built-in server listens on ${late.target.host}:${late.target.port} (/connect ${late.target.host}:${late.target.port} talks to it)`));
  t.is(early.store.getState().status.mailbox, undefined);

  // A start that fails after the person connected elsewhere is said, and takes nothing from that connection.
  const connected = await makeSession(t, NOT_YET, { scenario: resolveScenario('default') });
  connected.session.type(`/connect ${other.host}:${other.port}\r`);
  await waitForState(connected.store, hasLine(/^<- {2}220 /), 'the named server greets');
  connected.session.serverFailed(new Error('no certificate'));
  t.true(transcriptText(connected.store.getState()).includes('*** the built-in server did not start: no certificate'));
  t.not(connected.store.getState().status.phase, 'closed');
  connected.session.type('/reconnect\r');
  await waitForState(connected.store, (state) => transcriptText(state).filter((line) => /^<- {2}220 /.test(line)).length === 2, 'the reconnection greets');
});
