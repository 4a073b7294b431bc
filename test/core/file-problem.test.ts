import test from 'ava';
import { fileProblem, systemProblem } from '../../src/core/file-problem.js';

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

test("with no file to name, the same words where fileProblem has them, else the system's own without Node's wrapping", (t) => {
  t.is(systemProblem(failure('ENOSPC')), 'disk full');
  t.is(systemProblem(failure('EDQUOT')), 'disk quota exceeded');
  t.is(systemProblem(failure('EACCES')), 'permission denied');
  t.is(systemProblem(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' })), 'i/o error');
  t.is(systemProblem(new Error('something else')), 'something else');
});
