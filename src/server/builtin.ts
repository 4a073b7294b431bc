// The workshop SMTP server: a real smtp-server with STARTTLS, AUTH only inside TLS, and an
// in-memory mailbox. Everything a later scenario changes (TLS versions, certificate, whether
// STARTTLS is offered, when AUTH is allowed, per-command refusals and delays) is an option.
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { SecureVersion, TLSSocket } from 'node:tls';
import { generateCertificate } from './certs.js';

export const WORKSHOP_USER = 'student';
export const WORKSHOP_PASSWORD = 'workshop';
export const WORKSHOP_BANNER = 'smtp-explorer workshop server';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_NAME = 'localhost';
const DEFAULT_MAILBOX_SIZE = 100;
const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const DEFAULT_KEPT_BYTES = 1024 * 1024;

export interface ReceivedMessage {
  /** 1, 2, 3… per server. */
  seq: number;
  receivedAt: Date;
  /** Empty for the null sender `<>`. */
  from: string;
  to: string[];
  /** Bytes received in DATA, after dot-unstuffing. */
  size: number;
  /** The first `keptBytes` bytes of the message. */
  raw: Buffer;
  truncated: boolean;
  heloName: string;
  remoteAddress: string;
  user: string | undefined;
  tls: TlsFacts | undefined;
}

export interface TlsFacts {
  protocol: string;
  cipher: string;
}

/** What a policy sees of a session. */
export interface SessionFacts {
  id: string;
  remoteAddress: string;
  secure: boolean;
  user: string | undefined;
  heloName: string | undefined;
  /** 1 for the first mail transaction of the connection. */
  transaction: number;
}

/** A reply that refuses a command; smtp-server adds the enhanced status code for `code`. */
export interface SmtpRefusal {
  code: number;
  message: string;
}

type Verdict = SmtpRefusal | undefined | Promise<SmtpRefusal | undefined>;

/** Per-command decisions. Returning a promise delays the reply (slow-server lessons). */
export interface ServerPolicy {
  /** Before the greeting; a refusal is sent instead of it and the connection closed. */
  connect?(session: SessionFacts): Verdict;
  mailFrom?(address: string, session: SessionFacts): Verdict;
  rcptTo?(address: string, session: SessionFacts): Verdict;
}

export interface TlsSettings {
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /** OpenSSL cipher string; legacy lessons need `DEFAULT:@SECLEVEL=0`. */
  ciphers?: string;
}

export interface BuiltinServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Implicit TLS from the first byte (port 465 style) instead of STARTTLS. */
  secure?: boolean;
  /** Host name in the greeting and the EHLO reply. */
  name?: string;
  /** Key and certificate (or chain) in PEM; a fresh self-signed one for localhost when absent. */
  certificate?: { keyPem: string; certPem: string };
  tls?: TlsSettings;
  /** `hidden`: accepted but not advertised (a stripped EHLO); `off`: refused, and AUTH with it unless `authBeforeTls`. */
  starttls?: 'advertised' | 'hidden' | 'off';
  /** Advertise and accept AUTH over plaintext too. */
  authBeforeTls?: boolean;
  policy?: ServerPolicy;
  /** Advertised with SIZE; larger messages get 552. */
  maxMessageBytes?: number;
  /** Bytes of each message kept in the mailbox. */
  keptBytes?: number;
  /** Messages kept; the oldest go first. */
  mailboxSize?: number;
}

export interface BuiltinServer {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  /** The certificate (or chain) the server presents. */
  readonly certPem: string;
  /** The last `mailboxSize` messages, oldest first. */
  readonly mailbox: readonly ReceivedMessage[];
  /** Returns a function that unsubscribes. */
  onMessage(listener: (message: ReceivedMessage) => void): () => void;
  /** Connection-level failures (failed handshakes, resets during a transaction); never thrown. */
  onClientError(listener: (error: Error) => void): () => void;
  close(): Promise<void>;
}

