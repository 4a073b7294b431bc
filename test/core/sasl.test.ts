import { createHmac } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { decodeChallenge, saslCramMd5, saslLoginPass, saslLoginUser, saslPlain, saslXoauth2 } from '../../src/core/sasl.js';

const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

test('PLAIN: RFC 4616 §4 example, with an authorization identity', (t) => {
  t.is(saslPlain('Kurt', 'xipj3plmq', 'Ursel'), 'VXJzZWwAS3VydAB4aXBqM3BsbXE=');
});

test('PLAIN: without an authorization identity it starts with NUL', (t) => {
  t.is(saslPlain('tim', 'tanstaaftanstaaf'), 'AHRpbQB0YW5zdGFhZnRhbnN0YWFm');
});

test('PLAIN: UTF-8 user and password', (t) => {
  t.is(decode(saslPlain('jörg', 'pässwörd😀')), '\0jörg\0pässwörd😀');
});

test('LOGIN: user and password, each on its own line', (t) => {
  t.is(saslLoginUser('tim'), 'dGlt');
  t.is(saslLoginPass('tanstaaftanstaaf'), 'dGFuc3RhYWZ0YW5zdGFhZg==');
  t.is(saslLoginUser(''), '');
});

test('CRAM-MD5: RFC 2195 example', (t) => {
  const challenge = Buffer.from('<1896.697170952@postoffice.reston.mci.net>').toString('base64');
  t.is(challenge, 'PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+');
  t.is(saslCramMd5('tim', 'tanstaaftanstaaf', challenge), 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw');
  t.is(decode(saslCramMd5('tim', 'tanstaaftanstaaf', challenge)), 'tim b913a602c7eda7a495b4e6e7334d3890');
});

test('CRAM-MD5: the HMAC is over the challenge bytes, not its base64', (t) => {
  const challenge = Buffer.from([0x00, 0xff, 0x80, 0x3c]);
  const expected = createHmac('md5', 'pw').update(challenge).digest('hex');
  t.is(decode(saslCramMd5('u', 'pw', challenge.toString('base64'))), `u ${expected}`);
});

test('XOAUTH2: Google documentation example', (t) => {
  t.is(
    saslXoauth2('someuser@example.com', 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg'),
    'dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==',
  );
});

const challengeCases: Array<[string, string, string]> = [
  ['LOGIN user prompt', 'VXNlcm5hbWU6', 'Username:'],
  ['LOGIN password prompt', 'UGFzc3dvcmQ6', 'Password:'],
  ['empty', '', ''],
  ['surrounding blanks', '  VXNlcm5hbWU6 \t', 'Username:'],
  ['characters outside base64 are skipped', 'VXNl!!cm5h*bWU6', 'Username:'],
  ['decoding stops at padding', 'YWJj=ZGVm', 'abc'],
  ['not base64 at all', '%%% ???', ''],
  ['missing padding', 'YWJjZA', 'abcd'],
];

for (const [title, text, expected] of challengeCases) {
  test(`decodeChallenge: ${title}`, (t) => {
    t.is(decodeChallenge(text).toString('latin1'), expected);
  });
}

test('property: every encoder answers base64 of what it was given', (t) => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  fc.assert(
    fc.property(text, text, text, (user, pass, authzid) => {
      const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
      const outputs = [saslPlain(user, pass, authzid), saslLoginUser(user), saslLoginPass(pass), saslXoauth2(user, pass)];
      return (
        outputs.every((output) => base64.test(output)) &&
        decode(saslPlain(user, pass, authzid)) === `${authzid}\0${user}\0${pass}` &&
        decode(saslLoginUser(user)) === user &&
        decode(saslLoginPass(pass)) === pass &&
        decode(saslXoauth2(user, pass)) === `user=${user}\x01auth=Bearer ${pass}\x01\x01`
      );
    }),
  );
  t.pass();
});

test('property: decodeChallenge never throws and inverts base64', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.string({ maxLength: 100 }), (bytes, garbage) => {
      decodeChallenge(garbage);
      return decodeChallenge(Buffer.from(bytes).toString('base64')).equals(Buffer.from(bytes));
    }),
  );
  t.pass();
});

test('property: a CRAM-MD5 answer is the user, a space and 32 hex digits', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 }), (user, pass, challenge) => {
      const answer = decode(saslCramMd5(user, pass, challenge));
      return answer.startsWith(`${user} `) && /^[0-9a-f]{32}$/.test(answer.slice(user.length + 1));
    }),
  );
  t.pass();
});
