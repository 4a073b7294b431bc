/** runScript and its output objects, driven directly: what the CLI cannot provoke from its own arguments. */
import test from 'ava';
import { Writable } from 'node:stream';
import { jsonOutput } from '../../src/script/output.js';
import { runScript } from '../../src/script/run-script.js';

/** A stream that keeps what is written, as it is written. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

interface Document {
  exitCode: number;
  transcript: { mark: string; text: string }[];
}

test('an error of smtp-explorer itself still closes the --json document, with exit code 2, and goes on to the caller', async (t) => {
  const out = sink();
  // No such port: Node throws a RangeError as the socket is made, an error no SMTP or network failure stands for.
  const run = runScript({
    steps: [{ kind: 'command', line: 'NOOP', lineNumber: 1 }],
    connection: { host: '127.0.0.1', port: 70_000 },
    output: jsonOutput(out.stream),
    keepGoing: false,
  });
  await t.throwsAsync(run, { instanceOf: RangeError, message: /Port should be >= 0 and < 65536/ });
  const doc = JSON.parse(out.text()) as Document;
  t.is(doc.exitCode, 2);
  t.deepEqual(doc.transcript.map((entry) => entry.mark), ['===', '***']);
  t.regex(doc.transcript[1]!.text, /^stopped by an error in smtp-explorer itself, told on standard error: Port should be/);
});

test('a closed --json document stays closed: a later entry or finish writes nothing after it', async (t) => {
  const out = sink();
  const output = jsonOutput(out.stream);
  output.entry({ at: 0, mark: '===', kind: 'info', text: 'before', tls: false });
  await output.finish({ exitCode: 2, capabilities: {} });
  output.entry({ at: 0, mark: '===', kind: 'info', text: 'Connection closed by the client.', tls: false });
  await output.finish({ exitCode: 0, capabilities: {} });
  const doc = JSON.parse(out.text()) as Document;
  t.is(doc.exitCode, 2);
  t.deepEqual(doc.transcript.map((entry) => entry.text), ['before']);
});
