/**
 * /export, /export-chain and /send-file as typed, with real files: HOME is a temp dir of this test file's own
 * (ava runs each file in its own process), so `~` is expanded there.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { setLine } from '../../src/session/composer.js';
import { builtinSession, hasLine, transcriptText, typeAndWait, waitForState } from './helpers.js';

const HOME = mkdtempSync(join(tmpdir(), 'smtp-explorer-home-'));
process.env.HOME = HOME;
test.after.always(() => rmSync(HOME, { recursive: true, force: true }));

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
  await typeAndWait(made, 'EHLO client.test\rSTARTTLS\r', /TLS started/);
  await waitForState(made.store, (s) => s.tls.report !== undefined, 'the TLS report');
  for (const line of ['/export ~root/sess.txt', '/export-chain ~root/chain.pem']) {
    setLine(made.store, { text: '', cursor: 0 });
    made.session.type(`${line}\r`);
    const state = await waitForState(made.store, (s) => s.composer.line.text === line, 'the command back in the input');
    t.regex(state.status.notice?.text ?? '', /^~root: another user's home \(~user\) is not supported; type the full path/);
    t.is(state.status.notice?.tone, 'problem');
  }
});
