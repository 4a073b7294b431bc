import test from 'ava';
import { describeTlsError } from '../../src/core/tls-errors.js';
import type { Handshake } from '../../src/core/tls-handshake.js';
import { alertName, isGrease, suiteName } from '../../src/core/tls-names.js';

const error = (message: string, code?: string): Error & { code?: string } => Object.assign(new Error(message), code ? { code } : {});

function handshake(extra: Partial<Handshake>): Handshake {
  return { alerts: [], steps: [], encryptedRecords: { client: 0, server: 0 }, hidden: false, ...extra };
}

test('the alert number OpenSSL quotes names the alert, with what to try', (t) => {
  const failure = describeTlsError(error('C0:error:0A000410:SSL routines::sslv3 alert handshake failure:ssl/record/rec_layer_s3.c:1590:SSL alert number 40'));
  t.is(failure.alert, 'handshake_failure (40)');
  t.is(failure.short, 'alert handshake_failure (40)');
  t.regex(failure.message, /no cipher suite or parameter in common; try --tls-min TLSv1/);
});

test('alerts named only in words are matched whole: a longer name is not mistaken for a shorter one', (t) => {
  t.is(describeTlsError(error('tlsv13 alert certificate required')).alert, 'certificate_required (116)');
  t.is(describeTlsError(error('tlsv1 alert bad certificate status response')).alert, 'bad_certificate_status_response (113)');
  t.is(describeTlsError(error('tlsv1 alert bad certificate')).alert, 'bad_certificate (42)');
});

test('a ServerHello with an old version turns "unsupported protocol" into what the server speaks', (t) => {
  const seen = handshake({ chosen: { version: 'TLSv1', suite: 'TLS_RSA_WITH_AES_128_CBC_SHA', extensions: [], extendedMasterSecret: false, secureRenegotiation: true } });
  const failure = describeTlsError(error('error:0A000102:SSL routines::unsupported protocol'), seen);
  t.is(failure.message, 'the server only speaks TLSv1, older than this client accepts by default (TLSv1.2); connect anyway with --tls-min TLSv1');
  t.is(failure.short, 'server chose TLSv1');
});

test('a refused certificate (--strict-tls) is named by both numbers, with the fix', (t) => {
  const failure = describeTlsError(error('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'));
  t.regex(failure.message, /^the certificate was refused \(18 \/ DEPTH_ZERO_SELF_SIGNED_CERT\): .+; fix: .+--ca$/);
});

test('bytes that are not TLS, and unknown texts, are told plainly and escaped', (t) => {
  const notTls = describeTlsError(error('x'), handshake({ stopped: 'the server sent bytes that are not valid TLS' }));
  t.is(notTls.short, 'not TLS');
  t.regex(notTls.message, /with --tls-on-connect, a port that expects STARTTLS/);
  t.is(describeTlsError(error('odd \x1b[31m thing')).message, 'odd \\x1b[31m thing');
});

test('names: GREASE is recognised, unknown numbers keep their hex, alerts carry their number', (t) => {
  t.true(isGrease(0x0a0a) && isGrease(0xfafa));
  t.false(isGrease(0x0a1a));
  t.is(suiteName(0x1301), 'TLS_AES_128_GCM_SHA256');
  t.is(suiteName(0xabcd), '0xabcd');
  t.is(alertName(70), 'protocol_version (70)');
  t.is(alertName(250), 'unknown alert (250)');
});

test('protocol_version after offering TLSv1.3 alone: the options that left out TLSv1.2 are named, not an older server', (t) => {
  const offered: NonNullable<Handshake['offered']> = {
    versions: ['TLSv1.3'],
    suites: ['TLS_AES_128_GCM_SHA256'],
    groups: ['x25519'],
    keyShares: ['x25519'],
    signatureSchemes: [],
    alpn: [],
    resumptionOffered: false,
    ocspRequested: false,
    extensions: [],
  };
  const failure = describeTlsError(error('SSL alert number 70'), handshake({ offered }));
  t.regex(failure.message, /accepts none of the TLS versions offered \(TLSv1\.3 only: --tls-min TLSv1\.3, or --ciphers naming TLS 1\.3 suites alone, left out TLSv1\.2\)$/);
});
