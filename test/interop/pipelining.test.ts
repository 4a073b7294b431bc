// Issue 6, case 5: Exim advertises PIPELINING; with `--pipeline` MAIL, the RCPTs and DATA leave in one write
// (seen by a relay that records how the bytes arrived) and each reply is tied to its command, also the refusal
// in the middle. Exim enforces RFC 2920's grouping itself (a command after one that must end a group is a
// "synchronization error"), so a wrong group would fail here.
import type { ExecutionContext } from 'ava';
import type { EximInstance } from '../helpers/exim.js';
import { startChunkProxy, type ChunkProxy } from './chunk-proxy.js';
import { eximTest, evidence, exim, explore, waitForLog } from './harness.js';

interface PipelinedJson {
  transcript: { mark: string; text: string; code?: number; answers?: string; pipelinedGroup?: number }[];
}

const ENVELOPE = ['MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>', 'RCPT TO:<nobody@elsewhere.test>', 'RCPT TO:<carol@example.test>', 'DATA'];
const SESSION = ['EHLO pipe.test', ...ENVELOPE, 'Subject: pipelined', '', 'One write for the envelope.', '.', 'QUIT'];

async function proxied(t: ExecutionContext): Promise<{ instance: EximInstance; proxy: ChunkProxy }> {
  const instance = await exim(t);
  const proxy = await startChunkProxy(instance.port);
  t.teardown(() => proxy.close());
  return { instance, proxy };
}

const wire = (lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');

eximTest('--pipeline: MAIL, three RCPTs and DATA in one write; each reply names its command; two deliveries', async (t) => {
  const { instance, proxy } = await proxied(t);
  const result = await explore(proxy.port, SESSION, ['--pipeline', '--keep-going']);
  t.is(result.code, 1, await evidence(result, instance));
  const chunks = proxy.connections[0]?.map((chunk) => chunk.toString('latin1')) ?? [];
  t.is(chunks[0], 'EHLO pipe.test\r\n');
  t.is(chunks[1], wire(ENVELOPE));

  const { lines } = result;
  const start = lines.indexOf('=== pipelining: the next 5 commands go out in one write (the server offers PIPELINING, RFC 2920)');
  t.true(start > 0, result.stdout);
  const group = lines.slice(start + 1, start + 13);
  // Under the refusal, what it means (the wording is codes.ts's to change).
  t.regex(group.splice(8, 1)[0] ?? '', /^=== 550 — /);
  t.deepEqual(group, [
    ...ENVELOPE.map((line) => ` -> ${line}`),
    '<-  250 OK   (answers MAIL FROM:<alice@example.test>)',
    '<-  250 Accepted   (answers RCPT TO:<bob@example.test>)',
    '<-  550 relaying not permitted   (answers RCPT TO:<nobody@elsewhere.test>)',
    '<-  250 Accepted   (answers RCPT TO:<carol@example.test>)',
    '<-  354 Enter message, ending with "." on a line by itself   (answers DATA)',
    ' -> Subject: pipelined',
  ]);
  // Replies outside the group stand alone, as without --pipeline.
  t.true(lines.includes('<-  250-exim.test Hello pipe.test [127.0.0.1]'));

  const messages = await instance.waitForMail(2);
  t.deepEqual(messages.map((m) => /^Envelope-to: (.*)$/m.exec(m.content)?.[1]).sort(), ['bob@example.test', 'carol@example.test']);
  t.notRegex(await instance.log(), /synchronization error/);
});

eximTest('without --pipeline the same session goes one command per write, and no reply needs naming', async (t) => {
  const { instance, proxy } = await proxied(t);
  const result = await explore(proxy.port, SESSION, ['--keep-going']);
  t.is(result.code, 1, await evidence(result, instance));
  const chunks = proxy.connections[0]?.map((chunk) => chunk.toString('latin1')) ?? [];
  t.deepEqual(chunks.slice(0, 6), wire(['EHLO pipe.test', ...ENVELOPE]).split(/(?<=\r\n)/));
  t.false(result.stdout.includes('(answers'));
  t.false(result.stdout.includes('pipelining'));
  await instance.waitForMail(2);
});

eximTest('--pipeline --json: the group number on each command and reply, and what each reply answers', async (t) => {
  const { instance, proxy } = await proxied(t);
  const result = await explore(proxy.port, SESSION, ['--pipeline', '--keep-going', '--json']);
  t.is(result.code, 1, await evidence(result, instance));
  const doc = JSON.parse(result.stdout) as PipelinedJson;
  const grouped = doc.transcript.filter((entry) => entry.pipelinedGroup === 1);
  t.deepEqual(
    grouped.filter((entry) => entry.mark === '->').map((entry) => entry.text),
    ENVELOPE,
  );
  t.deepEqual(
    grouped.filter((entry) => entry.mark === '<-').map((entry) => `${entry.code} ${entry.answers}`),
    ['250 MAIL FROM:<alice@example.test>', '250 RCPT TO:<bob@example.test>', '550 RCPT TO:<nobody@elsewhere.test>', '250 RCPT TO:<carol@example.test>', '354 DATA'],
  );
  t.is(doc.transcript.filter((entry) => entry.pipelinedGroup !== undefined).length, 10);
  await instance.waitForMail(2);
});

eximTest('--pipeline without --keep-going: the refusal stops the script inside DATA, and no message goes out', async (t) => {
  const instance = await exim(t);
  const result = await explore(instance.port, SESSION, ['--pipeline']);
  t.is(result.code, 1, await evidence(result, instance));
  const { lines } = result;
  const stop = lines.indexOf('=== stopping after 550 to RCPT TO:<nobody@elsewhere.test> (--keep-going goes on)');
  // Every reply of the group had arrived; the script stops at the first refusal among them.
  t.true(stop > lines.indexOf('<-  354 Enter message, ending with "." on a line by itself   (answers DATA)'), result.stdout);
  t.is(lines[stop + 1], '=== the server is waiting for a message body (354): closing without one, so nothing is delivered');
  t.false(lines.some((line) => line.startsWith(' -> Subject:')));
  t.regex(await waitForLog(instance, /lost while reading message data/), /lost while reading message data/);
  t.deepEqual(await instance.maildir(), []);
});
