/**
 * Both directions of a TLS connection's first bytes → the handshake as it happened: what the client offered, what
 * the server chose, each message in order with the time it passed, and every alert by name. TLS 1.3's encrypted
 * handshake is read back with the key log's secrets when they are there, and only counted when they are not.
 */
import { alertName, handshakeTypeName } from './tls-names.js';
import { RecordDecrypter } from './tls-decrypt.js';
import type { CertificateRequestInfo } from './tls-handshake-messages.js';
import type { ClientHelloInfo } from './tls-hello.js';
import { readMessage } from './tls-message-facts.js';
import type { Progress } from './tls-message-facts.js';
import { MalformedTls } from './tls-reader.js';
import {
  CONTENT_ALERT,
  CONTENT_APPLICATION_DATA,
  CONTENT_CHANGE_CIPHER_SPEC,
  CONTENT_HANDSHAKE,
  HANDSHAKE_FINISHED,
  HANDSHAKE_SERVER_HELLO,
  HandshakeAssembler,
  RecordSplitter,
  isTls13,
} from './tls-records.js';
import type { HandshakeMessage, TlsRecord } from './tls-records.js';

export type Side = 'client' | 'server';

/** How a step was seen: in clear, read back with the key log, or only counted. */
export type Seen = 'clear' | 'decrypted' | 'encrypted';

export interface HandshakeStep {
  /** Milliseconds since the observer started. */
  at: number;
  from: Side;
  name: string;
  seen: Seen;
  bytes: number;
  /** Escaped already: built from parsed fields that went through `printable`. */
  detail?: string;
}

export interface TlsAlert {
  from: Side;
  level: string;
  /** `protocol_version (70)` */
  description: string;
  seen: Exclude<Seen, 'encrypted'>;
}

export type Offered = Omit<ClientHelloInfo, 'random'>;

export interface Chosen {
  version: string;
  suite: string;
  group?: string;
  /** Finite-field DHE (TLS ≤ 1.2): the prime's size. */
  dhBits?: number;
  /** How the server signed the handshake: ServerKeyExchange (TLS 1.2) or CertificateVerify (TLS 1.3). */
  signatureScheme?: string;
  /** ServerHello's, then (TLS 1.3) EncryptedExtensions'. */
  extensions: string[];
  alpn?: string;
  extendedMasterSecret: boolean;
  secureRenegotiation: boolean;
}

export interface Handshake {
  offered?: Offered;
  /** TLS 1.3 HelloRetryRequest: the server wanted another key share. */
  retry?: { suite: string; group?: string };
  chosen?: Chosen;
  serverCertificates?: number;
  /** The server asked for a client certificate. Undefined: it did not, or (see `hidden`) it could not be seen. */
  certificateRequest?: CertificateRequestInfo;
  /** Certificates the client sent in answer to a request (0: an empty Certificate). */
  clientCertificates?: number;
  ticketLifetimeSeconds?: number;
  alerts: TlsAlert[];
  steps: HandshakeStep[];
  /** Records that stayed opaque (no key log secrets, or past the handshake). */
  encryptedRecords: { client: number; server: number };
  /** TLS 1.3 handshake records that could not be read back: what they held is unknown. */
  hidden: boolean;
  /** Bytes past the caps, or a peer that did not speak TLS: the rest was not examined. */
  stopped?: string;
}

const MAX_BYTES_PER_SIDE = 512 * 1024;
const MAX_STEPS = 100;
const MAX_QUEUED_RECORDS = 64;

