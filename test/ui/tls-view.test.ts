import test from 'ava';
import { parseEhlo } from '../../src/core/ehlo.js';
import { buildVerdict } from '../../src/core/tls-verdict.js';
import type { CertificateInfo, TlsReport, VerdictPart } from '../../src/core/tls-report.js';
import { wrapWords } from '../../src/ui/text-width.js';
import { tlsPaneLines, wrapPaneLines } from '../../src/ui/tls-view.js';
import { PAYLOADS } from '../hostile/payloads.js';
import { RAW_CONTROL } from '../hostile/harness.js';

const pre = parseEhlo({ code: 250, lines: ['mx.example', 'PIPELINING', 'STARTTLS'] });
const post = parseEhlo({ code: 250, lines: ['mx.example', 'PIPELINING', 'AUTH PLAIN LOGIN'] });

const hostname = { checked: 'mx.example', ok: true };
const parts: VerdictPart[] = [
  { part: 'chain', ok: false, label: 'self-signed', detail: 'the server certificate is self-signed, so nobody vouches for it', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', openssl: 18, fix: 'use a certificate from a CA' },
  { part: 'dates', ok: true, label: '29 days left', detail: 'valid' },
  { part: 'hostname', ok: true, label: 'mx.example', detail: 'matches' },
  { part: 'strength', ok: true, label: 'strong', detail: 'strong' },
];

function report(overrides: Partial<TlsReport> = {}): TlsReport {
  return {
    protocol: 'TLSv1.3',
    cipher: { name: 'TLS_AES_256_GCM_SHA384', standardName: 'TLS_AES_256_GCM_SHA384' },
    group: { type: 'ECDH', name: 'x25519', size: 253 },
    servername: 'mx.example',
    resumed: false,
    resumption: { offered: false },
    handshakeMs: 12,
    chain: [],
    verdict: buildVerdict(parts, hostname),
    ocsp: { stapled: false, requested: false },
    clientCertificate: { caNames: [], configured: false },
    securityLevelLowered: false,
    warnings: [],
    ...overrides,
  };
}

test('static RSA negotiates no group: the key exchange says RSA key transport, without forward secrecy, as a warning', (t) => {
  const legacy = report({ protocol: 'TLSv1', cipher: { name: 'AES256-SHA', standardName: 'TLS_RSA_WITH_AES_256_CBC_SHA' } });
  delete legacy.group;
  const line = tlsPaneLines(legacy, post, pre).find((pane) => pane.text.startsWith('  key exchange: '));
  t.deepEqual(line, { text: '  key exchange: RSA key transport: no forward secrecy', tone: 'warning' });
  const unknown = report();
  delete unknown.group;
  t.true(tlsPaneLines(unknown, post, pre).some((pane) => pane.text === '  key exchange: not reported'));
});

test('before TLS it says plainly that nothing is encrypted, and whether STARTTLS is offered', (t) => {
  const texts = tlsPaneLines(undefined, pre, undefined).map((line) => line.text);
  t.is(texts[0], 'PLAINTEXT — nothing is encrypted');
  t.true(texts.includes('The server offers STARTTLS: send it to encrypt, then EHLO again.'));
  const none = tlsPaneLines(undefined, parseEhlo({ code: 250, lines: ['mx'] }), undefined).map((line) => line.text);
  t.true(none.includes('The server did not offer STARTTLS.'));
});

test('after TLS: negotiated first, then the verdict with its reason, then what STARTTLS changed', (t) => {
  const texts = tlsPaneLines(report(), post, pre).map((line) => line.text);
  t.is(texts[0], 'ENCRYPTED — TLSv1.3');
  t.true(texts.includes('  version: TLSv1.3'));
  t.true(texts.includes('  cipher: TLS_AES_256_GCM_SHA384'));
  t.true(texts.includes('  key exchange: x25519 (253 bits)'));
  t.true(texts.includes('  SNI sent: mx.example'));
  const verdict = texts.indexOf('  ✗ self-signed (18 / DEPTH_ZERO_SELF_SIGNED_CERT)');
  t.is(verdict, texts.indexOf('Certificate') + 1);
  t.regex(texts[verdict + 1] ?? '', /^ {2}chain \(18 \/ DEPTH_ZERO_SELF_SIGNED_CERT\): the server certificate is self-signed, so nobody vouches for it\. Fix: /);
  t.is(texts[verdict + 2], '  chain ✗ self-signed · dates ✓ 29 days left · hostname ✓ mx.example · strength ✓ strong');
  t.true(texts.includes('  AUTH PLAIN LOGIN appeared after STARTTLS (usual: many servers offer AUTH only over TLS)'));
});

test('after TLS both capability lists are shown, marked, after what STARTTLS changed', (t) => {
  const texts = tlsPaneLines(report(), post, pre).map((line) => line.text);
  const changed = texts.indexOf('What STARTTLS changed');
  const before = texts.indexOf('Capabilities before TLS (plaintext, untrusted)');
  const after = texts.indexOf('Capabilities after TLS');
  t.true(changed >= 0 && changed < before && before < after, `${changed} ${before} ${after}`);
  t.is(texts[before + 1], '  PIPELINING · STARTTLS');
  t.is(texts[after + 1], '  PIPELINING · AUTH PLAIN LOGIN');
});

test('with implicit TLS there is no list from before TLS', (t) => {
  const texts = tlsPaneLines(report(), post, undefined).map((line) => line.text);
  t.false(texts.some((text) => text.includes('before TLS')));
  t.false(texts.includes('What STARTTLS changed'));
  t.true(texts.includes('Capabilities after TLS'));
});

test('a resumed session without a certificate says why the verdict lacks one', (t) => {
  const texts = tlsPaneLines(report({ resumed: true, resumption: { offered: true } }), post, pre).map((line) => line.text);
  t.true(texts.includes('  resumption: resumed the previous session'));
  t.regex(texts[texts.indexOf('Certificate') + 1] ?? '', /^ {2}resumed session: the server sent no certificate this time/);
  const full = tlsPaneLines(report({ resumption: { offered: true } }), post, pre).map((line) => line.text);
  t.true(full.includes('  resumption: offered, not resumed'));
  t.false(full.some((text) => text.includes('resumed session:')));
});

test('a resumed session without a certificate: the parts it could not check carry no ✓, and keep their words', (t) => {
  const notChecked = { ok: true, checked: false as const, label: 'not checked (resumed)', detail: 'a resumed session sends no certificate: this was checked when the session began' };
  const resumedParts: VerdictPart[] = [
    { part: 'chain', ok: true, label: 'trusted', detail: 'the chain leads to a trusted root' },
    { part: 'dates', ...notChecked },
    { part: 'hostname', ...notChecked },
    { part: 'strength', ok: true, label: 'strong', detail: 'strong' },
  ];
  const resumed = report({ resumed: true, resumption: { offered: true }, verdict: buildVerdict(resumedParts, hostname) });
  const texts = tlsPaneLines(resumed, post, pre).map((line) => line.text);
  t.true(texts.includes('  chain ✓ trusted · dates – not checked (resumed) · hostname – not checked (resumed) · strength ✓ strong'), texts.join('\n'));
  t.false(texts.some((text) => text.includes('the dates are valid')), 'the verdict claims no check this connection did not make');
  t.true(texts.some((text) => text.includes('checked then, not on this connection')), texts.join('\n'));
});

test('each certificate shows when it starts and ends, its SHA-256 fingerprint and pin; the leaf its DANE TLSA record', (t) => {
  const pin = Buffer.alloc(32, 0xab).toString('base64');
  const cert = (subject: string, notYetValid: boolean): CertificateInfo => ({
    subject,
    issuer: 'CN=Test Root CA',
    altNames: [],
    serialNumber: '01',
    validFrom: '2026-12-04T00:29:33.000Z',
    validTo: '2027-03-04T00:29:33.000Z',
    daysLeft: 95,
    notYetValid,
    keyType: 'ec',
    fingerprint256: 'AA:BB:CC',
    pinSha256: pin,
    selfSigned: false,
    pem: '',
  });
  const lines = tlsPaneLines(report({ chain: [cert('CN=mx.example', true), cert('CN=Test Intermediate CA', false)] }), post, pre);
  const texts = lines.map((line) => line.text);
  const leaf = texts.indexOf('  [0] CN=mx.example');
  const ca = texts.indexOf('  [1] CN=Test Intermediate CA');
  t.deepEqual(texts.slice(leaf + 1, leaf + 4), ['    issuer: CN=Test Root CA', '    valid from: 2026-12-04 (not yet valid)', '    valid until: 2027-03-04 (95 days left)']);
  t.is(lines[leaf + 2]!.tone, 'insecure');
  t.is(texts[ca + 2], '    valid from: 2026-12-04');
  t.deepEqual(texts.slice(ca - 3, ca), ['    SHA-256 fingerprint: AA:BB:CC', `    pin-sha256: ${pin}`, `    DANE TLSA: 3 1 1 ${'ab'.repeat(32)}`]);
  t.is(texts.filter((text) => text.startsWith('    DANE TLSA:')).length, 1, 'a record for the leaf alone');
});

test('after STARTTLS but before the new EHLO it asks for EHLO again', (t) => {
  const texts = tlsPaneLines(report(), undefined, pre).map((line) => line.text);
  t.true(texts.includes('  send EHLO again: what was said before TLS no longer counts'));
  t.false(texts.includes('Capabilities before TLS (plaintext, untrusted)'), 'nothing to compare it with yet');
});

test('closed after TLS before the new EHLO: it says the connection is closed and why, and asks for no EHLO', (t) => {
  const texts = tlsPaneLines(report(), undefined, pre, { closed: true, reason: 'Connection closed by the server.' }).map((line) => line.text);
  t.is(texts[0], 'CLOSED — it was encrypted with TLSv1.3');
  t.is(texts[1], '  Connection closed by the server.');
  t.false(texts.some((text) => /EHLO/.test(text)), texts.join('\n'));
  t.true(texts.includes('Capabilities before TLS (plaintext, untrusted)'));
  t.true(texts.includes('  version: TLSv1.3'), 'what was negotiated stays to read');
});

test('closed in plaintext: no advice to send EHLO or STARTTLS, the capabilities still listed', (t) => {
  const texts = tlsPaneLines(undefined, pre, undefined, { closed: true }).map((line) => line.text);
  t.is(texts[0], 'NOT CONNECTED — the connection is closed');
  t.is(texts[1], 'No connection is open: /reconnect or /connect HOST[:PORT] opens one.');
  t.false(texts.some((text) => /send|Send/.test(text)), texts.join('\n'));
  t.true(texts.includes('  PIPELINING · STARTTLS'));
});

for (const payload of PAYLOADS) {
  test(`hostile certificate fields and EHLO keywords are escaped: ${payload.name}`, (t) => {
    const text = payload.bytes.toString('latin1');
    const hostile = report({
      chain: [
        {
          subject: `CN=${text}`,
          issuer: `CN=${text}`,
          altNames: [`DNS:${text}`],
          validFrom: '2024-01-01T00:00:00.000Z',
          validTo: '2030-01-01T00:00:00.000Z',
          daysLeft: 1000,
          notYetValid: false,
          keyType: 'rsa',
          keyBits: 2048,
          fingerprint256: 'AA',
          serialNumber: '01',
          pinSha256: text,
          selfSigned: false,
          pem: '',
        },
      ],
      servername: text,
    });
    const caps = parseEhlo({ code: 250, lines: ['mx', `X-${text}`] });
    const rows = wrapPaneLines(tlsPaneLines(hostile, caps, pre), 200);
    for (const row of rows) t.false(RAW_CONTROL.test(row.text), JSON.stringify(row.text));
  });
}

test('the capability list shows each line as received, a byte that is not UTF-8 as \\xNN', (t) => {
  const received = parseEhlo({
    code: 250,
    lines: ['mx.example', 'starttls', 'X-\ufffd'],
    raw: [Buffer.from('250-mx.example'), Buffer.from('250-starttls'), Buffer.from('250 X-\xff', 'latin1')],
  });
  const texts = tlsPaneLines(undefined, received, undefined).map((line) => line.text);
  t.true(texts.includes('  starttls · X-\\xff'), texts.join('\n'));
});

test('a hostile EHLO of a thousand 8 KiB keywords: the pane lists some, each cut, and says how many more, at once', (t) => {
  const lines = ['mx', ...Array.from({ length: 1000 }, (_, i) => `X${i}${'A'.repeat(8190)}`)];
  const rows = wrapPaneLines(tlsPaneLines(undefined, parseEhlo({ code: 250, lines }), undefined), 60);
  t.true(rows.some((row) => row.text.includes('… 940 more (the transcript has them all)')), rows.map((row) => row.text).slice(0, 40).join('\n'));
  // 60 keywords of at most 120 cells: a bounded list, whatever the server sent (it was ~140,000 rows and 46 s).
  t.true(rows.length < 200, `${rows.length} rows`);
});

test('a word longer than many rows is cut row by row, nothing lost', (t) => {
  const word = 'B'.repeat(1000);
  const rows = wrapWords(`  x ${word} y`, 40, 2);
  t.is(rows.join('').replace(/ /g, ''), `x${word}y`);
  t.true(rows.every((row) => row.length <= 40));
});
