// Exim drops a client that sends too many unrecognized commands (smtp_max_unknown_commands, 3 by default): the
// 500 that says so goes out in plaintext on the TLS connection, and Exim hangs up. That is the server leaving the
// TLS session, long after the handshake: no handshake failure, and the 500 is the evidence, to be shown readable.
import type { EximInstance, EximOptions } from '../helpers/exim.js';
import { eximTest, evidence, exim, explore } from './harness.js';

const UNKNOWN = ['FOO1', 'FOO2', 'FOO3', 'FOO4'];
const LAST_WORDS = '500 Too many unrecognized commands\r\n';
const SAID = '*** the server sent plaintext in the middle of the TLS session (not TLS records): 36 bytes: 500 Too many unrecognized commands\\r\\n';

interface Way {
  name: string;
  options: EximOptions;
  port: (instance: EximInstance) => number | undefined;
  flags: string[];
  opening: string[];
}

const WAYS: Way[] = [
  { name: 'over STARTTLS', options: {}, port: (instance) => instance.port, flags: [], opening: ['EHLO client.test', 'STARTTLS', 'EHLO client.test'] },
  { name: 'over implicit TLS', options: { implicitTls: true }, port: (instance) => instance.tlsPort, flags: ['--tls-on-connect'], opening: ['EHLO client.test'] },
];

interface DroppedJson {
  exitCode: number;
  transcript: { mark: string; text: string; raw?: string }[];
}

for (const { name, options, port, flags, opening } of WAYS) {
  eximTest(`Exim drops a session ${name} after unknown commands: its plaintext 500 shown and kept, closed by the server`, async (t) => {
    const instance = await exim(t, options);
    const at = port(instance);
    if (at === undefined) return t.fail('Exim got no port for this');
    const script = [...opening, ...UNKNOWN, 'QUIT'];
    const result = await explore(at, script, [...flags, '--keep-going']);
    const why = await evidence(result, instance);
    t.is(result.code, 2, why);
    t.is(result.lines.filter((line) => line === '<~  500 unrecognized command').length, UNKNOWN.length - 1, why);
    t.deepEqual(result.lines.slice(-4), [' ~> FOO4', SAID, '*** Connection closed by the server.', ''], why);
    t.false(/TLS failed|220 to STARTTLS/.test(result.stdout), why);
    t.regex(await instance.log(), /dropped: too many unrecognized commands/);

    const json = await explore(at, script, [...flags, '--keep-going', '--json']);
    const doc = JSON.parse(json.stdout) as DroppedJson;
    t.is(doc.exitCode, 2, json.stdout);
    const said = doc.transcript.find((entry) => `*** ${entry.text}` === SAID);
    t.is(Buffer.from(said?.raw ?? '', 'base64').toString('latin1'), LAST_WORDS, json.stdout);
    t.like(doc.transcript.at(-1), { mark: '***', text: 'Connection closed by the server.' });
  });
}
