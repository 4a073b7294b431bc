import test from 'ava';
import { StatusBar } from '../../src/ui/StatusBar.js';
import { SessionContext } from '../../src/ui/context.js';
import { FramePacer } from '../../src/ui/frame-pacer.js';
import { createTheme } from '../../src/ui/theme.js';
import { makeSession } from '../session/helpers.js';
import { renderTree } from './render.js';

test('a long wait and the mailbox count never eat into the target, the phase or the TLS badge', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  const now = Date.now();
  made.store.setState((state) => ({
    status: { ...state.status, target: '127.0.0.1:38609', phase: 'DATA', mailbox: 12, waiting: { verb: 'MAIL', display: 'MAIL FROM:<someone.with.a.long.address@example.org>', startedAt: now, deadline: now + 600_000 }, now },
  }));
  const app = renderTree(
    t,
    <SessionContext.Provider value={{ session: made.session, theme: createTheme({}), frames: new FramePacer(made.store) }}>
      <StatusBar width={100} />
    </SessionContext.Provider>,
  );
  const frame = await app.waitForFrame((f) => f.includes('DATA'), 'the bar');
  t.true(frame.startsWith(' smtp-explorer │ 127.0.0.1:38609 │ DATA │ PLAINTEXT'), frame);
  t.true([...frame].length <= 100);
  made.store.setState((state) => ({ status: { ...state.status, waiting: undefined } }));
  const idle = await app.waitForFrame((f) => !f.includes('waiting'), 'the wait over');
  t.true(idle.endsWith('PLAINTEXT │ mailbox: 12'), idle);
});

test('the countdown adds up: seconds waited round down, seconds left round up', async (t) => {
  const made = await makeSession(t, { host: '127.0.0.1', port: 9 });
  const now = Date.now();
  made.store.setState((state) => ({
    status: { ...state.status, waiting: { verb: 'NOOP', display: 'NOOP', startedAt: now - 1500, deadline: now - 1500 + 30_000 }, now },
  }));
  const app = renderTree(
    t,
    <SessionContext.Provider value={{ session: made.session, theme: createTheme({}), frames: new FramePacer(made.store) }}>
      <StatusBar width={160} />
    </SessionContext.Provider>,
  );
  const frame = await app.waitForFrame((f) => f.includes('waiting'), 'the countdown');
  t.regex(frame, /waiting 1s for NOOP · timeout in 29s/);
});
