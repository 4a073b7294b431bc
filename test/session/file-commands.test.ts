/**
 * /export, /export-chain and /send-file as typed, with real files: HOME is a temp dir of this test file's own
 * (ava runs each file in its own process), so `~` is expanded there.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { chmod, lstat, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { setLine } from '../../src/session/composer.js';
import type { SessionState } from '../../src/session/store.js';
import { answerWhenAsked, builtinSession, hasLine, tempDir, transcriptText, typeAndWait, waitForState } from './helpers.js';
import type { TestSession } from './helpers.js';

const HOME = mkdtempSync(join(tmpdir(), 'smtp-explorer-home-'));
process.env.HOME = HOME;
test.after.always(() => rmSync(HOME, { recursive: true, force: true }));

/** Types a command that cannot be done; resolves once it is back in the input to be fixed. */
async function refused(made: TestSession, line: string): Promise<SessionState['status']['notice']> {
  setLine(made.store, { text: '', cursor: 0 });
  made.session.type(`${line}\r`);
  const state = await waitForState(made.store, (s) => s.composer.line.text === line, `${line} back in the input`);
  return state.status.notice;
}

async function withTls(made: TestSession): Promise<void> {
  await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started/);
  await waitForState(made.store, (s) => s.tls.report !== undefined, 'the TLS report');
}

test.serial('/export ~/FILE and /export-chain ~/FILE write in the home directory', async (t) => {
  const made = await builtinSession(t);
  await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started/);
  await waitForState(made.store, (s) => s.tls.report !== undefined, 'the TLS report');
  made.session.type('/export ~/sess.md\r');
  const exported = await waitForState(made.store, (s) => s.status.notice?.text.startsWith('exported') === true, 'the export');
  t.is(exported.status.notice?.text.includes(`to ${join(HOME, 'sess.md')} (markdown`), true, exported.status.notice?.text);
  t.is((await stat(join(HOME, 'sess.md'))).mode & 0o777, 0o600);
  t.regex(await readFile(join(HOME, 'sess.md'), 'utf8'), /^# SMTP session with /);
  made.session.type('/export-chain ~/chain.pem\r');
  await waitForState(made.store, (s) => s.status.notice?.text.startsWith('saved') === true, 'the chain');
  t.is(new X509Certificate(await readFile(join(HOME, 'chain.pem'), 'utf8')).subject, 'CN=localhost');
});

test.serial('/send-file ~/FILE streams the file from the home directory', async (t) => {
  const made = await builtinSession(t);
  await writeFile(join(HOME, 'body.eml'), 'Subject: from home\r\n\r\nhello\r\n');
  await typeAndWait(made, 'EHLO client.test\rMAIL FROM:<a@example.org>\rRCPT TO:<b@example.org>\rDATA\r', /^<- {2}354 /);
  const received = new Promise((resolve) => made.server.onMessage(resolve));
  made.session.type('/send-file ~/body.eml\r');
  const sent = await waitForState(made.store, (s) => s.status.notice?.tone === 'problem' || hasLine(/bytes of message body from /)(s), 'the body, or a problem');
  t.is(sent.status.notice?.tone, undefined, sent.status.notice?.text);
  t.true(transcriptText(sent).some((line) => line.includes(`from ${join(HOME, 'body.eml')}`)));
  await received;
  t.is(made.server.mailbox[0]?.raw.toString(), 'Subject: from home\r\n\r\nhello\r\n');
});

