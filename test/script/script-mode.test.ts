import test from 'ava';
import { startBuiltinServer } from '../../src/server/builtin.js';
import { runCli } from '../helpers/cli.js';
import { startRawServer } from '../helpers/raw-server.js';

test('the README example: STARTTLS, AUTH only after TLS, message accepted, exit 0', async (t) => {
  const result = await runCli(['--script', 'examples/starttls.smtp']);
  t.is(result.code, 0, result.stdout + result.stderr);
  const lines = result.stdout.split('\n');
  t.true(lines.includes(' -> STARTTLS'));
  const tlsLine = lines.find((l) => l.startsWith('=== TLS started:'));
  t.regex(tlsLine ?? '', /TLSv1\.3 · TLS_AES_\w+ · .*self-signed/);
  const authBefore = lines.slice(0, lines.indexOf(' -> STARTTLS')).filter((l) => /AUTH/.test(l));
  t.deepEqual(authBefore, []);
  t.true(lines.some((l) => /^<~ {2}250-AUTH PLAIN LOGIN$/.test(l)));
  t.true(lines.includes(' ~> AUTH PLAIN [redacted]'));
  t.false(result.stdout.includes('AHN0dWRlbnQAd29ya3Nob3A='));
  t.true(lines.some((l) => /^<~ {2}250 .*queued/.test(l)));
});

test('--json gives one document with raw bytes, the TLS report and both capability sets', async (t) => {
  const result = await runCli(['--script', 'examples/starttls.smtp', '--json']);
  t.is(result.code, 0);
  const doc = JSON.parse(result.stdout) as {
    exitCode: number;
    transcript: { mark: string; text: string; raw?: string; tls: boolean }[];
    tls: { protocol: string; verdict: { label: string } };
    capabilities: { beforeTls: { auth: string[]; starttls: boolean; list: object[] }; afterTls: { auth: string[] } };
  };
  t.is(doc.exitCode, 0);
  // Each capability's bytes are evidence in the transcript already; none is written out as a Buffer object.
  t.deepEqual(Object.keys(doc.capabilities.beforeTls.list[0]!).sort(), ['keyword', 'line', 'params']);
  t.false(result.stdout.includes('"Buffer"'));
  t.is(doc.tls.protocol, 'TLSv1.3');
  t.is(doc.tls.verdict.label, 'self-signed');
  t.deepEqual(doc.capabilities.beforeTls.auth, []);
  t.true(doc.capabilities.beforeTls.starttls);
  t.deepEqual(doc.capabilities.afterTls.auth, ['PLAIN', 'LOGIN']);
  const rcpt = doc.transcript.find((e) => e.text.startsWith('RCPT TO:'));
  t.is(Buffer.from(rcpt!.raw!, 'base64').toString(), 'RCPT TO:<teacher@example.test>\r\n');
  t.true(rcpt!.tls);
  t.false(result.stdout.includes('AHN0dWRlbnQAd29ya3Nob3A='));
});

test('a 5xx reply stops the script with exit 1 and a polite QUIT', async (t) => {
  const server = await startBuiltinServer({ port: 0 });
  t.teardown(() => server.close());
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`], { input: 'EHLO me\nAUTH PLAIN AHN0dWRlbnQAd29ya3Nob3A=\nMAIL FROM:<a@b.example>\n' });
  t.is(result.code, 1, result.stdout);
  t.true(result.stdout.includes('=== stopping after'));
  t.false(result.stdout.includes('MAIL FROM'));
  t.true(result.stdout.includes(' -> QUIT'));
});

test('a refused STARTTLS stops before anything goes out in plaintext', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^STARTTLS/);
    await peer.write('454 4.7.0 TLS not available due to local problem\r\n');
    await peer.readLine();
    await peer.write('221 bye\r\n');
  });
  t.teardown(() => server.close());
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`], { input: 'STARTTLS\nAUTH PLAIN secret\n' });
  t.is(result.code, 1);
  t.true(result.stdout.includes('STARTTLS did not start TLS'));
  t.false(server.peers[0]!.received.toString().includes('AUTH'));
});

