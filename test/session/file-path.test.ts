import test from 'ava';
import { expandHome, fileProblem } from '../../src/session/file-path.js';

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

const failure = (code: string): Error => Object.assign(new Error(`${code}: what Node says`), { code });

test('the common file errors in words naming the file; anything rarer as Node says it', (t) => {
  const file = '/srv/out/sess.md';
  t.is(fileProblem(failure('ENOENT'), file, 'write'), 'no such directory: /srv/out (for /srv/out/sess.md)');
  t.is(fileProblem(failure('ENOENT'), file, 'read'), 'no such file: /srv/out/sess.md');
  t.is(fileProblem(failure('ENOTDIR'), file, 'write'), '/srv/out/sess.md: a part of its path is a file, not a directory');
  t.is(fileProblem(failure('EACCES'), file, 'write'), 'permission denied: /srv/out/sess.md');
  t.is(fileProblem(failure('EPERM'), file, 'read'), 'permission denied: /srv/out/sess.md');
  t.is(fileProblem(failure('EISDIR'), file, 'read'), '/srv/out/sess.md is a directory');
  t.is(fileProblem(failure('ENOSPC'), file, 'write'), 'disk full: /srv/out/sess.md was not written');
  t.is(fileProblem(failure('EDQUOT'), file, 'write'), 'disk quota exceeded: /srv/out/sess.md was not written');
  t.is(fileProblem(failure('EROFS'), file, 'write'), 'read-only file system: /srv/out/sess.md');
  t.is(fileProblem(failure('EIO'), file, 'write'), 'EIO: what Node says');
  t.is(fileProblem('not an error', file, 'write'), 'not an error');
});
