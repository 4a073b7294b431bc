import test from 'ava';
import { greetingSilenceHint, uniformTimeouts } from '../../src/core/timeouts.js';

test('a greeting that never comes on port 465 says only what 465 means; elsewhere both usual reasons', (t) => {
  t.is(greetingSilenceHint(465), ': port 465 expects TLS from the first byte: use --tls-on-connect');
  t.regex(greetingSilenceHint(25), /^: a server may hold its greeting on purpose .*: a longer --timeout waits for it; .*needs --tls-on-connect$/);
});

test('--timeout gives every phase the same deadline', (t) => {
  t.deepEqual(uniformTimeouts(1.5), { connect: 1500, greeting: 1500, command: 1500, tlsHandshake: 1500, dataEnd: 1500 });
});