test('silence after a command exits 2 within the --timeout given', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.readLine();
    await new Promise((resolve) => peer.socket.once('close', resolve));
  });
  t.teardown(() => server.close());
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`, '--timeout', '0.5'], { input: 'NOOP\n' });
  t.is(result.code, 2);
  t.true(result.stdout.includes('*** no complete reply to NOOP within 0.5 s'));
});

test('usage errors exit 64 with a clear message', async (t) => {
  for (const args of [['--tls-min', 'SSLv3', '--script', '-'], ['--bogus'], ['a:b:c:99999', '--script', '-']]) {
    const result = await runCli(args);
    t.is(result.code, 64, args.join(' '));
    t.regex(result.stderr, /^smtp-explorer: .+\nTry smtp-explorer --help/);
  }  const unknown = await runCli(['--bogus']);
  t.is(unknown.stderr.split('\n')[0], 'smtp-explorer: unknown option --bogus');
});

test('a connection refused exits 2', async (t) => {
  const server = await startRawServer(async () => undefined);
  const port = server.port;
  await server.close();
  const result = await runCli(['--script', '-', `127.0.0.1:${port}`], { input: 'NOOP\n' });
  t.is(result.code, 2);
  t.regex(result.stdout, /\*\*\* cannot connect to 127\.0\.0\.1/);
  t.false(result.stdout.includes('Connection closed'), 'nothing was open to close');
});

test('server text is printed escaped, never raw', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 \x1b]0;pwned\x07 \x1b[2J hi \xff\r\n');
    await peer.readLine();
    await peer.write('221 bye\r\n');
  });
  t.teardown(() => server.close());
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`], { input: 'QUIT\n' });
  t.false(/[\x00-\x08\x0b-\x1f\x7f]/.test(result.stdout));
  t.true(result.stdout.includes('<-  220 \\x1b]0;pwned\\x07 \\x1b[2J hi'));
});

test('--body-file streams the body dot-stuffed and the transcript keeps a summary', async (t) => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'smtp-explorer-'));
  const body = 'Subject: big\n\n' + '.dotted line\nplain line\n'.repeat(20_000);
  writeFileSync(join(dir, 'body.eml'), body);
  const server = await startBuiltinServer({ port: 0 });
  t.teardown(() => server.close());
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`, '--body-file', join(dir, 'body.eml')], {
    input: 'EHLO me\nMAIL FROM:<a@example.test>\nRCPT TO:<b@example.test>\nDATA\nQUIT\n',
  });
  t.is(result.code, 0, result.stdout);
  t.regex(result.stdout, / -> … 480,014 bytes of message body from .*body\.eml/);
  t.false(result.stdout.includes('plain line'));
  const message = server.mailbox.at(-1)!;
  t.is(message.size, Buffer.byteLength(body.replace(/\n/g, '\r\n')));
  t.true(message.raw.subarray(0, 100).toString().includes('\r\n.dotted line\r\n'));
});

test('--body-file mistakes are usage errors before anything connects: a body of the script\'s own, no DATA, a directory', async (t) => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'smtp-explorer-'));
  const body = join(dir, 'body.eml');
  writeFileSync(body, 'Subject: hi\n\nhello\n');
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
  });
  t.teardown(() => server.close());
  const target = `127.0.0.1:${server.port}`;
  const cases: Array<[string, string, RegExp]> = [
    ['EHLO me\nMAIL FROM:<a@x>\nRCPT TO:<b@x>\nDATA\nSubject: own\n\nRCPT TO:<c@x>\n.\nQUIT\n', body, /line 5 \(Subject: own\) looks like a body of the script's own/],
    ['EHLO me\nDATA\n.\nQUIT\n', body, /line 3 \(\.\) looks like a body/],
    // Lines that begin like commands (Help…, Data…) still end in the lone "." of a body.
    ['EHLO me\nDATA\nHelp needed with the invoice\nplease call me\n.\nQUIT\n', body, /line 5 \(\.\) looks like a body/],
    ['EHLO me\nQUIT\n', body, /--body-file needs a DATA command in the script/],
    ['EHLO me\nDATA\nQUIT\n', dir, /^smtp-explorer: --body-file: .* is a directory$/m],
  ];
  for (const [input, file, message] of cases) {
    const result = await runCli(['--script', '-', target, '--body-file', file], { input });
    t.is(result.code, 64, result.stdout + result.stderr);
    t.regex(result.stderr, message);
  }
  t.is(server.peers.length, 0);
});

test('output piped into a reader that leaves early (| head -1): no EPIPE crash, the session still ends', async (t) => {
  const { spawn } = await import('node:child_process');
  const { ROOT } = await import('../helpers/cli.js');
  const server = await startBuiltinServer({ port: 0 });
  t.teardown(() => server.close());
  const child = spawn('bash', ['-c', `node --import tsx src/cli.ts --script - 127.0.0.1:${server.port} | head -1; echo "exit \${PIPESTATUS[0]}" >&2`], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  child.stdin.end('EHLO a\nNOOP\nNOOP\nNOOP\nQUIT\n');
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  await new Promise((resolve) => child.on('close', resolve));
  t.false(stderr.includes('EPIPE'), stderr);
  t.regex(stderr, /exit 0/);
});

test('after a refused AUTH, --keep-going does not send the lines that would have answered a 334: no credential leaves', async (t) => {
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
      if (/^QUIT/.test(line)) return peer.write('221 bye\r\n');
      await peer.write(/^\s*AUTH/.test(line) ? '504 5.5.4 mechanism not available\r\n' : '250 ok\r\n');
    }
  });
  t.teardown(() => server.close());
  const secrets = ['c3R1ZGVudA==', 'd29ya3Nob3A='];
  // A tab or a leading blank does not hide AUTH from a lenient server, so neither may it hide the answers after it.
  const runs = [
    { auth: 'AUTH LOGIN', json: false },
    { auth: 'AUTH LOGIN', json: true },
    { auth: 'AUTH\tLOGIN', json: false },
    { auth: ' AUTH LOGIN', json: false },
  ];
  for (const { auth, json } of runs) {
    const input = `EHLO x\n${auth}\n${secrets.join('\n')}\nNOOP\nQUIT\n`;
    const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`, '--keep-going', ...(json ? ['--json'] : [])], { input });
    t.is(result.code, 1, result.stdout);
    for (const secret of secrets) t.false(result.stdout.includes(secret), result.stdout);
    if (!json) {
      t.true(result.stdout.includes('=== line 3 ([redacted]) not sent: it answers AUTH, but no 334 is asking for it'), result.stdout);
      t.true(result.stdout.includes('=== line 4 ([redacted]) not sent'), result.stdout);
      t.true(result.stdout.includes(' -> NOOP'), result.stdout);
    }
  }
  t.is(server.peers.length, runs.length);
  for (const peer of server.peers) {
    const wire = peer.received.toString();
    t.true(wire.includes('NOOP\r\n'), wire);
    for (const secret of secrets) t.false(wire.includes(secret), wire);
  }
});

