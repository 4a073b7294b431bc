import test from 'ava';
import type { ExecutionContext } from 'ava';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { RawSmtp } from './raw-smtp.js';
import { ROOT, watchNode } from './serve-process.js';
import type { WatchedProcess } from './serve-process.js';

const servePath = path.join(ROOT, 'src/server/serve.ts');

// The real thing, in its own process: signals and stdout are what the user meets.
function serve(t: ExecutionContext, args: { port?: number; listen?: string }): WatchedProcess {
  const print = '(line) => process.stdout.write(line + "\\n")';
  const code = `import { runServe } from ${JSON.stringify(servePath)}; await runServe({ ...${JSON.stringify(args)}, print: ${print} });`;
  return watchNode(t, ['--input-type=module', '-e', code]);
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
  const dir = path.join(ROOT, 'src/server');
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