test.serial('~user is not supported: said in words, the command back in the input', async (t) => {
  const made = await builtinSession(t);
  await withTls(made);
  for (const line of ['/export ~root/sess.txt', '/export-chain ~root/chain.pem']) {
    const notice = await refused(made, line);
    t.regex(notice?.text ?? '', /^~root: another user's home \(~user\) is not supported; type the full path/);
    t.is(notice?.tone, 'problem');
  }
});

test.serial('a file that cannot be written is said in words naming it, the command back to be fixed', async (t) => {
  const made = await builtinSession(t);
  const dir = await tempDir(t);
  const plain = join(dir, 'plain.txt');
  await writeFile(plain, 'a file, not a directory\n');
  await withTls(made);
  for (const command of ['/export', '/export-chain']) {
    t.like(await refused(made, `${command} ${join(dir, 'missing', 'x.txt')}`), {
      text: `export failed: no such directory: ${join(dir, 'missing')} (for ${join(dir, 'missing', 'x.txt')})`,
      tone: 'problem',
    });
    t.like(await refused(made, `${command} ${join(plain, 'x.txt')}`), { text: `export failed: ${join(plain, 'x.txt')}: a part of its path is a file, not a directory` });
  }
  t.like(await refused(made, `/export-chain ${dir}`), { text: `export failed: ${dir} is a directory` });
});

(process.getuid?.() === 0 ? test.skip : test.serial)('a directory that cannot be written: permission denied, naming the file', async (t) => {
  const made = await builtinSession(t);
  const dir = await tempDir(t);
  await chmod(dir, 0o500);
  t.teardown(() => chmod(dir, 0o700));
  t.like(await refused(made, `/export ${join(dir, 'x.txt')}`), { text: `export failed: permission denied: ${join(dir, 'x.txt')}` });
});

test.serial('/send-file of a missing file or a directory says so before the body starts: DATA goes on, the command comes back', async (t) => {
  const made = await builtinSession(t);
  const dir = await tempDir(t);
  await typeAndWait(made, 'EHLO client.test\rMAIL FROM:<a@example.org>\rRCPT TO:<b@example.org>\rDATA\r', /^<- {2}354 /);
  t.like(await refused(made, `/send-file ${join(dir, 'nope.eml')}`), { text: `/send-file: no such file: ${join(dir, 'nope.eml')}`, tone: 'problem' });
  t.like(await refused(made, `/send-file ${dir}`), { text: `/send-file: ${dir} is a directory`, tone: 'problem' });
  t.true(made.store.getState().status.inData, 'still in DATA, the connection open');
  await writeFile(join(dir, 'body.eml'), 'Subject: at last\r\n\r\nhello\r\n');
  const received = new Promise((resolve) => made.server.onMessage(resolve));
  setLine(made.store, { text: '', cursor: 0 });
  made.session.type(`/send-file ${join(dir, 'body.eml')}\r`);
  await received;
  t.is(made.server.mailbox[0]?.raw.toString(), 'Subject: at last\r\n\r\nhello\r\n');
});

/** Types the command; once the overwrite question is up, checks it and answers; resolves with the notice after. */
async function overwriteAsked(t: ExecutionContext, made: TestSession, line: string, file: string, answer: boolean): Promise<SessionState['status']['notice']> {
  setLine(made.store, { text: '', cursor: 0 });
  made.session.type(`${line}\r`);
  const asked = await waitForState(made.store, (s) => s.overlay.kind === 'confirm', 'the overwrite question');
  t.deepEqual(asked.overlay, { kind: 'confirm', question: `${file} exists: overwrite? y/N`, yes: 'overwrite it' });
  await answerWhenAsked(made.store, made.session, 'confirm', answer);
  const after = await waitForState(made.store, (s) => s.status.notice !== undefined, 'the notice after the answer');
  return after.status.notice;
}

test.serial('/export to a file already there asks first: no keeps it and brings the command back; yes replaces it owner-only', async (t) => {
  const made = await builtinSession(t);
  const dir = await tempDir(t);
  const file = join(dir, 'sess.txt');
  await writeFile(file, 'an earlier export\n');
  await chmod(file, 0o644);
  t.like(await overwriteAsked(t, made, `/export ${file}`, file, false), { text: `not exported: ${file} exists and was kept as it was` });
  await waitForState(made.store, (s) => s.composer.line.text === `/export ${file}`, 'the command back in the input');
  t.is(await readFile(file, 'utf8'), 'an earlier export\n');
  t.is((await stat(file)).mode & 0o777, 0o644);
  t.regex((await overwriteAsked(t, made, `/export ${file}`, file, true))?.text ?? '', /^exported \d+ entries to /);
  t.regex(await readFile(file, 'utf8'), /^<- {2}220 /m);
  t.is((await stat(file)).mode & 0o777, 0o600, 'the file that replaced it is owner-only');
  t.deepEqual(await readdir(dir), ['sess.txt']);
});

test.serial('/export-chain to a file already there asks first too', async (t) => {
  const made = await builtinSession(t);
  const file = join(HOME, 'old-chain.pem');
  await writeFile(file, 'old\n');
  await withTls(made);
  t.like(await overwriteAsked(t, made, '/export-chain ~/old-chain.pem', file, false), { text: `not exported: ${file} exists and was kept as it was` });
  t.is(await readFile(file, 'utf8'), 'old\n');
  t.regex((await overwriteAsked(t, made, '/export-chain ~/old-chain.pem', file, true))?.text ?? '', /^saved 1 certificate to /);
  t.is(new X509Certificate(await readFile(file, 'utf8')).subject, 'CN=localhost');
});

test.serial('/export and /export-chain replace a file alike: a symlink itself, not what it points to; owner-only; no temporary file left', async (t) => {
  const made = await builtinSession(t);
  const dir = await tempDir(t);
  await withTls(made);
  for (const [command, saved] of [['/export', /^exported \d+ entries to /], ['/export-chain', /^saved 1 certificate to /]] as const) {
    const target = join(dir, `${command.slice(1)}-target`);
    const link = join(dir, `${command.slice(1)}-link`);
    await writeFile(target, 'what the link points to\n');
    await chmod(target, 0o644);
    await symlink(target, link);
    t.regex((await overwriteAsked(t, made, `${command} ${link}`, link, true))?.text ?? '', saved);
    t.is(await readFile(target, 'utf8'), 'what the link points to\n', `${command}: the file the link pointed to is untouched`);
    t.true((await lstat(link)).isFile(), `${command}: the link is replaced by the new file`);
    t.is((await stat(link)).mode & 0o777, 0o600, `${command}: owner-only`);
  }
  t.is(new X509Certificate(await readFile(join(dir, 'export-chain-link'), 'utf8')).subject, 'CN=localhost');
  t.deepEqual((await readdir(dir)).sort(), ['export-chain-link', 'export-chain-target', 'export-link', 'export-target']);
});

test.serial('a pipe or a device is never replaced by an export, and nothing is asked', async (t) => {
  const made = await builtinSession(t);
  const fifo = join(await tempDir(t), 'pipe');
  execFileSync('mkfifo', [fifo]);
  t.like(await refused(made, `/export ${fifo}`), { text: `export failed: ${fifo} is not a regular file (a device, a pipe or a socket) and is not replaced` });
  t.true((await stat(fifo)).isFIFO());
});
