import test from 'ava';
import { hostPort } from '../../src/core/host-port.js';

test('an IPv6 address is bracketed before its port; a name or IPv4 address is not', (t) => {
  t.is(hostPort('::1', 2640), '[::1]:2640');
  t.is(hostPort('::ffff:127.0.0.1', 25), '[::ffff:127.0.0.1]:25');
  t.is(hostPort('127.0.0.1', 2640), '127.0.0.1:2640');
  t.is(hostPort('mx.example', 25), 'mx.example:25');
});
