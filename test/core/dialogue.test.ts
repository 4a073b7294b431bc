import test from 'ava';
import fc from 'fast-check';
import { AUTH_ROUNDS_BEFORE_WARNING, Dialogue, MAX_UNASKED_IN_A_ROW } from '../../src/core/dialogue.js';
import type { Reply } from '../../src/core/reply.js';

const reply = (code: number, ...lines: string[]): Reply => {
  const kept = lines.length > 0 ? lines : [''];
  return { code, lines: kept, raw: kept.map((line) => Buffer.from(`${code} ${line}`)), lineCount: kept.length, violations: [], complete: true };
};

const LOOP = /^the server has sent (\d+) 334 challenges in a row: a loop\? Send \* to cancel the exchange \(RFC 4954 §4\)$/;
const FLOOD = /^… ([\d,]+) more replies or lines that answer no command not shown \(([\d,]+) in a row\)$/;

test('DATA: a 354 to DATA starts message text, the end of DATA ends it, whatever its reply', (t) => {
  const dialogue = new Dialogue();
  dialogue.answered('MAIL', reply(354));
  t.false(dialogue.inData, '354 to anything but DATA');
  dialogue.answered('DATA', reply(503, 'need RCPT'));
  t.false(dialogue.inData);
  dialogue.answered('DATA', reply(354, 'go ahead'));
  t.true(dialogue.inData);
  dialogue.endData();
  t.false(dialogue.inData);
  dialogue.answered('DATA', reply(354));
  dialogue.answered('data-end', reply(554, 'rejected'));
  t.false(dialogue.inData, 'raw bytes that end DATA leave it too');
});

test('AUTH: only a 334 to AUTH or to an AUTH response makes the next line a secret', (t) => {
  const dialogue = new Dialogue();
  for (const verb of ['MAIL', 'raw', 'greeting', 'EHLO'] as const) {
    dialogue.answered(verb, reply(334, 'VXNlcm5hbWU6'));
    t.false(dialogue.inAuth, verb);
  }
  dialogue.answered('AUTH', reply(334, 'VXNlcm5hbWU6'));
  t.true(dialogue.inAuth);
  dialogue.answered('auth-response', reply(334, 'UGFzc3dvcmQ6'));
  t.true(dialogue.inAuth);
  dialogue.answered('auth-response', reply(235, 'ok'));
  t.false(dialogue.inAuth);
});

test(`a 334 loop is warned of once, at round ${AUTH_ROUNDS_BEFORE_WARNING + 1}, and counting starts again after any other reply`, (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 5 }), (runs) => {
      const dialogue = new Dialogue();
      const warnings: string[] = [];
      for (const rounds of runs) {
        for (let round = 0; round < rounds; round++) {
          const warning = dialogue.answered(round === 0 ? 'AUTH' : 'auth-response', reply(334));
          if (warning) warnings.push(warning);
        }
        t.is(dialogue.answered('auth-response', reply(535, 'no')), undefined);
      }
      const loops = runs.filter((rounds) => rounds > AUTH_ROUNDS_BEFORE_WARNING);
      t.deepEqual(warnings.map((warning) => Number(LOOP.exec(warning)?.[1])), loops.map(() => AUTH_ROUNDS_BEFORE_WARNING + 1));
    }),
  );
});

test('capabilities: from a 2xx to EHLO or LHLO only; STARTTLS moves them aside as pre-TLS', (t) => {
  const dialogue = new Dialogue();
  t.is(dialogue.capabilities, undefined);
  dialogue.answered('EHLO', reply(250, 'mx.example.org Hello', 'STARTTLS', 'AUTH PLAIN'));
  const plaintext = dialogue.capabilities;
  t.true(plaintext?.starttls);
  t.deepEqual(plaintext?.auth, ['PLAIN']);
  dialogue.answered('EHLO', reply(502, 'not implemented'));
  dialogue.answered('HELO', reply(250, 'mx.example.org'));
  t.is(dialogue.capabilities, plaintext, 'a refusal or HELO leaves what EHLO said');

  dialogue.startedTls();
  t.is(dialogue.capabilities, undefined);
  t.is(dialogue.preTlsCapabilities, plaintext);
  dialogue.answered('LHLO', reply(250, 'mx.example.org', 'AUTH LOGIN'));
  t.deepEqual(dialogue.capabilities?.auth, ['LOGIN']);
  t.false(dialogue.capabilities?.starttls);
  t.is(dialogue.preTlsCapabilities, plaintext);
});

