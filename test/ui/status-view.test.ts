import test from 'ava';
import fc from 'fast-check';
import type { TlsReport } from '../../src/core/tls-report.js';
import { buildVerdict } from '../../src/core/tls-verdict.js';
import { statusRow } from '../../src/ui/status-view.js';
import type { StatusFacts } from '../../src/ui/status-view.js';
import { displayWidth } from '../../src/ui/text-width.js';

const selfSigned = buildVerdict(
  [
    { part: 'chain', ok: false, label: 'self-signed', detail: 'the server certificate is self-signed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', openssl: 18 },
    { part: 'dates', ok: true, label: '29 days left', detail: 'valid' },
  ],
  { checked: 'localhost', ok: true },
);

const report = {
  protocol: 'TLSv1.3',
  cipher: { name: 'TLS_AES_256_GCM_SHA384', standardName: 'TLS_AES_256_GCM_SHA384' },
  verdict: selfSigned,
} as Pick<TlsReport, 'protocol' | 'cipher' | 'verdict'> as TlsReport;

const facts: StatusFacts = { target: '127.0.0.1:41685', phase: 'TLS', tls: true, report, mailbox: 3, now: 0 };

const line = (row: ReturnType<typeof statusRow>): string => row.head + row.badge + row.mail + row.wait;

test('at 80 columns the verdict keeps its ✗ beside the mailbox count: the cipher is shortened first', (t) => {
  const row = statusRow(facts, 80);
  t.is(line(row), ' 127.0.0.1:41685 │ TLS │ TLSv1.3 · TLS_AES_256_GCM… · self-signed ✗ │ mailbox: 3');
  t.is(statusRow(facts, 120).badge, 'TLSv1.3 · TLS_AES_256_GCM_SHA384 · self-signed ✗');
  t.is(line(statusRow(facts, 50)), ' 127.0.0.1:41685 │ TLS │ TLSv1.3 · self-signed ✗');
});

test('a key too weak is a ✗ like any failed verification, and fits at 80 columns beside the mailbox count', (t) => {
  const weak = buildVerdict(
    [
      { part: 'chain', ok: true, label: 'trusted', detail: 'the chain leads to a trusted root' },
      { part: 'strength', ok: false, label: 'RSA 1024 bits', detail: 'the server key is RSA of 1024 bits, under 2048', code: 'EE_KEY_TOO_SMALL', openssl: 66 },
    ],
    { checked: 'localhost', ok: true },
  );
  const row = statusRow({ ...facts, report: { ...report, verdict: weak } }, 80);
  t.is(line(row), ' 127.0.0.1:41685 │ TLS │ TLSv1.3 · TLS_AES_256_GC… · key too weak ✗ │ mailbox: 3');
  t.true(displayWidth(line(row)) <= 80);
});

test('the countdown counts the lines of a reply still coming', (t) => {
  const waiting = { verb: 'NOOP', display: 'NOOP', startedAt: 0, deadline: 30_000, linesSoFar: 1 } as const;
  t.is(statusRow({ ...facts, waiting, now: 3000 }, 160).wait, ' │ waiting 3s for NOOP · 1 line so far · timeout in 27s');
});

test('narrower, the mailbox count, the phase and the target give way before the verdict', (t) => {
  t.is(line(statusRow(facts, 40)), ' 127.0.0.1:41685 │ TLS │ self-signed ✗');
  t.is(line(statusRow(facts, 30)), ' 127.0.… │ TLS │ self-signed ✗');
  t.is(line(statusRow(facts, 25)), ' 127.0.0… │ self-signed ✗');
  t.is(line(statusRow(facts, 8)), 'self-… ✗');
  t.is(line(statusRow({ ...facts, tls: false, report: undefined }, 30)), ' 127.0.0.1:… │ TLS │ PLAINTEXT');
});

test('property: the row never takes more than the width, and the verdict mark is always on it', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 220 }), fc.boolean(), fc.option(fc.nat(100000)), fc.boolean(), (width, trusted, mailbox, waiting) => {
      const verdict = trusted ? { ...selfSigned, trusted: true, label: 'verified' } : selfSigned;
      const row = statusRow(
        {
          ...facts,
          report: { ...report, verdict },
          mailbox: mailbox ?? undefined,
          ...(waiting ? { waiting: { verb: 'MAIL', display: 'MAIL FROM:<someone.with.a.long.address@example.org>', startedAt: 0, deadline: 60_000 } } : {}),
        },
        width,
      );
      t.true(displayWidth(line(row)) <= width, JSON.stringify(row));
      t.true(row.badge.endsWith(trusted ? '✓' : '✗'), JSON.stringify(row));
    }),
  );
});
