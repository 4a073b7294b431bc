import test from 'ava';
import { expandHome } from '../../src/session/file-path.js';

test('a leading ~ or ~/ is the home directory; other paths are as typed', (t) => {
  t.deepEqual(expandHome('~', '/home/u'), { path: '/home/u' });
  t.deepEqual(expandHome('~/', '/home/u'), { path: '/home/u' });
  t.deepEqual(expandHome('~/sess.md', '/home/u'), { path: '/home/u/sess.md' });
  t.deepEqual(expandHome('~/a b/c.txt', '/home/u'), { path: '/home/u/a b/c.txt' });
  for (const typed of ['sess.md', './~/x', '/tmp/~x', 'a~', '']) t.deepEqual(expandHome(typed, '/home/u'), { path: typed });
});

test('~user is refused in words, saying what to type instead', (t) => {
  t.deepEqual(expandHome('~bob/sess.md', '/home/u'), {
    problem: "~bob: another user's home (~user) is not supported; type the full path (./~bob/sess.md for a file named so here)",
  });
  t.like(expandHome('~bob', '/home/u'), { problem: "~bob: another user's home (~user) is not supported; type the full path (./~bob for a file named so here)" });
});

test('without a home directory, ~ is refused rather than taken for the current one', (t) => {
  t.like(expandHome('~/sess.md', ''), { problem: '~/sess.md: no home directory to expand ~ to (HOME is not set); type the full path' });
});
