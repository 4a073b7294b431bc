import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { TLSSocket } from 'node:tls';
import type { WorkshopServer } from '../../src/server/builtin.js';
import { lessonLines, scenarioLines, unknownScenario } from '../../src/server/scenarios/describe.js';
import { DEFAULT_SCENARIO, lessonFor, listScenarios, scenarioByName } from '../../src/server/scenarios/index.js';
import type { Scenario } from '../../src/server/scenarios/index.js';
import { startScenario } from '../../src/server/scenarios/start.js';
import { RawSmtp } from './raw-smtp.js';

// The list, written out here so that a scenario missing from the catalogue fails.
const REQUIRED = [
  'default', 'require-tls', 'tls12-only', 'legacy-tls10', 'expired-cert', 'wrong-host', 'strip-starttls',
  'greylist', 'implicit-tls', 'slow', 'auth-anywhere', 'smuggling-vulnerable',
];

function scenario(name: string): Scenario {
  const found = scenarioByName(name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
}

async function start(t: ExecutionContext, name: string): Promise<WorkshopServer> {
  const server = await startScenario(scenario(name), { settings: { delayMs: 0 } });
  t.teardown(() => server.close());
  return server;
}

async function greeted(t: ExecutionContext, server: WorkshopServer): Promise<RawSmtp> {
  const client = server.secure ? await RawSmtp.connectTls(server.port, { rejectUnauthorized: false }) : await RawSmtp.connect(server.port);
  t.teardown(() => client.end());
  t.is((await client.reply()).code, 220);
  return client;
}

test('the catalogue holds every scenario of the workshop, default first, names unique and typeable', (t) => {
  const names = listScenarios().map((s) => s.name);
  t.deepEqual([...names].sort(), [...REQUIRED].sort());
  t.is(names[0], 'default');
  t.is(DEFAULT_SCENARIO.name, 'default');
  for (const name of names) t.regex(name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('each scenario has a one-line summary and a lesson in three parts', (t) => {
  for (const { name, summary, lesson } of listScenarios()) {
    t.true(summary.length > 10 && summary.length <= 100 && !summary.includes('\n'), name);
    t.true(lesson.demonstrates.length > 40, name);
    t.true(lesson.try.length >= 2 && lesson.lookFor.length >= 2, name);
    t.is(lessonFor(name), lesson);
  }
  t.is(scenarioByName('nope'), undefined);
  t.is(lessonFor('nope'), undefined);
});

test('listed as "name  summary" with the summaries aligned; verbose adds each lesson', (t) => {
  const scenarios = listScenarios();
  const short = scenarioLines(scenarios);
  t.is(short.length, scenarios.length);
  const column = short[0]!.indexOf(scenarios[0]!.summary);
  short.forEach((line, i) => {
    t.true(line.startsWith(`${scenarios[i]!.name} `));
    t.is(line.indexOf(scenarios[i]!.summary), column);
  });
  const long = scenarioLines(scenarios, { verbose: true });
  t.is(long.filter((line) => line === '    Try:').length, scenarios.length);
  t.is(long.filter((line) => line === '').length, scenarios.length - 1);
  t.deepEqual(lessonLines(scenario('greylist').lesson).slice(0, 2), [scenario('greylist').lesson.demonstrates, 'Try:']);
  t.regex(unknownScenario('nope', scenarios), /^no scenario "nope"; there are: default, /);
});

test('every scenario starts and greets; the implicit-TLS one after the handshake', async (t) => {
  for (const { name } of listScenarios()) {
    const server = await start(t, name);
    t.is(server.secure, name === 'implicit-tls', name);
    await greeted(t, server);
  }
});

test('greylist: each server keeps its own list, so a new one greylists again', async (t) => {
  for (let round = 0; round < 2; round++) {
    const client = await greeted(t, await start(t, 'greylist'));
    await client.send('EHLO client.test');
    await client.send('MAIL FROM:<a@example.org>');
    t.deepEqual(await client.send('RCPT TO:<b@example.org>'), { code: 451, lines: ['4.7.1 Greylisted, please try again later'] });
    t.is((await client.send('RCPT TO:<c@example.org>')).code, 451);
    t.is((await client.send('RCPT TO:<b@example.org>')).code, 250);
  }
});

test('certificates follow the scenario: expired, for another host, RSA-1024 at TLS 1.0', async (t) => {
  const peer = async (name: string, options: object): Promise<TLSSocket> => {
    const client = await greeted(t, await start(t, name));
    await client.send('EHLO client.test');
    await client.starttls({ rejectUnauthorized: false, ...options });
    return client.tlsSocket!;
  };
  const expired = (await peer('expired-cert', {})).getPeerX509Certificate()!;
  t.true(new Date(expired.validTo) < new Date());
  t.is((await peer('wrong-host', {})).getPeerX509Certificate()?.subjectAltName, 'DNS:mail.example.net');
  const legacy = await peer('legacy-tls10', { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  t.is(legacy.getProtocol(), 'TLSv1');
  t.is(legacy.getCipher().name, 'AES256-SHA');
  t.is(legacy.getPeerX509Certificate()?.publicKey.asymmetricKeyDetails?.modulusLength, 1024);
});
