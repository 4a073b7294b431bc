/** Each handshake message, parsed → what it adds to the handshake, and its one line in the timeline. */
import { distinguishedName } from './der.js';
import type { Handshake, Offered, Side } from './tls-handshake.js';
import {
  certificateCount,
  parseCertificateRequest,
  parseCertificateVerify,
  parseServerKeyExchange,
  ticketLifetime,
} from './tls-handshake-messages.js';
import { parseClientHello, parseExtensionNames, parseServerHello } from './tls-hello.js';
import {
  HANDSHAKE_CERTIFICATE,
  HANDSHAKE_CERTIFICATE_REQUEST,
  HANDSHAKE_CERTIFICATE_VERIFY,
  HANDSHAKE_CLIENT_HELLO,
  HANDSHAKE_ENCRYPTED_EXTENSIONS,
  HANDSHAKE_NEW_SESSION_TICKET,
  HANDSHAKE_SERVER_HELLO,
  HANDSHAKE_SERVER_KEY_EXCHANGE,
  isTls13,
} from './tls-records.js';
import type { HandshakeMessage } from './tls-records.js';

/** What the hellos settled that the rest depends on: how later messages are laid out, and which key-log lines are ours. */
export interface Progress {
  versionCode: number | undefined;
  clientRandom: string | undefined;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function offeredDetail(hello: Offered): string {
  const parts = [hello.versions.join(', '), plural(hello.suites.length, 'suite')];
  if (hello.keyShares.length > 0) parts.push(`key share ${hello.keyShares.join(', ')}`);
  parts.push(hello.serverName !== undefined ? `SNI ${hello.serverName}` : 'no SNI');
  if (hello.resumptionOffered) parts.push('offers to resume');
  return parts.join(' · ');
}

/** Records what a message says; returns its one-line detail. */
export function readMessage(state: Handshake, progress: Progress, from: Side, { type, body }: HandshakeMessage): string | undefined {
  const version = progress.versionCode ?? 0;
  switch (type) {
    case HANDSHAKE_CLIENT_HELLO: {
      const { random, ...offered } = parseClientHello(body);
      progress.clientRandom = random.toString('hex');
      state.offered = offered;
      return offeredDetail(offered);
    }
    case HANDSHAKE_SERVER_HELLO: {
      const hello = parseServerHello(body);
      progress.versionCode = hello.versionCode;
      if (hello.retry) {
        state.retry = { suite: hello.suite, ...(hello.group ? { group: hello.group } : {}) };
        return `asks for a key share in ${hello.group ?? 'another group'}`;
      }
      state.chosen = {
        version: hello.version,
        suite: hello.suite,
        ...(hello.group ? { group: hello.group } : {}),
        extensions: hello.extensions,
        extendedMasterSecret: hello.extendedMasterSecret,
        secureRenegotiation: hello.secureRenegotiation,
      };
      return [hello.version, hello.suite, hello.group].filter(Boolean).join(' · ');
    }
    case HANDSHAKE_ENCRYPTED_EXTENSIONS: {
      const { extensions, alpn } = parseExtensionNames(body);
      if (state.chosen) {
        state.chosen.extensions.push(...extensions);
        if (alpn !== undefined) state.chosen.alpn = alpn;
      }
      return extensions.length > 0 ? extensions.join(', ') : 'none';
    }
    case HANDSHAKE_CERTIFICATE: {
      const count = certificateCount(body, isTls13(version));
      if (from === 'server') state.serverCertificates = count;
      else state.clientCertificates = count;
      return count === 0 ? 'empty: no certificate' : plural(count, 'certificate');
    }
    case HANDSHAKE_SERVER_KEY_EXCHANGE: {
      const exchange = parseServerKeyExchange(body, state.chosen?.suite ?? '', version);
      if (state.chosen) Object.assign(state.chosen, exchange);
      const size = exchange.dhBits !== undefined ? `DH ${exchange.dhBits} bits` : exchange.group;
      return [size, exchange.signatureScheme].filter(Boolean).join(' · ') || undefined;
    }
    case HANDSHAKE_CERTIFICATE_REQUEST: {
      const request = parseCertificateRequest(body, version, distinguishedName);
      state.certificateRequest = request;
      return request.caNames.length > 0 ? `from ${plural(request.caNames.length, 'CA')}` : 'any CA';
    }
    case HANDSHAKE_CERTIFICATE_VERIFY: {
      const scheme = parseCertificateVerify(body);
      if (from === 'server' && state.chosen) state.chosen.signatureScheme = scheme;
      return scheme;
    }
    case HANDSHAKE_NEW_SESSION_TICKET: {
      const lifetime = ticketLifetime(body);
      state.ticketLifetimeSeconds = lifetime;
      return `lifetime ${lifetime} s`;
    }
    default:
      return undefined;
  }
}
