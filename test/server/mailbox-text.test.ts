import test from 'ava';
import { messagePreview, messageSummary } from '../../src/server/mailbox-text.js';
import type { ReceivedMessage } from '../../src/server/mailbox.js';

function message(fields: Partial<ReceivedMessage> = {}): ReceivedMessage {
  const raw = fields.raw ?? Buffer.from('Subject: hi\r\n\r\nhello\r\n');
  return {
    seq: 1,
    receivedAt: new Date(0),
    from: 'you@example.org',
    to: ['friend@example.org'],
    size: raw.length,
    raw,
    truncated: false,
    heloName: 'client.test',
    remoteAddress: '127.0.0.1',
    user: undefined,
    tls: undefined,
    ...fields,
  };
}

test('a summary names the envelope, the size, where it came from and how', (t) => {
  t.is(messageSummary(message()), 'message 1 from <you@example.org> to <friend@example.org> (22 bytes; 127.0.0.1, plaintext)');
  t.is(
    messageSummary(message({ seq: 7, from: '', to: ['a@x.test', 'b@y.test'], user: 'student', tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } })),
    'message 7 from <> to <a@x.test>, <b@y.test> (22 bytes; 127.0.0.1, TLSv1.3, as student)',
  );
});

test('client-supplied text is escaped, never passed to the terminal', (t) => {
  const summary = messageSummary(message({ from: 'evil\x1b[2J@example.org', to: ['\u202eoof@example.org'] }));
  t.false(summary.includes('\x1b'));
  t.false(summary.includes('\u202e'));
  t.regex(summary, /evil\\x1b\[2J@example\.org/);
  const preview = messagePreview(message({ raw: Buffer.from('Subject: \x1b]0;title\x07\r\n\r\n\xff\xfe\r\n', 'latin1') }));
  t.deepEqual(preview, ['Subject: \\x1b]0;title\\x07', '', '\\xff\\xfe']);
});

test('a preview shows the first lines and says what it left out', (t) => {
  const body = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\r\n') + '\r\n';
  const preview = messagePreview(message({ raw: Buffer.from(body) }), 5);
  t.deepEqual(preview, ['line 1', 'line 2', 'line 3', 'line 4', 'line 5', '… 25 more lines']);
  const cut = messagePreview(message({ raw: Buffer.from('Subject: big\r\n'), size: 5000, truncated: true }));
  t.deepEqual(cut, ['Subject: big', '… only the first 14 of 5000 bytes were kept']);
});
