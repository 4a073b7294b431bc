// Debian's Exim as a real test peer: one private daemon per call, on 127.0.0.1 high ports, with
// its own config, spool, logs, self-signed certificate and Maildir in a fresh temp dir; stopped by
// its PID. Needs root (Exim binds and reads its -C config as root) and `.ci/install-mta.sh`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateCertificate, type KeyType } from '../../src/server/certs.js';

export const EXIM_BINARY = '/usr/sbin/exim4';
const EXIM_USER = 'Debian-exim';

/**
 * Debian's exim4-daemon-light is built with GnuTLS, so versions are limited with a GnuTLS priority
 * string in `tls_require_ciphers` (`openssl_options` is rejected).
 */
export const TLS_PRIORITIES = {
  default: 'NORMAL',
  'tls1.2+': 'NORMAL:-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1',
  'tls1.2-only': 'NORMAL:-VERS-ALL:+VERS-TLS1.2',
  'tls1.0-only': 'NORMAL:-VERS-ALL:+VERS-TLS1.0',
  /** Not a version limit: NORMAL in the server's order rather than the client's, for the cipher-order probe. */
  'server-precedence': 'NORMAL:%SERVER_PRECEDENCE',
} as const;
export type EximTlsVersions = keyof typeof TLS_PRIORITIES;

export interface EximOptions {
  /** Which TLS versions Exim accepts; default: whatever GnuTLS's NORMAL allows (1.0 to 1.3). */
  tlsVersions?: EximTlsVersions;
  /** Also listen on a second port that speaks TLS from the first byte (`tls_on_connect_ports`). */
  implicitTls?: boolean;
  /** Default ec-p256; `rsaBits` alone implies rsa. */
  keyType?: KeyType;
  rsaBits?: number;
  /** Mail to any local part at this domain is delivered into the one Maildir. */
  domain?: string;
  user?: string;
  password?: string;
}

export interface MaildirMessage {
  file: string;
  content: string;
}

