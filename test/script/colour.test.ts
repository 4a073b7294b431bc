/**
 * Colour in script mode, on a real terminal: `script` gives the CLI a pseudo-terminal for standard output. The
 * environment is read as the explorer reads it (one rule, core/colour.ts): an empty NO_COLOR does not count.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuiltinServer } from '../../src/server/builtin.js';
import { ROOT } from '../helpers/cli.js';
import { wantsColour } from '../../src/script/output.js';
import { createTheme } from '../../src/ui/theme.js';

const GREEN = '\x1b[32m';

/** The CLI's stdout as a terminal shows it, with `env` on top of the test's environment less NO_COLOR and TERM. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { NO_COLOR: _noColour, TERM: _term, ...rest } = process.env;
  const command = [process.execPath, '--import', 'tsx', 'src/cli.ts', ...args].map((word) => `'${word}'`).join(' ');
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...rest, TERM: 'xterm', ...env }, timeout: 30_000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

test('script mode on a terminal: colour unless NO_COLOR is set to something or TERM is dumb; an empty NO_COLOR does not count', async (t) => {
  const server = await startBuiltinServer({ port: 0 });
  t.teardown(() => server.close());
  const dir = await mkdtemp(join(tmpdir(), 'smtp-explorer-colour-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'session.smtp');
  await writeFile(file, 'EHLO colour.test\nQUIT\n');
  const args = ['--script', file, `127.0.0.1:${server.port}`];
  const empty = await onTerminal(args, { NO_COLOR: '' });
  t.true(empty.includes(`${GREEN}<-  220 `), empty);
  const set = await onTerminal(args, { NO_COLOR: '1' });
  t.true(set.includes('<-  220 '), set);
  t.false(set.includes('\x1b['), set);
  const dumb = await onTerminal(args, { TERM: 'dumb' });
  t.true(dumb.includes('<-  220 '), dumb);
  t.false(dumb.includes('\x1b['), dumb);
});

test('the explorer and script mode read the environment alike', (t) => {
  const terminal = { isTTY: true };
  for (const env of [{}, { NO_COLOR: '' }, { NO_COLOR: '1' }, { TERM: 'dumb' }, { TERM: 'xterm-256color' }, { NO_COLOR: '', TERM: 'dumb' }]) {
    t.is(wantsColour(terminal, env), createTheme(env).colour, JSON.stringify(env));
  }
  t.false(wantsColour({ isTTY: false }, {}));
  t.is(createTheme({ TERM: 'dumb' }).color('positive'), undefined);
});
