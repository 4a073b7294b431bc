// Messages off the DATA stream and into the mailbox: the first `keptBytes` kept, the size counted in full.
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { ReceivedMessage, TlsFacts } from './mailbox.js';
import { userName } from './policy.js';

export function receive(stream: SMTPServerDataStream, keptBytes: number): Promise<{ raw: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const kept: Buffer[] = [];
    let keptLength = 0;
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (keptLength < keptBytes) {
        const part = chunk.subarray(0, keptBytes - keptLength);
        kept.push(part);
        keptLength += part.length;
      }
    });
    stream.once('end', () => resolve({ raw: Buffer.concat(kept), size }));
    stream.once('error', reject);
  });
}

export function toMessage(
  session: SMTPServerSession,
  tls: TlsFacts | undefined,
  raw: Buffer,
  size: number,
): Omit<ReceivedMessage, 'seq' | 'receivedAt' | 'truncated'> {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    from: mailFrom ? mailFrom.address : '',
    to: rcptTo.map((rcpt) => rcpt.address),
    size,
    raw,
    heloName: session.hostNameAppearsAs || '',
    remoteAddress: session.remoteAddress,
    user: userName(session),
    tls,
  };
}