test('a 334 challenge is shown decoded under it: LOGIN asks "Username:" and "Password:" in base64', async (t) => {
  const server = await startBuiltinServer({ port: 0, authBeforeTls: true });
  t.teardown(() => server.close());
  const input = 'EHLO x\nAUTH LOGIN\nc3R1ZGVudA==\nd29ya3Nob3A=\nQUIT\n';
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`], { input });
  const lines = result.stdout.split('\n');
  const challenges = lines.flatMap((line, i) => (line.startsWith('<-  334 ') ? [[line, lines[i + 1]]] : []));
  t.deepEqual(challenges, [
    ['<-  334 VXNlcm5hbWU6', '=== the challenge, decoded from base64: "Username:"'],
    ['<-  334 UGFzc3dvcmQ6', '=== the challenge, decoded from base64: "Password:"'],
  ]);
});

test('--probe-tls that could not probe (exit 2) still lets the script end politely: its QUIT goes out', async (t) => {
  // STARTTLS answered 220, then silence: the probe stalls (2); the script never asks for TLS and has no QUIT.
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
      if (/^EHLO/i.test(line)) await peer.write('250-here\r\n250 STARTTLS\r\n');
      else if (/^STARTTLS/i.test(line)) {
        await peer.write('220 go ahead\r\n');
        return;
      } else if (/^QUIT/i.test(line)) {
        await peer.write('221 bye\r\n');
        peer.end();
        return;
      } else await peer.write('250 ok\r\n');
    }
  });
  t.teardown(() => server.close());
  const result = await runCli(['--script', '-', `127.0.0.1:${server.port}`, '--probe-tls', '--timeout', '1'], { input: 'EHLO me\nNOOP\n' });
  t.is(result.code, 2, result.stdout + result.stderr);
  t.true(result.stdout.includes('*** probe failed'), result.stdout);
  t.true(result.stdout.includes(' -> QUIT') && result.stdout.includes('<-  221 bye'), result.stdout);
});

test('--probe-tls before a script: a failed probe fails the run though every reply was positive (the worse of the two codes)', async (t) => {
  // STARTTLS offered but refused: the probe alone exits 1; the script never asks for TLS and gets 250s.
  const server = await startRawServer(async (peer) => {
    await peer.write('220 no tls today\r\n');
    for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
      if (/^EHLO/i.test(line)) await peer.write('250-here\r\n250 STARTTLS\r\n');
      else if (/^STARTTLS/i.test(line)) await peer.write('454 4.7.0 TLS not available due to local problem\r\n');
      else if (/^QUIT/i.test(line)) break;
      else await peer.write('250 ok\r\n');
    }
    await peer.write('221 bye\r\n');
    peer.end();
  });
  t.teardown(() => server.close());
  const args = ['--script', '-', `127.0.0.1:${server.port}`, '--probe-tls', '--timeout', '5'];
  const text = await runCli(args, { input: 'EHLO me\nNOOP\nQUIT\n' });
  t.is(text.code, 1, text.stdout + text.stderr);
  t.true(text.stdout.includes('*** probe failed: STARTTLS was answered 454'), text.stdout);
  t.true(text.stdout.includes('<-  221 bye'), 'the script still ran');
  const json = await runCli([...args, '--json'], { input: 'EHLO me\nNOOP\nQUIT\n' });
  t.is(json.code, 1, json.stdout + json.stderr);
  t.is((JSON.parse(json.stdout) as { exitCode: number }).exitCode, 1);
});