const SECRET_LABELS = {
  client: { handshake: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', traffic: 'CLIENT_TRAFFIC_SECRET_0' },
  server: { handshake: 'SERVER_HANDSHAKE_TRAFFIC_SECRET', traffic: 'SERVER_TRAFFIC_SECRET_0' },
} as const;

const LEVELS: Readonly<Record<number, string>> = { 1: 'warning', 2: 'fatal' };

class SideState {
  readonly splitter = new RecordSplitter();
  readonly clear = new HandshakeAssembler();
  readonly decrypted = new HandshakeAssembler();
  bytes = 0;
  /** TLS ≤ 1.2: after ChangeCipherSpec everything this side sends is encrypted. */
  changedCipher = false;
  /** TLS 1.3 records waiting for the key log. */
  readonly queued: Array<{ at: number; record: TlsRecord }> = [];
  /** TLS 1.3: this side's records after its Finished are under the traffic secret, no longer the handshake's. */
  finished = false;
}

export class HandshakeObserver {
  private readonly started = Date.now();
  private readonly sides: Record<Side, SideState> = { client: new SideState(), server: new SideState() };
  private readonly secrets = new Map<string, Buffer>();
  private readonly state: Handshake = { alerts: [], steps: [], encryptedRecords: { client: 0, server: 0 }, hidden: false };
  private readonly progress: Progress = { versionCode: undefined, clientRandom: undefined };
  private closed = false;

  /** Bytes as they pass, before TLS sees them (server) or after it wrote them (client). */
  observe(from: Side, chunk: Buffer): void {
    const side = this.sides[from];
    if (this.closed || this.state.stopped !== undefined) return;
    side.bytes += chunk.length;
    if (side.bytes > MAX_BYTES_PER_SIDE) {
      this.state.stopped = `more than ${MAX_BYTES_PER_SIDE / 1024} KiB from the ${from}: the rest was not examined`;
      return;
    }
    try {
      for (const record of side.splitter.push(chunk)) this.onRecord(from, record);
    } catch (error) {
      if (!(error instanceof MalformedTls)) throw error;
      this.state.stopped = `the ${from} sent bytes that are not valid TLS (${error.message})`;
    }
  }

  /** One NSS key-log line (Node's `keylog` event): TLS 1.3's secrets let the hidden handshake be read. */
  keylog(line: Buffer): void {
    const [label, random, secret] = line.toString('latin1').trim().split(' ');
    if (!label || !random || !secret) return;
    if (this.progress.clientRandom !== undefined && random.toLowerCase() !== this.progress.clientRandom) return;
    this.secrets.set(label, Buffer.from(secret, 'hex'));
  }

  /** The handshake so far; observing stops here, so later records (the SMTP conversation) are never looked at. */
  finish(): Handshake {
    if (!this.closed) {
      this.closed = true;
      for (const from of ['server', 'client'] as const) this.readBack(from);
      this.state.steps.sort((a, b) => a.at - b.at);
    }
    return this.state;
  }

  private step(from: Side, name: string, seen: Seen, bytes: number, at: number, detail?: string): void {
    if (this.state.steps.length >= MAX_STEPS) return;
    this.state.steps.push({ at, from, name, seen, bytes, ...(detail !== undefined ? { detail } : {}) });
  }

  private get tls13(): boolean {
    return this.progress.versionCode !== undefined && isTls13(this.progress.versionCode);
  }

  private onRecord(from: Side, record: TlsRecord): void {
    const side = this.sides[from];
    const at = Date.now() - this.started;
    const size = record.payload.length;
    if (record.type === CONTENT_CHANGE_CIPHER_SPEC) {
      this.step(from, 'ChangeCipherSpec', 'clear', size, at, this.tls13 ? 'compatibility only in TLS 1.3' : undefined);
      if (!this.tls13) side.changedCipher = true;
      return;
    }
    if (this.tls13 && record.type === CONTENT_APPLICATION_DATA) {
      if (side.queued.length < MAX_QUEUED_RECORDS) side.queued.push({ at, record });
      else this.state.encryptedRecords[from]++;
      return;
    }
    if (side.changedCipher || record.type === CONTENT_APPLICATION_DATA) {
      this.state.encryptedRecords[from]++;
      const name = record.type === CONTENT_HANDSHAKE ? 'Finished' : record.type === CONTENT_ALERT ? 'Alert' : 'application data';
      this.step(from, name, 'encrypted', size, at);
      return;
    }
    if (record.type === CONTENT_ALERT) this.onAlert(from, record.payload, 'clear', at);
    else if (record.type === CONTENT_HANDSHAKE) {
      for (const message of side.clear.push(record.payload)) this.onMessage(from, message, 'clear', at);
    }
  }

  private onAlert(from: Side, payload: Buffer, seen: TlsAlert['seen'], at: number): void {
    const level = payload[0];
    const code = payload[1];
    if (level === undefined || code === undefined) return;
    const alert: TlsAlert = { from, level: LEVELS[level] ?? `level ${level}`, description: alertName(code), seen };
    this.state.alerts.push(alert);
    this.step(from, 'Alert', seen, payload.length, at, `${alert.level} ${alert.description}`);
  }

  private onMessage(from: Side, message: HandshakeMessage, seen: Seen, at: number): void {
    if (message.type === HANDSHAKE_FINISHED) this.sides[from].finished = true;
    let detail: string | undefined;
    try {
      detail = readMessage(this.state, this.progress, from, message);
    } catch (error) {
      if (!(error instanceof MalformedTls)) throw error;
      detail = `malformed: ${error.message}`;
    }
    const retry = message.type === HANDSHAKE_SERVER_HELLO && this.state.retry !== undefined && this.state.chosen === undefined;
    this.step(from, retry ? 'HelloRetryRequest' : handshakeTypeName(message.type), seen, message.body.length + 4, at, detail);
  }

  /** TLS 1.3: decrypt this side's queued records with the handshake secret, then the first traffic secret. */
  private readBack(from: Side): void {
    const side = this.sides[from];
    if (side.queued.length === 0) return;
    const suite = this.state.chosen?.suite ?? '';
    const labels = SECRET_LABELS[from];
    const decrypterFor = (label: string): RecordDecrypter | undefined => {
      const secret = this.secrets.get(label);
      return secret ? RecordDecrypter.for(suite, secret) : undefined;
    };
    let decrypter = decrypterFor(labels.handshake);
    let handshakeEpoch = true;
    for (const { at, record } of side.queued) {
      const plain = decrypter?.decrypt(record);
      if (!plain) {
        this.state.encryptedRecords[from]++;
        if (handshakeEpoch) this.state.hidden = true;
        this.step(from, handshakeEpoch ? 'encrypted handshake' : 'encrypted record', 'encrypted', record.payload.length, at);
        continue;
      }
      if (plain.type === CONTENT_ALERT) this.onAlert(from, plain.content, 'decrypted', at);
      else if (plain.type === CONTENT_HANDSHAKE) {
        for (const message of side.decrypted.push(plain.content)) this.onMessage(from, message, 'decrypted', at);
      } else this.step(from, 'application data', 'decrypted', record.payload.length, at);
      if (handshakeEpoch && side.finished) {
        handshakeEpoch = false;
        decrypter = decrypterFor(labels.traffic);
      }
    }
  }
}
