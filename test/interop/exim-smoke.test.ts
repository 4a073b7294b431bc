// Proves the Exim test peer itself: each configuration the interop tests rely on, driven by a
// few lines of raw net/tls so a failure here points at the peer, not at smtp-explorer.
import type { ExecutionContext } from 'ava';
import net from 'node:net';
import tls from 'node:tls';
import type { EximInstance } from '../helpers/exim.js';
import { eximTest, exim, plainAuth as plain } from './harness.js';

const REPLY_TIMEOUT_MS = 5_000;
const LEGACY_CIPHERS = 'DEFAULT:@SECLEVEL=0';

interface Reply {
  code: number;
  text: string;
}

/** Just enough SMTP: send a line, read one (multi-line) reply, upgrade in place. */
class RawSmtp {
  private buffer = '';
  private readonly replies: Reply[] = [];
  private waiting: ((reply: Reply) => void) | undefined;
  private failure: Error | undefined;

  private constructor(private socket: net.Socket) {
    this.listen();
  }

  static async open(port: number, tlsOptions?: tls.ConnectionOptions): Promise<RawSmtp> {
    const socket = tlsOptions
      ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...tlsOptions })
      : net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once(tlsOptions ? 'secureConnect' : 'connect', resolve).once('error', reject);
    });
    return new RawSmtp(socket);
  }

  get tlsSocket(): tls.TLSSocket | undefined {
    return this.socket instanceof tls.TLSSocket ? this.socket : undefined;
  }

  reply(): Promise<Reply> {
    const next = this.replies.shift();
    if (next) return Promise.resolve(next);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
    });
  }

  command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** After the server's 220 to STARTTLS; resolves with the TLS socket or rejects with the handshake error. */
  async upgrade(options: tls.ConnectionOptions = {}): Promise<tls.TLSSocket> {
    this.socket.removeAllListeners('data');
    const secure = tls.connect({ socket: this.socket, rejectUnauthorized: false, ...options });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve).once('error', reject);
    });
    this.socket = secure;
    this.listen();
    return secure;
  }

  close(): void {
    this.socket.destroy();
  }

  private listen(): void {
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      // A reply ends at the line whose code is followed by a space.
      for (let end = this.finalLineEnd(); end >= 0; end = this.finalLineEnd()) {
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.deliver({ code: Number(text.split('\r\n').at(-1)?.slice(0, 3)), text });
      }
    });
    this.socket.on('error', (error) => {
      this.failure = error;
    });
  }

  private finalLineEnd(): number {
    let start = 0;
    for (let end = this.buffer.indexOf('\r\n'); end >= 0; end = this.buffer.indexOf('\r\n', start)) {
      if (this.buffer[start + 3] !== '-') return end;
      start = end + 2;
    }
    return -1;
  }

  private deliver(reply: Reply): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(reply);
    else this.replies.push(reply);
  }
}

async function open(t: ExecutionContext, port: number, tlsOptions?: tls.ConnectionOptions): Promise<RawSmtp> {
  const client = await RawSmtp.open(port, tlsOptions);
  t.teardown(() => client.close());
  return client;
}

/** Greeting, EHLO and STARTTLS on the plain port, ready for `upgrade`. */
async function beforeUpgrade(t: ExecutionContext, instance: EximInstance): Promise<RawSmtp> {
  const client = await open(t, instance.port);
  t.is((await client.reply()).code, 220);
  t.is((await client.command('EHLO client.test')).code, 250);
  t.is((await client.command('STARTTLS')).code, 220);
  return client;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

eximTest('the classic session: STARTTLS, then AUTH, then mail lands in the Maildir', async (t) => {
  const instance = await exim(t);
  const client = await open(t, instance.port);
  t.regex((await client.reply()).text, /^220 exim\.test ESMTP Exim/);
  const before = await client.command('EHLO client.test');
  t.regex(before.text, /^250-STARTTLS$/m);
  t.notRegex(before.text, /AUTH/);
  t.regex((await client.command(`AUTH PLAIN ${plain(instance.user, instance.password)}`)).text, /^503 /);

  t.is((await client.command('STARTTLS')).code, 220);
  const secure = await client.upgrade();
  t.is(secure.authorizationError?.toString(), 'DEPTH_ZERO_SELF_SIGNED_CERT');
  const after = await client.command('EHLO client.test');
  t.regex(after.text, /^250-AUTH PLAIN LOGIN$/m);
  t.notRegex(after.text, /STARTTLS/);

  t.is((await client.command(`AUTH PLAIN ${plain(instance.user, 'wrong')}`)).code, 535);
  t.is((await client.command(`AUTH PLAIN ${plain(instance.user, instance.password)}`)).code, 235);
  t.is((await client.command('MAIL FROM:<sender@client.test>')).code, 250);
  t.is((await client.command(`RCPT TO:<bob@${instance.domain}>`)).code, 250);
  t.is((await client.command('RCPT TO:<someone@elsewhere.test>')).code, 550);
  t.is((await client.command('DATA')).code, 354);
  t.is((await client.command('Subject: smoke\r\n\r\nhello from the smoke test\r\n.')).code, 250);
  t.is((await client.command('QUIT')).code, 221);

  const [message] = await instance.waitForMail(1);
  t.regex(message?.content ?? '', /^Envelope-to: bob@example\.test$/m);
  t.regex(message?.content ?? '', /^Subject: smoke$/m);
  t.regex(message?.content ?? '', /hello from the smoke test/);
});

eximTest('tls1.2+ refuses a TLSv1 handshake and accepts TLSv1.2', async (t) => {
  const instance = await exim(t, { tlsVersions: 'tls1.2+' });
  const old = await beforeUpgrade(t, instance);
  await t.throwsAsync(old.upgrade({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: LEGACY_CIPHERS }));

  const current = await beforeUpgrade(t, instance);
  const secure = await current.upgrade({ maxVersion: 'TLSv1.2' });
  t.is(secure.getProtocol(), 'TLSv1.2');
});

eximTest('tls1.0-only with a 1024-bit key accepts only a client that lowers its security level', async (t) => {
  const instance = await exim(t, { tlsVersions: 'tls1.0-only', rsaBits: 1024 });
  const strict = await beforeUpgrade(t, instance);
  await t.throwsAsync(strict.upgrade());
  const noSeclevel = await beforeUpgrade(t, instance);
  await t.throwsAsync(noSeclevel.upgrade({ minVersion: 'TLSv1' }));

  const legacy = await beforeUpgrade(t, instance);
  const secure = await legacy.upgrade({ minVersion: 'TLSv1', ciphers: LEGACY_CIPHERS });
  t.is(secure.getProtocol(), 'TLSv1');
  t.is(secure.getPeerCertificate().bits, 1024);
  t.is((await legacy.command('EHLO client.test')).code, 250);
});

eximTest('implicit TLS greets over TLS and offers AUTH LOGIN at once', async (t) => {
  const instance = await exim(t, { implicitTls: true });
  if (instance.tlsPort === undefined) return t.fail('no implicit TLS port');
  const client = await open(t, instance.tlsPort, {});
  t.truthy(client.tlsSocket?.getProtocol());
  t.is((await client.reply()).code, 220);
  const caps = await client.command('EHLO client.test');
  t.regex(caps.text, /^250-AUTH PLAIN LOGIN$/m);
  t.notRegex(caps.text, /STARTTLS/);
  t.regex((await client.command('AUTH LOGIN')).text, /^334 VXNlcm5hbWU6$/);
  t.regex((await client.command(base64(instance.user))).text, /^334 UGFzc3dvcmQ6$/);
  t.is((await client.command(base64(instance.password))).code, 235);
});
