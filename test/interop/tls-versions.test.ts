// Issue 6, case 2: Exim limited to TLS 1.2 and later (a GnuTLS priority string, since Debian's Exim is built on
// GnuTLS); `--probe-tls` says which versions it takes. Exim as Debian ships it takes all four, which keeps the
// probe honest: it must tell the two apart.
import type { ExecutionContext } from 'ava';
import { runCli, type CliResult } from '../helpers/cli.js';
import type { EximInstance } from '../helpers/exim.js';
import { eximTest, evidence, exim, waitForLog } from './harness.js';

interface ProbeJson {
  exitCode: number;
  probe: { starttls: boolean; versions: { version: string; outcome: string; suite?: string; reason?: string }[] };
}

async function probe(t: ExecutionContext, instance: EximInstance, json = false): Promise<CliResult> {
  const result = await runCli(['--probe-tls', `127.0.0.1:${instance.port}`, ...(json ? ['--json'] : [])]);
  t.is(result.code, 0, await evidence(result, instance));
  return result;
}

const versionLines = (result: CliResult): string[] => result.stdout.split('\n').filter((line) => /^=== TLSv[\d.]+ +(accepted|refused)/.test(line));

eximTest('tls1.2+: the probe reports TLSv1 and TLSv1.1 refused, TLSv1.2 and TLSv1.3 accepted', async (t) => {
  const instance = await exim(t, { tlsVersions: 'tls1.2+' });
  const lines = versionLines(await probe(t, instance));
  t.is(lines.length, 4, lines.join('\n'));
  t.regex(lines[0]!, /^=== TLSv1 {3}refused \(alert protocol_version \(70\)\)$/);
  t.regex(lines[1]!, /^=== TLSv1\.1 refused \(alert protocol_version \(70\)\)$/);
  t.regex(lines[2]!, /^=== TLSv1\.2 accepted TLS_ECDHE_ECDSA_WITH_\w+ \(x25519\)$/);
  t.regex(lines[3]!, /^=== TLSv1\.3 accepted TLS_(AES|CHACHA20)_\w+ \(x25519\)$/);
  // Exim saw the two refused handshakes too, in GnuTLS's words.
  const refused = /TLS error on connection from .*\(gnutls_handshake\): A packet with illegal or unsupported version/g;
  t.is((await waitForLog(instance, refused, 2)).match(refused)?.length, 2);
});

eximTest('tls1.2+ in --json: each version with its outcome, over STARTTLS', async (t) => {
  const instance = await exim(t, { tlsVersions: 'tls1.2+' });
  const doc = JSON.parse((await probe(t, instance, true)).stdout) as ProbeJson;
  t.true(doc.probe.starttls);
  t.deepEqual(
    doc.probe.versions.map(({ version, outcome }) => `${version} ${outcome}`),
    ['TLSv1 refused', 'TLSv1.1 refused', 'TLSv1.2 accepted', 'TLSv1.3 accepted'],
  );
});

eximTest('Exim as Debian ships it (GnuTLS NORMAL) accepts TLSv1 to TLSv1.3, and the probe says so', async (t) => {
  const instance = await exim(t);
  const lines = versionLines(await probe(t, instance));
  t.deepEqual(
    lines.map((line) => line.replace(/^=== (\S+) +(\w+).*$/, '$1 $2')),
    ['TLSv1 accepted', 'TLSv1.1 accepted', 'TLSv1.2 accepted', 'TLSv1.3 accepted'],
  );
});
