import test from 'ava';
import { setNotice, createSessionStore } from '../../src/session/store.js';
import type { SessionState } from '../../src/session/store.js';
import { FramePacer } from '../../src/ui/frame-pacer.js';

/** Publishes are queued as microtasks; this lets them run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function watched(gaps: { background: number; input: number }) {
  const store = createSessionStore({ target: 'pacer' });
  const pacer = new FramePacer(store, gaps);
  const frames: SessionState[] = [];
  const times: number[] = [];
  const stop = pacer.subscribe((state) => {
    frames.push(state);
    times.push(performance.now());
  });
  return { store, pacer, frames, times, stop };
}

const typed = (text: string) => (state: SessionState) => ({ composer: { ...state.composer, line: { text, cursor: text.length } } });

test('a burst of changes in one task is one frame', async (t) => {
  const { store, frames, stop } = watched({ background: 10_000, input: 0 });
  t.teardown(stop);
  for (let i = 0; i < 50; i++) setNotice(store, `line ${i}`);
  await settle();
  t.is(frames.length, 1);
  t.is(frames[0]?.status.notice?.text, 'line 49');
});

test('changes from the network wait for the gap; a key shows at once and carries them', async (t) => {
  const { store, pacer, frames, stop } = watched({ background: 10_000, input: 0 });
  t.teardown(stop);
  setNotice(store, 'first batch');
  await settle();
  t.is(frames.length, 1);
  setNotice(store, 'second batch');
  await settle();
  t.is(frames.length, 1, 'a background change inside the gap waits');
  t.is(pacer.getState().status.notice?.text, 'first batch');
  store.setState(typed('x'));
  pacer.input();
  await settle();
  t.is(frames.length, 2);
  t.is(frames[1]?.composer.line.text, 'x');
  t.is(frames[1]?.status.notice?.text, 'second batch', 'the key frame carries what was waiting');
});

test('a waiting change is published once its gap has passed', async (t) => {
  const gap = 40;
  const { store, frames, times, stop } = watched({ background: gap, input: 0 });
  t.teardown(stop);
  setNotice(store, 'first');
  await settle();
  setNotice(store, 'second');
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (frames.length < 2) return;
      clearInterval(check);
      resolve();
    }, 1);
  });
  t.is(frames[1]?.status.notice?.text, 'second');
  // Node's timers may fire a fraction of a millisecond before the clock says.
  const apart = times[1]! - times[0]!;
  t.true(apart >= gap - 1, `published ${apart} ms after the previous frame`);
});

test('a key that changed nothing does not hurry the next change from the network', async (t) => {
  const { store, pacer, frames, stop } = watched({ background: 10_000, input: 0 });
  t.teardown(stop);
  setNotice(store, 'first');
  await settle();
  pacer.input();
  await settle();
  setNotice(store, 'from the network');
  await settle();
  t.is(frames.length, 1);
});

test('what a key sets off in the microtasks after it (a send after an await) is shown in the key’s frame', async (t) => {
  const { store, pacer, frames, stop } = watched({ background: 10_000, input: 0 });
  t.teardown(stop);
  setNotice(store, 'first');
  await settle();
  pacer.input();
  void Promise.resolve()
    .then(() => undefined)
    .then(() => setNotice(store, '-> NOOP'));
  await settle();
  t.is(frames.length, 2);
  t.is(frames[1]?.status.notice?.text, '-> NOOP');
});

test('a key right after a frame waits for the input gap, not the background one', async (t) => {
  const gap = 30;
  const { store, pacer, frames, times, stop } = watched({ background: 10_000, input: gap });
  t.teardown(stop);
  setNotice(store, 'first');
  await settle();
  store.setState(typed('x'));
  pacer.input();
  await settle();
  t.is(frames.length, 1, 'not sooner than the input gap');
  await new Promise((resolve) => setTimeout(resolve, gap + 20));
  t.is(frames.length, 2);
  const apart = times[1]! - times[0]!;
  t.true(apart >= gap - 1 && apart < 1000, `published ${apart} ms after the previous frame`);
});

test('unwatched, the pacer shows the store as it is', (t) => {
  const { store, pacer, stop } = watched({ background: 10_000, input: 0 });
  stop();
  setNotice(store, 'later');
  t.is(pacer.getState().status.notice?.text, 'later');
});
