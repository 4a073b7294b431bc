import test from 'ava';
import type { ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { runCli } from '../helpers/cli.js';
import { socketError } from '../../src/core/socket-error.js';
import type { Closer, SocketError } from '../../src/core/socket-error.js';
import { entriesFor } from '../../src/core/transcript.js';

function failure(message: string, code?: string): SocketError {
  return Object.assign(new Error(message), code ? { code } : {});
}

const talking = { host: '::1', port: 2525, connecting: false, implicit: false, handshaking: false, secure: false, handshake: () => undefined, stray: () => undefined };
const WRONG_VERSION = failure('error:0A00010B:SSL routines::wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER');

test('a connection that never opened was closed by nobody', (t) => {
  const { error, by } = socketError(failure('connect ECONNREFUSED ::1:2525', 'ECONNREFUSED'), { ...talking, connecting: true });
  t.is(by, 'none');
  t.is(error.message, 'cannot connect to [::1]:2525: connect ECONNREFUSED ::1:2525');  // A name lookup that fails for now (EAI_AGAIN) opened nothing either.
  t.is(socketError(failure('getaddrinfo EAI_AGAIN mx.example', 'EAI_AGAIN'), { ...talking, connecting: true }).by, 'none');
});

test('a reset or a write into a closed connection is the server ending it, said in words', (t) => {
  const reset = socketError(failure('read ECONNRESET', 'ECONNRESET'), talking);
  t.is(reset.by, 'server');
  t.is(reset.error.message, 'the server at [::1]:2525 reset the connection (read ECONNRESET)');
  const pipe = socketError(failure('write EPIPE', 'EPIPE'), talking);
  t.is(pipe.by, 'server');
  t.is(pipe.error.message, 'the server at [::1]:2525 closed the connection while this side was still writing (write EPIPE)');
});

test('in a TLS handshake: an alert or a close is the server, bytes that are not TLS are refused by this side', (t) => {
  const handshaking = { ...talking, handshaking: true };
  const alert = socketError(failure('error:0A00042E:SSL routines::tlsv1 alert protocol version:../deps/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 70', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'), handshaking);
  t.is(alert.by, 'server');
  t.is(alert.error.kind, 'tls');
  const closed = socketError(failure('Client network socket disconnected before secure TLS connection was established', 'ECONNRESET'), handshaking);
  t.is(closed.by, 'server');
  const notTls = socketError(WRONG_VERSION, handshaking);
  t.is(notTls.by, 'client');
  const refused = socketError(failure('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), handshaking);
  t.is(refused.by, 'client');
});

test('long after the handshake, bytes that are not TLS are the server leaving the session, shown as evidence', (t) => {
  const raw = Buffer.from('500 Too many unrecognized commands\r\n');
  const { error, by } = socketError(WRONG_VERSION, { ...talking, secure: true, stray: () => ({ raw, total: raw.length }) });
  t.is(by, 'server');
  t.is(error.kind, 'tls');
  t.is(error.message, 'the server sent plaintext in the middle of the TLS session (not TLS records): 36 bytes: 500 Too many unrecognized commands\\r\\n');
  t.deepEqual(error.raw, raw);
  t.deepEqual(entriesFor({ type: 'error', at: 0, error })[0]?.raw, raw);
});

test('long after the handshake, other TLS errors neither blame the 220 to STARTTLS nor give handshake advice', (t) => {
  const secure = { ...talking, secure: true };
  const alert = socketError(failure('error:0A000414:SSL routines::sslv3 alert bad record mac:SSL alert number 20', 'ERR_SSL_SSLV3_ALERT_BAD_RECORD_MAC'), secure);
  t.is(alert.by, 'server');
  t.is(alert.error.message, 'the server sent the TLS alert bad_record_mac (20) in the middle of the TLS session');
  const unread = socketError(WRONG_VERSION, secure);
  t.is(unread.by, 'client');
  t.is(unread.error.message, 'the TLS session broke after its handshake: error:0A00010B:SSL routines::wrong version number');
  t.is(unread.error.raw, undefined);
});

test('any other error ends the connection without naming a side', (t) => {
  const { error, by } = socketError(failure('read ETIMEDOUT', 'ETIMEDOUT'), talking);
  t.is(by, 'error');
  t.is(error.message, 'the connection to [::1]:2525 failed: read ETIMEDOUT');
});

test('the transcript says who closed, and nothing for a connection that never opened', (t) => {
  const closed = (by: Closer) => entriesFor({ type: 'closed', at: 0, by, tls: false, expected: false }).map((entry) => entry.text);
  t.deepEqual(closed('server'), ['Connection closed by the server.']);
  t.deepEqual(closed('client'), ['Connection closed by the client.']);
  t.deepEqual(closed('error'), ['Connection closed.']);
  t.deepEqual(closed('none'), []);
});

/**
 * A listener with a backlog of 0 that never accepts: once one connection waits in its queue, the kernel drops the
 * SYNs of the next, whose connect then hangs until its deadline. Node accepts at once, so this is Python's.
 */
async function neverAccepting(t: ExecutionContext): Promise<number> {
  const child = spawn('python3', ['-c', "import socket,time\ns=socket.socket();s.bind(('127.0.0.1',0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)"]);
  t.teardown(() => child.kill());
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  const filler = net.connect(port, '127.0.0.1');
  t.teardown(() => filler.destroy());
  await once(filler, 'connect');
  return port;
}

test('a connect that runs into its deadline opened nothing: no "Connection closed" line after it', async (t) => {
  const port = await neverAccepting(t);
  const result = await runCli(['--script', '-', `127.0.0.1:${port}`, '--timeout', '0.3'], { input: 'NOOP\n' });
  t.is(result.code, 2, result.stdout);
  t.true(result.stdout.includes(`*** no TCP connection to 127.0.0.1:${port} within 0.3 s`), result.stdout);
  t.false(result.stdout.includes('Connection closed'), result.stdout);
});
