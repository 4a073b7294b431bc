import { Readable } from 'node:stream';
import test from 'ava';
import { BODY_QUEUE_BYTES, SmtpConnection } from '../../src/core/connection.js';
import { startBuiltinServer } from '../../src/server/builtin.js';

/** Lines of 80 bytes, every 40th starting with ".", so the body needs dot-stuffing throughout. */
function message(bytes: number): Buffer {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const line = `${i % 40 === 0 ? '.' : ''}line ${String(i).padStart(8, '0')} ${'y'.repeat(60)}`.slice(0, 78);
    lines.push(line);
    size += line.length + 2;
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

function inChunks(buffer: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += size) chunks.push(buffer.subarray(at, at + size));
  return Readable.from(chunks);
}

test('a body many times the socket queue bound goes over STARTTLS whole, in order, dot-stuffed', async (t) => {
  const body = message(12 * BODY_QUEUE_BYTES);
  const server = await startBuiltinServer({ port: 0, maxMessageBytes: 2 * body.length, keptBytes: 2 * body.length });
  t.teardown(() => server.close());
  const connection = new SmtpConnection({ host: server.host, port: server.port });
  t.teardown(() => connection.close());
  await connection.open();
  for (const line of ['EHLO client.example', 'STARTTLS', 'EHLO client.example', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']) {
    const reply = await connection.submit(line);
    t.true(reply !== undefined && reply.code < 400, `${line}: ${reply?.code}`);
  }
  t.true(connection.tls);
  const end = await connection.streamBody(inChunks(body, 64 * 1024), 'generated body');
  t.is(end.code, 250);
  const [received] = server.mailbox;
  t.is(received?.size, body.length);
  t.true(received?.raw.equals(body), 'the server, after unstuffing, holds exactly the bytes of the source');
});

test('a server that drops the connection mid-body: the failure is the caller\'s to catch, and the file is closed', async (t) => {
  const { createReadStream, mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { startRawServer } = await import('../helpers/raw-server.js');
  const file = join(mkdtempSync(join(tmpdir(), 'smtp-explorer-body-')), 'big.eml');
  writeFileSync(file, message(30 * 1024 * 1024));
  const server = await startRawServer(async (peer) => {
    await peer.write('220 ready\r\n');
    await peer.expectLine(/^DATA/);
    await peer.write('354 go\r\n');
    while (peer.received.length < 200_000) await new Promise((resolve) => peer.socket.once('data', resolve));
    peer.destroy();
  });
  t.teardown(() => server.close());
  const connection = new SmtpConnection({ host: '127.0.0.1', port: server.port });
  await connection.open();
  await connection.submit('DATA');
  const source = createReadStream(file);
  await t.throwsAsync(connection.streamBody(source, 'big.eml'), { message: /closed|reset|ECONNRESET|EPIPE/i });
  t.true(source.destroyed);
});