test('a 421 means closing, asked for or not; nothing else does', (t) => {
  const asked = new Dialogue();
  asked.received(reply(250), true);
  asked.received(reply(554), false);
  t.is(asked.closing, undefined);
  const goodbye = reply(421, 'shutting down');
  asked.received(goodbye, true);
  t.is(asked.closing, goodbye);

  const unasked = new Dialogue();
  for (let i = 0; i < MAX_UNASKED_IN_A_ROW; i++) unasked.received(reply(220), false);
  const flooded = reply(421, 'bye');
  t.false(unasked.received(flooded, false).show);
  t.is(unasked.closing, flooded, 'even a reply not shown');
});

test('only QUIT makes a close expected', (t) => {
  const dialogue = new Dialogue();
  for (const verb of ['EHLO', 'RSET', 'data-end', 'raw'] as const) dialogue.sent(verb);
  t.false(dialogue.quitSent);
  dialogue.sent('QUIT');
  t.true(dialogue.quitSent);
});

test(`a flood: ${MAX_UNASKED_IN_A_ROW} unasked replies in a row are shown, the rest counted and told when the run ends`, (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 3 * MAX_UNASKED_IN_A_ROW }), { minLength: 1, maxLength: 4 }), fc.boolean(), (runs, endsWithClose) => {
      const dialogue = new Dialogue();
      runs.forEach((count, i) => {
        let shown = 0;
        for (let j = 0; j < count; j++) if (dialogue.received(reply(250, 'evil'), false).show) shown++;
        t.is(shown, Math.min(count, MAX_UNASKED_IN_A_ROW));
        const last = i === runs.length - 1 && endsWithClose;
        const ending = last ? { show: true, warning: dialogue.endUnasked() } : dialogue.received(reply(250), true);
        t.true(ending.show, 'a reply that answers something is always shown');
        if (count <= MAX_UNASKED_IN_A_ROW) {
          t.is(ending.warning, undefined);
          return;
        }
        const [, unshown, inARow] = FLOOD.exec(ending.warning ?? '') ?? [];
        t.is(Number(unshown?.replaceAll(',', '')), count - MAX_UNASKED_IN_A_ROW);
        t.is(Number(inARow?.replaceAll(',', '')), count);
      });
      t.is(dialogue.endUnasked(), undefined, 'a run is told once');
    }),
  );
});

test('STARTTLS: warned inside TLS, and when EHLO did not offer it; not before any EHLO or when offered', (t) => {
  const dialogue = new Dialogue();
  t.is(dialogue.startTlsWarning(false), undefined, 'no EHLO yet: nothing known');
  t.is(dialogue.startTlsWarning(true), 'STARTTLS inside TLS: RFC 3207 §4.2 allows only one');
  dialogue.answered('EHLO', reply(250, 'mx.example', 'PIPELINING'));
  t.is(dialogue.startTlsWarning(false), 'the server did not advertise STARTTLS in its EHLO reply');
  dialogue.answered('EHLO', reply(250, 'mx.example', 'STARTTLS'));
  t.is(dialogue.startTlsWarning(false), undefined);
});

test('a 235 to AUTH or to its last answer is a login, forgotten when TLS starts', (t) => {
  const dialogue = new Dialogue();
  t.false(dialogue.authenticated);
  dialogue.answered('AUTH', reply(334));
  t.false(dialogue.authenticated, 'a challenge is not a login');
  dialogue.answered('auth-response', reply(235));
  t.true(dialogue.authenticated);
  dialogue.startedTls();
  t.false(dialogue.authenticated, 'STARTTLS starts the session over (RFC 3207 §4.2)');
  dialogue.answered('AUTH', reply(535));
  t.false(dialogue.authenticated);
  dialogue.answered('AUTH', reply(235));
  t.true(dialogue.authenticated);
});
