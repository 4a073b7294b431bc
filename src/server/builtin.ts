// The workshop SMTP server: a real smtp-server with STARTTLS, AUTH only inside TLS, and an
// in-memory mailbox. Everything a later scenario changes (TLS versions, certificate, whether
// STARTTLS is offered, when AUTH is allowed, per-command refusals and delays) is an option.
import type { SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { SecureVersion, TLSSocket } from 'node:tls';
import { generateCertificate } from './certs.js';
import { WORKSHOP_PASSWORD, WORKSHOP_USER } from './login.js';
import { createMailbox } from './mailbox.js';
import type { MessageListener, ReceivedMessage, TlsFacts } from './mailbox.js';
import { receive, toMessage } from './message-intake.js';
import { decide, facts } from './policy.js';
import type { ServerPolicy } from './policy.js';
import { close, listen, WorkshopSmtpServer } from './workshop-smtp-server.js';

export { WORKSHOP_PASSWORD, WORKSHOP_USER } from './login.js';
export type { ReceivedMessage, TlsFacts } from './mailbox.js';
export type { ServerPolicy, SessionFacts, SmtpRefusal } from './policy.js';
export const WORKSHOP_BANNER = 'smtp-explorer workshop server';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_NAME = 'localhost';
const DEFAULT_MAILBOX_SIZE = 100;
const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const DEFAULT_KEPT_BYTES = 1024 * 1024;

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

/** What every workshop server offers, whichever engine speaks SMTP for it. */
export interface WorkshopServer {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS: clients must start the handshake at once. */
  readonly secure: boolean;
  /** The certificate (or chain) the server presents; absent for a server without TLS. */
  readonly certPem?: string;
  /** The last `mailboxSize` messages, oldest first. */
  readonly mailbox: readonly ReceivedMessage[];
  /** Returns a function that unsubscribes. */
  onMessage(listener: MessageListener): () => void;
  /** Connection-level failures (failed handshakes, resets during a transaction); never thrown. */
  onClientError(listener: (error: Error) => void): () => void;
  close(): Promise<void>;
}

export interface BuiltinServer extends WorkshopServer {
  readonly certPem: string;
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

  const mailbox = createMailbox(mailboxSize);
  const errorListeners = new Set<(error: Error) => void>();
  const tlsBySession = new WeakMap<SMTPServerSession, TlsFacts>();

  const serverOptions: SMTPServerOptions = {
    secure,
    name: options.name ?? DEFAULT_NAME,
    banner: WORKSHOP_BANNER,
    key: certificate.keyPem,
    cert: certificate.certPem,
    // No client certificate is asked for, so there is nothing to verify against. Without a `ca` of its own,
    // Node fills every context's store with its root certificates first (~20 ms, before the explorer's first
    // frame when no host is named); the client builds that store anyway, later and off the first frame.
    ca: [],
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
    // then gets Exim's answer (see WorkshopSmtpServer).
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
          if (stream.sizeExceeded) return callback();
          decide(policy.dataEnd?.(facts(session)), (error) => {
            if (!error) mailbox.deliver(toMessage(session, tlsBySession.get(session), raw, size));
            callback(error);
          });
        },
        (error: Error) => callback(error),
      );
    },
  };

  const smtp = new WorkshopSmtpServer(serverOptions);
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
    mailbox: mailbox.messages,
    onMessage: mailbox.onMessage,
    onClientError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    close: () => close(smtp),
  };
}
