import test from 'ava';
import { buildVerdict } from '../../src/core/tls-verdict.js';
import type { VerdictPart } from '../../src/core/tls-verdict.js';

const hostname = { checked: 'mx.example', ok: true };
const passed: VerdictPart[] = [
  { part: 'chain', ok: true, label: 'trusted', detail: 'the chain leads to a trusted root' },
  { part: 'dates', ok: true, label: '29 days left', detail: 'valid' },
  { part: 'hostname', ok: true, label: 'mx.example', detail: 'matches' },
];

test('a server key too weak fails verification, as s_client says 66 at security level 2: label, code, reason and fix', (t) => {
  const weak: VerdictPart = {
    part: 'strength',
    ok: false,
    label: 'RSA 1024 bits',
    detail: 'the server key is RSA of 1024 bits, under 2048',
    code: 'EE_KEY_TOO_SMALL',
    openssl: 66,
    fix: 'generate a new key (RSA 2048-bit or larger, or ECDSA) and reissue the certificate with it',
  };
  const verdict = buildVerdict([...passed, weak], hostname);
  t.like(verdict, { trusted: false, label: 'key too weak', code: 'EE_KEY_TOO_SMALL', openssl: 66, reason: weak.detail, fix: weak.fix });
});

test('a weak CA key or signature digest fails verification too, labelled by its code', (t) => {
  const caKey: VerdictPart = { part: 'strength', ok: false, label: 'RSA 1024 bits', detail: 'the key at depth 1 is RSA of 1024 bits', code: 'CA_KEY_TOO_SMALL', openssl: 67 };
  t.like(buildVerdict([...passed, caKey], hostname), { trusted: false, label: 'CA key too weak', openssl: 67 });
  const sha1: VerdictPart = { part: 'strength', ok: false, label: 'sha1WithRSAEncryption', detail: 'signed with SHA-1', code: 'CA_MD_TOO_WEAK', openssl: 68 };
  t.like(buildVerdict([...passed, sha1], hostname), { trusted: false, label: 'weak signature', openssl: 68 });
});

test('a small DH group is the key exchange, not the certificate: reported in its part, the certificate still verified', (t) => {
  const dh: VerdictPart = { part: 'strength', ok: false, label: 'DH 1024 bits', detail: 'the key exchange used finite-field DH of 1024 bits' };
  t.like(buildVerdict([...passed, dh], hostname), { trusted: true, label: 'verified' });
  t.like(buildVerdict([...passed, dh], hostname, true), { trusted: false, label: 'DH 1024 bits' });
});

test('every failure is named in the label, in the order of the parts; the code, reason and fix are the first one\'s', (t) => {
  const selfSigned: VerdictPart = { part: 'chain', ok: false, label: 'self-signed', detail: 'self-signed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', openssl: 18, fix: 'use a CA' };
  const expired: VerdictPart = { part: 'dates', ok: false, label: 'expired 30 days ago', detail: 'expired', code: 'CERT_HAS_EXPIRED', openssl: 10 };
  const verdict = buildVerdict([selfSigned, expired, passed[2]!], hostname);
  t.like(verdict, { trusted: false, label: 'self-signed, expired', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', openssl: 18, reason: 'self-signed', fix: 'use a CA' });
});