export interface EximInstance {
  host: '127.0.0.1';
  /** Plain SMTP port; STARTTLS is offered on it. */
  port: number;
  /** The implicit-TLS port, when `implicitTls` was asked for. */
  tlsPort: number | undefined;
  pid: number;
  dir: string;
  /** The daemon's `primary_hostname`, which it names in its greeting and 250 to EHLO. */
  hostname: string;
  domain: string;
  user: string;
  password: string;
  certPem: string;
  tlsPriority: string;
  /** Milliseconds from spawning the daemon to its first 220 greeting. */
  startupMs: number;
  /** Messages delivered so far (Maildir new/ and cur/), in delivery order. */
  maildir(): Promise<MaildirMessage[]>;
  /** Exim answers 250 to the final dot before its delivery process has written the file. */
  waitForMail(count: number, timeoutMs?: number): Promise<MaildirMessage[]>;
  /** mainlog and paniclog, for a failing test's message. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export const EXIM_HOSTNAME = 'exim.test';
export const DEFAULT_DOMAIN = 'example.test';
export const DEFAULT_USER = 'alice';
export const DEFAULT_PASSWORD = 'wonderland';
const READY_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 2_000;
const MAIL_TIMEOUT_MS = 5_000;
const POLL_MS = 10;
const BIND_ATTEMPTS = 3;

/** Why the Exim interop tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'Exim interop needs root (the daemon binds and reads its -C config as root)';
  if (!existsSync(EXIM_BINARY)) return `${EXIM_BINARY} is missing; .ci/install-mta.sh installs it`;
  if (!eximIds()) return `no ${EXIM_USER} user; .ci/install-mta.sh installs it`;
  return undefined;
}

export async function startExim(options: EximOptions = {}): Promise<EximInstance> {
  let lastError: unknown;
  for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      // Another process may take a port between our probe and Exim's bind.
      if (!(error instanceof PortTakenError)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

interface EximSettings {
  dir: string;
  domain: string;
  user: string;
  password: string;
  tlsPriority: string;
  tlsPort: number | undefined;
}

async function startOnce(options: EximOptions): Promise<EximInstance> {
  const ids = eximIds();
  if (!ids) throw new Error(skipReason());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exim-'));
  let daemon: ChildProcess | undefined;
  try {
    // Exim's delivery and SMTP processes run as Debian-exim and must reach into the dir.
    await chmod(dir, 0o755);
    for (const sub of ['spool', 'log', 'Maildir']) {
      await mkdir(path.join(dir, sub), { mode: 0o750 });
      await chown(path.join(dir, sub), ids.uid, ids.gid);
    }
    const keyType = options.keyType ?? (options.rsaBits ? 'rsa' : 'ec-p256');
    const { keyPem, certPem } = await generateCertificate({
      commonName: EXIM_HOSTNAME,
      altNames: [EXIM_HOSTNAME, 'localhost', '127.0.0.1'],
      keyType,
      ...(options.rsaBits ? { rsaBits: options.rsaBits } : {}),
    });
    await writeFile(path.join(dir, 'cert.pem'), certPem, { mode: 0o644 });
    await writeFile(path.join(dir, 'key.pem'), keyPem, { mode: 0o640 });
    await chown(path.join(dir, 'key.pem'), 0, ids.gid);

    const [port, tlsPort] = await freePorts(options.implicitTls ? 2 : 1);
    if (port === undefined) throw new Error('no free port');
    const settings: EximSettings = {
      dir,
      domain: options.domain ?? DEFAULT_DOMAIN,
      user: options.user ?? DEFAULT_USER,
      password: options.password ?? DEFAULT_PASSWORD,
      tlsPriority: TLS_PRIORITIES[options.tlsVersions ?? 'default'],
      tlsPort,
    };
    // Exim refuses a config file that group or others may write.
    await writeFile(path.join(dir, 'exim.conf'), eximConfig(settings), { mode: 0o644 });

    const started = performance.now();
    // -bdf (not -bd) keeps the daemon as our child, so a failed start is seen at once with its
    // stderr instead of as a port that never answers. Its own process group lets stop() end
    // the SMTP and delivery processes it forked too.
    daemon = spawn(
      EXIM_BINARY,
      ['-C', path.join(dir, 'exim.conf'), '-bdf', '-oX', [port, tlsPort].filter(Boolean).join(':'), '-oP', path.join(dir, 'exim.pid')],
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    const instance = await waitUntilReady(daemon, port, settings);
    const startupMs = Math.round(performance.now() - started);
    return { ...instance, startupMs, certPem };
  } catch (error) {
    if (daemon?.pid !== undefined) await killGroup(daemon);
    const log = await readLogs(dir);
    await rm(dir, { recursive: true, force: true });
    if (error instanceof Error && /address already in use/i.test(error.message + log)) throw new PortTakenError(error.message);
    if (error instanceof Error && log) error.message += `\n--- exim log ---\n${log}`;
    throw error;
  }
}

function eximConfig(s: EximSettings): string {
  const authCheck = (user: string, password: string) =>
    `\${if and{{eq{${user}}{${s.user}}}{eq{${password}}{${s.password}}}}}`;
  return `# Written by test/helpers/exim.ts for one test run.
primary_hostname = ${EXIM_HOSTNAME}
qualify_domain = ${s.domain}
domainlist local_domains = ${s.domain}
local_interfaces = 127.0.0.1
spool_directory = ${s.dir}/spool
log_file_path = ${s.dir}/log/%slog
log_selector = +smtp_protocol_error +smtp_syntax_error +tls_peerdn
keep_environment =
# A busy port must fail at once, not after minutes of retries.
daemon_startup_retries = 0
# With -C Exim drops root for deliveries anyway, and says so in the paniclog unless told to.
deliver_drop_privilege = true
# No DNS and no ident: loopback only, and the machine may have no resolver.
host_lookup =
helo_lookup_domains =
rfc1413_hosts =

tls_advertise_hosts = *
tls_certificate = ${s.dir}/cert.pem
tls_privatekey = ${s.dir}/key.pem
tls_require_ciphers = ${s.tlsPriority}
${s.tlsPort ? `tls_on_connect_ports = ${s.tlsPort}` : ''}
auth_advertise_hosts = \${if eq{$tls_cipher}{}{}{*}}
acl_smtp_rcpt = acl_check_rcpt

begin acl
acl_check_rcpt:
  accept domains = +local_domains
  deny message = relaying not permitted

begin routers
local_maildir:
  driver = accept
  domains = +local_domains
  transport = maildir_delivery

begin transports
# Taint checks forbid a path built from $local_part: one fixed Maildir for the whole domain.
maildir_delivery:
  driver = appendfile
  directory = ${s.dir}/Maildir
  maildir_format
  create_directory
  envelope_to_add
  return_path_add
  user = ${EXIM_USER}

begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = ${authCheck('$auth2', '$auth3')}
  server_set_id = $auth2

login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = ${authCheck('$auth1', '$auth2')}
  server_set_id = $auth1
`;
}

async function waitUntilReady(daemon: ChildProcess, port: number, s: EximSettings): Promise<Omit<EximInstance, 'startupMs' | 'certPem'>> {
  let stderr = '';
  daemon.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 10_000) stderr += chunk;
  });
  const exited = new Promise<never>((_, reject) => {
    daemon.once('exit', (code, signal) => reject(new Error(`exim exited (${signal ?? code}) before answering: ${stderr.trim()}`)));
  });
  exited.catch(() => undefined);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await Promise.race([greets(port), exited]))) {
    if (Date.now() > deadline) throw new Error(`exim did not greet on port ${port} within ${READY_TIMEOUT_MS} ms`);
    await delay(POLL_MS);
  }
  const pid = daemon.pid;
  if (pid === undefined) throw new Error('exim has no pid');
  live.set(daemon, s.dir);
  const maildir = () => readMaildir(path.join(s.dir, 'Maildir'));
  return {
    host: '127.0.0.1',
    port,
    tlsPort: s.tlsPort,
    pid,
    dir: s.dir,
    hostname: EXIM_HOSTNAME,
    domain: s.domain,
    user: s.user,
    password: s.password,
    tlsPriority: s.tlsPriority,
    maildir,
    async waitForMail(count, timeoutMs = MAIL_TIMEOUT_MS) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const messages = await maildir();
        if (messages.length >= count) return messages;
        if (Date.now() > until) throw new Error(`${messages.length} of ${count} messages delivered after ${timeoutMs} ms\n${await readLogs(s.dir)}`);
        await delay(POLL_MS);
      }
    },
    log: () => readLogs(s.dir),
    async stop() {
      await killGroup(daemon);
      await rm(s.dir, { recursive: true, force: true });
    },
  };
}

/** True once a connection gets a 220 greeting; false while the port refuses or says anything else. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setEncoding('utf8');
    socket.setTimeout(READY_TIMEOUT_MS, () => done(false));
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\r\n')) done(text.startsWith('220 '));
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

/** Running daemons and their temp dirs. */
const live = new Map<ChildProcess, string>();
// A test or script that fails before stop() must leave neither a daemon nor its dir behind.
process.once('exit', () => {
  for (const [daemon, dir] of live) {
    signalGroup(daemon, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

function signalGroup(daemon: ChildProcess, signal: NodeJS.Signals): void {
  if (daemon.pid === undefined) return;
  try {
    process.kill(-daemon.pid, signal);
  } catch {
    // already gone
  }
}

async function killGroup(daemon: ChildProcess): Promise<void> {
  live.delete(daemon);
  if (daemon.exitCode !== null || daemon.signalCode !== null) {
    signalGroup(daemon, 'SIGKILL');
    return;
  }
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  signalGroup(daemon, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(daemon, 'SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  // SMTP sessions still open are the daemon's children in the same group.
  signalGroup(daemon, 'SIGKILL');
}

async function readMaildir(maildir: string): Promise<MaildirMessage[]> {
  const messages: MaildirMessage[] = [];
  for (const sub of ['new', 'cur']) {
    const files = await readdir(path.join(maildir, sub)).catch(() => []);
    for (const file of files) {
      messages.push({ file: `${sub}/${file}`, content: await readFile(path.join(maildir, sub, file), 'utf8') });
    }
  }
  // Maildir names start with the delivery time in seconds and microseconds.
  return messages.sort((a, b) => a.file.slice(4).localeCompare(b.file.slice(4), 'en', { numeric: true }));
}

async function readLogs(dir: string): Promise<string> {
  const parts = await Promise.all(
    ['mainlog', 'paniclog'].map(async (name) => {
      const text = await readFile(path.join(dir, 'log', name), 'utf8').catch(() => '');
      return text ? `${name}:\n${text}` : '';
    }),
  );
  return parts.filter(Boolean).join('\n');
}

function freePorts(count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, () => new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
      });
    })),
  );
}

function eximIds(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${EXIM_USER}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
