import test from 'ava';
import { interpretTyped } from '../../src/session/local-commands.js';

test('anything not starting with / goes to the server exactly, even R, Q, k and K lines', (t) => {
  for (const line of ['RCPT TO:<a@b>', 'QUIT', 'k', 'K', '', ' /not local', 'R']) {
    t.deepEqual(interpretTyped(line), { kind: 'server', line });
  }
});

test('// sends a literal slash', (t) => {
  t.deepEqual(interpretTyped('//help'), { kind: 'server', line: '/help' });
});

test('local commands and their arguments', (t) => {
  t.deepEqual(interpretTyped('/help'), { kind: 'local', command: { name: 'help' } });
  t.deepEqual(interpretTyped('/quit'), { kind: 'local', command: { name: 'quit' } });
  t.deepEqual(interpretTyped('/connect mx.example.org:587'), { kind: 'local', command: { name: 'connect', target: { host: 'mx.example.org', port: 587 } } });
  t.deepEqual(interpretTyped('/export /tmp/a b.md'), { kind: 'local', command: { name: 'export', file: '/tmp/a b.md' } });
  t.deepEqual(interpretTyped('/set'), { kind: 'local', command: { name: 'set' } });
  t.deepEqual(interpretTyped('/set from  a@b.c '), { kind: 'local', command: { name: 'set', variable: 'from', value: 'a@b.c' } });
  t.deepEqual(interpretTyped('/set from'), { kind: 'local', command: { name: 'set', variable: 'from' } });
  t.deepEqual(interpretTyped('/RAW'), { kind: 'local', command: { name: 'raw' } });
  t.deepEqual(interpretTyped('/export-chain chain.pem'), { kind: 'local', command: { name: 'exportChain', file: 'chain.pem' } });
  t.deepEqual(interpretTyped('/send-file body.eml'), { kind: 'local', command: { name: 'sendFile', file: 'body.eml' } });
});

test('mistakes say what is wrong', (t) => {
  t.like(interpretTyped('/frobnicate'), { kind: 'invalid', message: 'unknown command /frobnicate (type /help; // sends a literal /)' });
  t.like(interpretTyped('/connect'), { kind: 'invalid', message: 'usage: /connect HOST[:PORT]' });
  t.like(interpretTyped('/connect a b'), { kind: 'invalid' });
  t.like(interpretTyped('/connect 127.0.0.1:99999'), { kind: 'invalid', message: '"99999" is not a port number (1-65535)' });
  t.like(interpretTyped('/export'), { kind: 'invalid' });
  t.like(interpretTyped('/send-file'), { kind: 'invalid' });
  t.like(interpretTyped('/clear now'), { kind: 'invalid', message: '/clear takes no arguments' });
  t.like(interpretTyped('/set 1x y'), { kind: 'invalid' });
});

test('in a message body only /send-file, /raw and /quit act; any other line is body text, // still one slash', (t) => {
  t.deepEqual(interpretTyped('/send-file body.eml', true), { kind: 'local', command: { name: 'sendFile', file: 'body.eml' } });
  t.deepEqual(interpretTyped('/raw', true), { kind: 'local', command: { name: 'raw' } });
  t.deepEqual(interpretTyped('/quit', true), { kind: 'local', command: { name: 'quit' } });
  for (const line of ['/set is a command', '/etc/passwd', '/help me', '/connect mx.example.org', '/raw on', '/send-file', '/export x.txt']) {
    t.deepEqual(interpretTyped(line, true), { kind: 'server', line });
  }
  t.deepEqual(interpretTyped('//two slashes', true), { kind: 'server', line: '/two slashes' });
});
