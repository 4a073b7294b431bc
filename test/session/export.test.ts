import test from 'ava';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJson, exportMarkdown, exportText, formatFor, writeExport } from '../../src/session/export.js';
import type { SessionEntry } from '../../src/session/store.js';
import { tempDir } from './helpers.js';

const entries: SessionEntry[] = [
  { at: 0, mark: '<-', kind: 'received', text: '220 mx ready', raw: Buffer.from('220 mx ready'), tls: false, code: 220 },
  { at: 1000, mark: '~>', kind: 'sent', text: 'AUTH PLAIN [redacted]', raw: Buffer.from('AUTH PLAIN [redacted]'), tls: true },
  { at: 2000, mark: '~>', kind: 'sent', text: 'with ``` fences', tls: true, rawMode: true },
];

test('the format follows the extension', (t) => {
  t.is(formatFor('a.md'), 'markdown');
  t.is(formatFor('a.MARKDOWN'), 'markdown');
  t.is(formatFor('a.json'), 'json');
  t.is(formatFor('a.txt'), 'text');
  t.is(formatFor('transcript'), 'text');
});

test('text is the swaks transcript, with a note when early entries were dropped', (t) => {
  t.is(exportText({ target: 'mx:25', entries, dropped: 0 }), '<-  220 mx ready\n ~> AUTH PLAIN [redacted]\n ~> with ``` fences\n');
  t.true(exportText({ target: 'mx:25', entries, dropped: 1234 }).startsWith('=== 1,234 earlier entries were dropped'));
});

test('markdown fences the transcript with a fence longer than any inside it', (t) => {
  const markdown = exportMarkdown({ target: 'mx:25', entries, dropped: 0, now: new Date(0) });
  t.true(markdown.startsWith('# SMTP session with mx:25\n\nExported 1970-01-01T00:00:00.000Z. TLS: none (plaintext)\n\n````\n'));
  t.true(markdown.endsWith('\n````\n'));
});

test('JSON keeps codes, marks, raw bytes in base64 and raw-mode sends', (t) => {
  const document = JSON.parse(exportJson({ target: 'mx:25', entries, dropped: 0, now: new Date(0) })) as {
    target: string;
    entries: Array<Record<string, unknown>>;
  };
  t.is(document.target, 'mx:25');
  t.like(document.entries[0], { mark: '<-', code: 220, rawBase64: Buffer.from('220 mx ready').toString('base64'), at: '1970-01-01T00:00:00.000Z' });
  t.like(document.entries[2], { rawMode: true });
});

test('the file is written owner-only', async (t) => {
  const file = join(await tempDir(t), 'session.json');
  t.is(await writeExport(file, { target: 'mx:25', entries, dropped: 0 }), 'json');
  t.is((await stat(file)).mode & 0o777, 0o600);
  t.true((await readFile(file, 'utf8')).includes('"mark": "~>"'));
});

test('an existing file that others could read is replaced by an owner-only one', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'session.txt');
  await writeFile(file, 'old\n');
  await chmod(file, 0o644);
  await writeExport(file, { target: 'mx:25', entries, dropped: 0 });
  t.is((await stat(file)).mode & 0o777, 0o600);
  t.regex(await readFile(file, 'utf8'), /^<- {2}220 mx ready/);
  t.deepEqual(await readdir(dir), ['session.txt']);
});