export async function startBuiltinServer(options: BuiltinServerOptions = {}): Promise<BuiltinServer> {
  const host = options.host ?? DEFAULT_HOST;
  const secure = options.secure ?? false;
  const certificate = options.certificate ?? (await generateCertificate());
  const mailboxSize = options.mailboxSize ?? DEFAULT_MAILBOX_SIZE;
  const keptBytes = options.keptBytes ?? DEFAULT_KEPT_BYTES;
  const starttls = options.starttls ?? 'advertised';
  const authBeforeTls = options.authBeforeTls ?? false;
  const policy = options.policy ?? {};
  const serverDisabled = starttls === 'off' ? ['STARTTLS'] : [];

  const mailbox: ReceivedMessage[] = [];
  const messageListeners = new Set<(message: ReceivedMessage) => void>();
  const errorListeners = new Set<(error: Error) => void>();
  const tlsBySession = new WeakMap<SMTPServerSession, TlsFacts>();
  let seq = 0;

  const store = (message: ReceivedMessage): void => {
    mailbox.push(message);
    if (mailbox.length > mailboxSize) {
      mailbox.splice(0, mailbox.length - mailboxSize);
    }
    for (const listener of messageListeners) {
      listener(message);
    }
  };

  const serverOptions: SMTPServerOptions = {
    secure,
    name: options.name ?? DEFAULT_NAME,
    banner: WORKSHOP_BANNER,
    key: certificate.keyPem,
    cert: certificate.certPem,
    // smtp-server allows TLS 1.0 for old clients; here the legacy lesson asks for it explicitly.
    minVersion: options.tls?.minVersion ?? 'TLSv1.2',
    ...(options.tls?.maxVersion ? { maxVersion: options.tls.maxVersion } : {}),
    ...(options.tls?.ciphers ? { ciphers: options.tls.ciphers } : {}),
    logger: false,
    disableReverseLookup: true,
    hideSTARTTLS: starttls === 'hidden',
    disabledCommands: serverDisabled,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: true,
    allowInsecureAuth: authBeforeTls,
    hideENHANCEDSTATUSCODES: false,
    size: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    rejectOversized: true,

    // smtp-server lists AUTH in every EHLO reply, before TLS too; it only refuses the command
    // itself there. Exim's `auth_advertise_hosts = ${if eq{$tls_cipher}{}{}{*}}` hides it, and
    // that is the lesson: credentials are not even offered in the clear. smtp-server's own hook
    // for this is `session.disabledCommands`, which replaces the server-wide list for one
    // session, for the EHLO capabilities and the command table alike. So AUTH is disabled
    // per session until TLS is up (onSecure puts the server-wide list back); AUTH sent before
    // then is answered `500 5.5.2 Error: command not recognized`, as for any command the
    // server did not advertise.
    onConnect(session, callback) {
      if (!session.secure && !authBeforeTls) {
        session.disabledCommands = [...serverDisabled, 'AUTH'];
      }
      decide(policy.connect?.(facts(session)), callback);
    },
    onSecure(socket, session, callback) {
      session.disabledCommands = undefined;
      const tlsSocket = socket as TLSSocket;
      tlsBySession.set(session, {
        protocol: tlsSocket.getProtocol() ?? 'unknown',
        cipher: tlsSocket.getCipher().name,
      });
      callback();
    },
    onAuth(auth, _session, callback) {
      const valid = auth.username === WORKSHOP_USER && auth.password === WORKSHOP_PASSWORD;
      callback(null, valid ? { user: auth.username } : {});
    },
    onMailFrom(address, session, callback) {
      decide(policy.mailFrom?.(address.address, facts(session)), callback);
    },
    onRcptTo(address, session, callback) {
      decide(policy.rcptTo?.(address.address, facts(session)), callback);
    },
    onData(stream, session, callback) {
      receive(stream, keptBytes).then(
        ({ raw, size }) => {
          if (!stream.sizeExceeded) {
            store(toMessage(++seq, session, tlsBySession.get(session), raw, size));
          }
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  };

  const smtp = new SMTPServer(serverOptions);
  // Without a listener, an 'error' event (a reset, a failed handshake) would throw.
  smtp.on('error', (error: Error) => {
    for (const listener of errorListeners) {
      listener(error);
    }
  });
  await listen(smtp, options.port ?? 0, host);
  const address = smtp.server.address() as AddressInfo;

  return {
    host: address.address,
    port: address.port,
    secure,
    certPem: certificate.certPem,
    mailbox,
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClientError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    close: () => close(smtp),
  };
}

function listen(smtp: SMTPServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    smtp.server.once('error', onError);
    smtp.listen(port, host, () => {
      smtp.server.off('error', onError);
      resolve();
    });
  });
}

// smtp-server's close() lets sessions run on for up to 30 s; a workshop server going away
// tells every client at once, and the port is free as soon as the listener closes.
function close(smtp: SMTPServer): Promise<void> {
  return new Promise((resolve) => {
    smtp.close(() => resolve());
    for (const connection of smtp.connections) {
      connection.send(421, 'Server shutting down');
    }
  });
}

function decide(verdict: Verdict, callback: (error?: Error | null) => void): void {
  Promise.resolve(verdict).then(
    (refusal) => callback(refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.code }) : null),
    (error: Error) => callback(error),
  );
}

function facts(session: SMTPServerSession): SessionFacts {
  return {
    id: session.id,
    remoteAddress: session.remoteAddress,
    secure: session.secure,
    user: userName(session),
    heloName: session.hostNameAppearsAs || undefined,
    transaction: session.transaction,
  };
}

function userName(session: SMTPServerSession): string | undefined {
  return typeof session.user === 'string' ? session.user : undefined;
}

function receive(stream: SMTPServerDataStream, keptBytes: number): Promise<{ raw: Buffer; size: number }> {
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

function toMessage(
  seq: number,
  session: SMTPServerSession,
  tls: TlsFacts | undefined,
  raw: Buffer,
  size: number,
): ReceivedMessage {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    seq,
    receivedAt: new Date(),
    from: mailFrom ? mailFrom.address : '',
    to: rcptTo.map((rcpt) => rcpt.address),
    size,
    raw,
    truncated: size > raw.length,
    heloName: session.hostNameAppearsAs || '',
    remoteAddress: session.remoteAddress,
    user: userName(session),
    tls,
  };
}
