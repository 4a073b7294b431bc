import test from 'ava';
import type { ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCertificate } from '../../src/server/certs.js';
import { runCli } from '../helpers/cli.js';
import { finish, secure } from './helpers/connect.js';
import { startTlsSmtpServer } from './helpers/tls-smtp-server.js';
import type { TlsSmtpOptions, TlsSmtpServer } from './helpers/tls-smtp-server.js';

const TLS13_LABELS = [
  'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  'CLIENT_TRAFFIC_SECRET_0',
  'EXPORTER_SECRET',
  'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  'SERVER_TRAFFIC_SECRET_0',
];

function tempFile(t: ExecutionContext): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keylog-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'keys.log');
}

async function server(t: ExecutionContext, options: Partial<TlsSmtpOptions> = {}): Promise<TlsSmtpServer> {
  const cert = await generateCertificate();
  const listening = await startTlsSmtpServer({ key: cert.keyPem, cert: cert.certPem, ...options });
  t.teardown(() => listening.close());
  return listening;
}

const fileLines = (file: string): string[] => readFileSync(file, 'latin1').trimEnd().split('\n');

test('TLS 1.3: the key log holds the five traffic secrets, line for line what the server logged, for one client random', async (t) => {
  const listening = await server(t);
  const file = tempFile(t);
  const secured = await secure(listening, { keylogFile: file });
  await finish(secured);
  const lines = fileLines(file);
  t.deepEqual(lines.map((l) => l.split(' ')[0]).sort(), TLS13_LABELS);
  t.deepEqual([...lines].sort(), [...listening.keylog].sort());
  t.is(new Set(lines.map((l) => l.split(' ')[1])).size, 1);
  t.is(statSync(file).mode & 0o777, 0o600);
});

test('TLS 1.2: one CLIENT_RANDOM line with the master secret, the same as the server side', async (t) => {
  const listening = await server(t, { maxVersion: 'TLSv1.2' });
  const file = tempFile(t);
  await finish(await secure(listening, { keylogFile: file }));
  const lines = fileLines(file);
  t.is(lines.length, 1);
  t.regex(lines[0]!, /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/i);
  t.deepEqual(lines, listening.keylog);
});

test('a key log that cannot be written is a warning in the report; the session goes on', async (t) => {
  const listening = await server(t);
  const secured = await secure(listening, { keylogFile: path.join(os.tmpdir(), 'no-such-dir-here', 'keys.log') });
  t.teardown(() => finish(secured));
  t.true(secured.report.warnings.some((w) => w.startsWith('the key log ') && w.includes('could not be written')));
});

test('--keylog FILE and SSLKEYLOGFILE in script mode append, one set of lines per connection', async (t) => {
  const listening = await server(t);
  const target = `127.0.0.1:${listening.port}`;
  const input = 'EHLO client.example\nSTARTTLS\nQUIT\n';
  const byFlag = tempFile(t);
  const flagged = await runCli(['--script', '-', target, '--keylog', byFlag], { input });
  t.is(flagged.code, 0, flagged.stdout + flagged.stderr);
  const byEnv = tempFile(t);
  await runCli(['--script', '-', target], { input, env: { SSLKEYLOGFILE: byEnv } });
  await runCli(['--script', '-', target], { input, env: { SSLKEYLOGFILE: byEnv } });
  t.is(fileLines(byFlag).length, 5);
  t.is(fileLines(byEnv).length, 10);
  t.deepEqual([...fileLines(byFlag), ...fileLines(byEnv)].sort(), [...listening.keylog].sort());
});
