/**
 * The lessons' own words, tried: the raw line the smuggling lesson tells students to type, the delays the slow
 * lesson asks them to watch, and every command line a lesson prints.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { parseInvocation } from '../../src/cli/args.js';
import { startEmbedded } from '../../src/cli/embedded-server.js';
import type { Embedded } from '../../src/cli/embedded-server.js';
import { SmtpConnection } from '../../src/core/connection.js';
import { parseRawEscapes } from '../../src/core/data.js';
import { DEFAULT_TIMEOUTS } from '../../src/core/timeouts.js';
import { PLAIN_LOGIN, WORKSHOP_PASSWORD, WORKSHOP_USER } from '../../src/server/login.js';
import { listScenarios, lessonFor } from '../../src/server/scenarios/index.js';
import { SLOW_DELAY_MS } from '../../src/server/scenarios/slow.js';
import type { ReceivedMessage } from '../../src/server/mailbox.js';

async function embedded(t: ExecutionContext, name: string, delayMs?: number): Promise<Embedded> {
  const server = await startEmbedded(name, delayMs === undefined ? undefined : { delayMs });
  t.teardown(() => server.close());
  return server;
}

async function connect(t: ExecutionContext, server: Embedded): Promise<SmtpConnection> {
  const connection = new SmtpConnection({ ...server.target, tlsOnConnect: false, tls: { strict: false } });
  t.teardown(() => connection.close());
  await connection.open();
  return connection;
}

function nthMessage(server: Embedded, n: number): Promise<ReceivedMessage> {
  return new Promise((resolve) => {
    const check = (): void => {
      const message = server.server.mailbox[n - 1];
      if (message) {
        off();
        resolve(message);
      }
    };
    const off = server.server.onMessage(check);
    check();
  });
}

/** What the smuggling lesson tells students to type after /raw, exactly as printed. */
function smugglingRawLine(): string {
  const step = lessonFor('smuggling-vulnerable')?.try.find((item) => item.startsWith('/raw, then: '));
  return step?.slice('/raw, then: '.length) ?? '';
}

async function intoData(connection: SmtpConnection): Promise<void> {
  for (const line of ['EHLO workshop.test', 'MAIL FROM:<you@example.org>', 'RCPT TO:<friend@example.org>', 'DATA']) {
    await connection.submit(line);
  }
}

test('the smuggling lesson\'s raw line: the naive server ends at \\n.\\n and takes a second, smuggled message', async (t) => {
  const server = await embedded(t, 'smuggling-vulnerable');
  const connection = await connect(t, server);
  await intoData(connection);
  const { bytes, error } = parseRawEscapes(smugglingRawLine());
  t.is(error, undefined);
  const [end] = await connection.sendRaw(bytes, 'raw', [{ verb: 'data-end', display: 'raw', windowMs: 2000 }]);
  t.is(end?.code, 250);
  const smuggled = await nthMessage(server, 2);
  t.is(smuggled.from, 'ceo@example.org');
  t.regex(smuggled.raw.toString(), /^Subject: smuggled\r\n\r\npay the invoice\r\n$/);
  t.is(server.server.mailbox[0]?.raw.toString(), 'Subject: one\r\n\r\nhello\r\n');
});

test('the same raw line against the default scenario: one reply, one message, the smuggled commands only text', async (t) => {
  const server = await embedded(t, 'default');
  const connection = await connect(t, server);
  await intoData(connection);
  const [end] = await connection.sendRaw(parseRawEscapes(smugglingRawLine()).bytes, 'raw', [{ verb: 'data-end', display: 'raw', windowMs: 2000 }]);
  t.is(end?.code, 250);
  const message = await nthMessage(server, 1);
  t.regex(message.raw.toString(), /MAIL FROM:<ceo@example\.org>\r\nRCPT TO:<friend@example\.org>\r\nDATA\r\nSubject: smuggled/);
  t.is(message.from, 'you@example.org');
  await connection.submit('NOOP');
  t.is(server.server.mailbox.length, 1);
});

test('slow: the greeting, MAIL, RCPT and the end of DATA are each held; EHLO is not', async (t) => {
  const delayMs = 300;
  const server = await embedded(t, 'slow', delayMs);
  const connection = new SmtpConnection({ ...server.target, tlsOnConnect: false, tls: { strict: false } });
  t.teardown(() => connection.close());
  const timed = async (step: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await step();
    return performance.now() - started;
  };
  t.true((await timed(() => connection.open())) >= delayMs);
  t.true((await timed(() => connection.submit('EHLO workshop.test'))) < delayMs);
  t.true((await timed(() => connection.submit('MAIL FROM:<you@example.org>'))) >= delayMs);
  t.true((await timed(() => connection.submit('RCPT TO:<friend@example.org>'))) >= delayMs);
  await connection.submit('DATA');
  t.true((await timed(() => connection.submit('.'))) >= delayMs);
  t.is(server.server.mailbox.length, 1);
});

test('slow by default: seconds to watch, yet under every default deadline', (t) => {
  t.true(SLOW_DELAY_MS >= 2000);
  t.true(SLOW_DELAY_MS < Math.min(DEFAULT_TIMEOUTS.greeting, DEFAULT_TIMEOUTS.command, DEFAULT_TIMEOUTS.dataEnd));
});

test('the AUTH PLAIN line in the lessons is the workshop login', (t) => {
  t.is(Buffer.from(PLAIN_LOGIN, 'base64').toString(), `\0${WORKSHOP_USER}\0${WORKSHOP_PASSWORD}`);
  const auth = listScenarios().flatMap((scenario) => scenario.lesson.try.flatMap((item) => [...item.matchAll(/AUTH PLAIN (\S+)/g)].map((m) => m[1])));
  t.true(auth.length >= 3);
  t.true(auth.every((token) => token === PLAIN_LOGIN));
});

// "smtp-explorer serve --scenario tls12-only, then smtp-explorer --probe-tls 127.0.0.1:PORT" → two command lines.
function commandLines(text: string): string[][] {
  const command = /smtp-explorer((?:\s+(?!then\b|without\b)[^\s,(—:]+(?::PORT)?)*)/g;
  return [...text.matchAll(command)].map((match) => (match[1] ?? '').replace(':PORT', ':2525').split(/\s+/).filter(Boolean));
}

test('every smtp-explorer command a lesson prints is a valid invocation, naming a real scenario', (t) => {
  const names = new Set(listScenarios().map((scenario) => scenario.name));
  const commands = listScenarios().flatMap((scenario) => [...scenario.lesson.try, ...scenario.lesson.lookFor].flatMap(commandLines));
  t.true(commands.length >= 8);
  for (const argv of commands) {
    t.notThrows(() => parseInvocation(argv), argv.join(' '));
    const scenario = argv[argv.indexOf('--scenario') + 1];
    if (argv.includes('--scenario')) t.true(names.has(scenario ?? ''), argv.join(' '));
  }
  const mentioned = listScenarios().flatMap((scenario) => [...scenario.lesson.try, ...scenario.lesson.lookFor].join(' ').match(/--scenario [\w-]+/g) ?? []);
  for (const flag of mentioned) t.true(names.has(flag.slice('--scenario '.length)), flag);
});
