import test from 'ava';
import type { ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RawSmtp } from './raw-smtp.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const servePath = path.join(root, 'src/server/serve.ts');

interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line matching, as it arrives. */
  line: (pattern: RegExp) => Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

// The real thing, in its own process: signals and stdout are what the user meets.
function serve(t: ExecutionContext, args: { port?: number; listen?: string }): ServeProcess {
  const code = `import { runServe } from ${JSON.stringify(servePath)}; await runServe(${JSON.stringify(args)});`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root });
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = stdout.split('\n').slice(0, -1).map((text) => pattern.exec(text)).find(Boolean);
        if (found) {
          waiters.delete(check);
          resolve(found);
        }
      };
      waiters.add(check);
      check();
      void exit.then(() => reject(new Error(`exited before ${pattern}; stdout: ${stdout}; stderr: ${stderr}`)));
    });
  return { child, stdout: () => stdout, stderr: () => stderr, line, exit };
}

test('serve prints where it listens, one line per message, and stops cleanly on SIGTERM', async (t) => {
  const server = serve(t, { port: 0 });
  const [, port] = (await server.line(/^listening on 127\.0\.0\.1:(\d+)$/)) ?? [];
  const client = await RawSmtp.connect(Number(port));
  t.teardown(() => client.end());
  t.is((await client.reply()).code, 220);
  await client.send('EHLO client.test');
  await client.send('MAIL FROM:<sender@example.org>');
  await client.send('RCPT TO:<one@example.org>');
  await client.send('RCPT TO:<two@example.org>');
  await client.send('DATA');
  t.is((await client.send('Subject: hi\r\n\r\nhello\r\n.')).code, 250);
  await server.line(/^message /);

  server.child.kill('SIGTERM');
  t.deepEqual(await client.reply(), { code: 421, lines: ['4.4.2 Server shutting down'] });
  t.is(await server.exit, 0);
  t.is(
    server.stdout(),
    `listening on 127.0.0.1:${port}\n` +
      'message 1 from <sender@example.org> to <one@example.org>, <two@example.org> (22 bytes; 127.0.0.1, plaintext)\n',
  );
  t.is(server.stderr(), '');
});

test('serve on a non-loopback address warns on stderr and stops on SIGINT', async (t) => {
  const server = serve(t, { port: 0, listen: '0.0.0.0' });
  const [, port] = (await server.line(/^listening on 0\.0\.0\.0:(\d+)$/)) ?? [];
  t.regex(server.stderr(), new RegExp(`^warning: 0\\.0\\.0\\.0:${port} is reachable from other machines`));
  server.child.kill('SIGINT');
  t.is(await server.exit, 0);
});

test('nothing under src/server pulls in Ink, React or the store', async (t) => {
  const dir = path.join(root, 'src/server');
  const files = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.ts'));
  t.true(files.includes('serve.ts'));
  t.true(files.includes(path.join('scenarios', 'index.ts')));
  for (const name of files) {
    const source = await readFile(path.join(dir, name), 'utf8');
    const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    const ui = specifiers.filter((s) => /^(ink|react|zustand)(\/|$)|\/(ui|session)\//.test(s ?? ''));
    t.deepEqual(ui, [], name);
  }
});
