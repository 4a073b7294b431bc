/**
 * Issue 4, item 9 in a real terminal: AUTH PLAIN with and without an initial response, LOGIN (two 334 rounds),
 * XOAUTH2 with its error challenge and the empty answer, and a `*` cancel, typed by hand and through templates,
 * against a scripted server and the built-in one. Neither the password nor the token, nor any base64 spelling of
 * them, is in any screen, in what reached the terminal, in the scrollback, the history file or an export.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saslLoginPass, saslLoginUser, saslPlain, saslXoauth2 } from '../../src/core/sasl.js';
import { startBuiltinServer, WORKSHOP_BANNER, WORKSHOP_PASSWORD, WORKSHOP_USER } from '../../src/server/builtin.js';
import { ALICE_PASSWORD, base64Cores, everyMechanism, TOKEN } from '../hostile/secret-peers.js';
import { hasTmux } from './tmux.js';
import { explore, infoText, inputRow, transcriptLines } from './hostile-kit.js';
import type { Explorer } from './hostile-kit.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;

const plain = saslPlain('alice', ALICE_PASSWORD);
const xoauth = saslXoauth2('alice', TOKEN);

const DECODED = '=== the challenge, decoded from base64: ';

/** The transcript's last line, a 334's decoded challenge left out: the reply above it is what was answered. */
function lastReply(screen: string): string {
  return transcriptLines(screen).filter((line) => !line.startsWith(DECODED)).at(-1) ?? '';
}

/** Sends `line` and waits for the transcript's last line to match `reply`. */
async function exchange(explorer: Explorer, line: string, reply: RegExp): Promise<string> {
  await explorer.send(line);
  return explorer.waitFor((screen) => reply.test(lastReply(screen)), `${reply} after ${line.slice(0, 20)}`);
}

/** Answers the yes/no about AUTH on this connection. */
async function confirm(explorer: Explorer): Promise<void> {
  await explorer.waitForText('Send anyway? y/N');
  await explorer.tmux.type('y');
}

/** An AUTH template: picked by its name, the user prefilled from --auth-user, the secret typed into the masked prompt. */
async function template(explorer: Explorer, name: string, secret: string, confirmFirst = false): Promise<void> {
  await explorer.tmux.keys('C-t');
  await explorer.waitForText('Templates — type to filter');
  await explorer.tmux.type(name.toLowerCase());
  await explorer.waitForText(`▶ ${name}`);
  await explorer.tmux.keys('Enter');
  if (confirmFirst) await confirm(explorer);
  await explorer.waitForText(`${name}: user`);
  await explorer.tmux.keys('Enter');
  await explorer.waitForText('(not shown, not stored)');
  await explorer.tmux.type(secret);
  await explorer.waitFor((text) => inputRow(text).text === '•'.repeat(secret.length), 'the secret, masked');
  await explorer.tmux.keys('Enter');
}

/** Exports in every format, quits, and gathers every artefact the session left. */
async function artefacts(explorer: Explorer): Promise<Record<string, string>> {
  const files = ['transcript.txt', 'transcript.md', 'transcript.json'].map((name) => join(explorer.home, name));
  for (const file of files) {
    await explorer.send(`/export ${file}`);
    await explorer.waitFor((screen) => infoText(screen).startsWith('exported') && infoText(screen).includes(file), `the export to ${file}`);
  }
  await explorer.tmux.keys('C-c');
  await explorer.waitForText('EXITED 0');
  const [text, markdown, json] = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  // Raw evidence is base64 in JSON: decoded, so a secret cannot hide in it.
  const document = JSON.parse(json!, (key, value: unknown) => (key === 'rawBase64' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('latin1') : value));
  return {
    screens: explorer.seen.map((screen) => `${screen}\n${transcriptLines(screen).join('\n')}`).join('\n'),
    terminal: (await explorer.output()).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''),
    scrollback: await explorer.scrollback(),
    history: await readFile(join(explorer.home, 'state', 'smtp-explorer', 'history'), 'utf8'),
    text: text!,
    markdown: markdown!,
    json: JSON.stringify(document),
  };
}

function assertNoSecret(t: ExecutionContext, found: Record<string, string>, secrets: string[], allowed = ''): void {
  for (const [artefact, content] of Object.entries(found)) {
    const text = allowed ? content.replaceAll(allowed, '') : content;
    for (const secret of secrets) {
      t.false(text.includes(secret), `${secret} in the ${artefact}`);
      for (const core of base64Cores(secret)) t.false(text.includes(core), `base64 of ${secret} (…${core}…) in the ${artefact}`);
    }
  }
}

tmuxTest('typed by hand: PLAIN with and without a response, LOGIN, XOAUTH2 and its error, a * cancel leave no secret', async (t) => {
  const { explorer, server } = await explore(t, everyMechanism);
  await explorer.waitForText('<-  220 scripted');
  await exchange(explorer, 'EHLO client.test', /^<- {2}250 AUTH/);
  await explorer.send(`AUTH PLAIN ${plain}`);
  await confirm(explorer);
  await explorer.waitFor((screen) => transcriptLines(screen).at(-1) === '<-  235 2.7.0 ok', 'PLAIN with a response');
  await exchange(explorer, 'AUTH PLAIN', /^<- {2}334$/);
  await exchange(explorer, plain, /^<- {2}235/);
  const asked = await exchange(explorer, 'AUTH LOGIN', /^<- {2}334 VXNlcm5hbWU6/);
  t.is(transcriptLines(asked).at(-1), `${DECODED}"Username:"`, 'the challenge is shown decoded under it');
  await exchange(explorer, saslLoginUser('alice'), /^<- {2}334 UGFzc3dvcmQ6/);
  await exchange(explorer, saslLoginPass(ALICE_PASSWORD), /^<- {2}235/);
  await exchange(explorer, `AUTH XOAUTH2 ${xoauth}`, /^<- {2}334 eyJ/);
  await exchange(explorer, '', /^<- {2}535/);
  await exchange(explorer, `AUTH XOAUTH2 ${xoauth}`, /^<- {2}235/);
  await exchange(explorer, 'AUTH LOGIN', /^<- {2}334 VXNlcm5hbWU6/);
  await exchange(explorer, saslLoginUser('alice'), /^<- {2}334 UGFzc3dvcmQ6/);
  const screen = await exchange(explorer, '*', /^<- {2}501/);
  t.is(transcriptLines(screen).at(-2), ' -> *');
  await exchange(explorer, 'QUIT', /^(<- {2}221 bye|=== Connection closed)/);
  const received = server.peers[0]!.received.toString();
  t.true(received.includes(`AUTH PLAIN ${plain}\r\n`) && received.includes(`${saslLoginPass(ALICE_PASSWORD)}\r\n`) && received.includes(`AUTH XOAUTH2 ${xoauth}\r\n\r\n`), 'the secrets were sent');
  const found = await artefacts(explorer);
  t.is(found.text!.split('\n').filter((line) => line === ' -> [redacted]').length, 5, 'each AUTH response shown redacted');
  t.is(found.text!.split('\n').filter((line) => line === ' -> AUTH XOAUTH2 [redacted]').length, 2);
  assertNoSecret(t, found, [ALICE_PASSWORD, TOKEN, plain, xoauth]);
});

tmuxTest('through templates, against a scripted server and the built-in one, with a * cancel: no secret anywhere', async (t) => {
  const builtin = await startBuiltinServer({ port: 0 });
  t.teardown(() => builtin.close());
  const { explorer } = await explore(t, everyMechanism, { args: ['--auth-user', 'alice'] });
  await explorer.waitForText('<-  220 scripted');
  await exchange(explorer, 'EHLO client.test', /^<- {2}250 AUTH/);
  await template(explorer, 'AUTH PLAIN', ALICE_PASSWORD, true);
  await explorer.waitFor((screen) => transcriptLines(screen).at(-1) === '<-  235 2.7.0 ok', 'PLAIN from the template');
  await exchange(explorer, 'AUTH PLAIN', /^<- {2}334$/);
  await exchange(explorer, plain, /^<- {2}235/);
  await template(explorer, 'AUTH LOGIN', ALICE_PASSWORD);
  await explorer.waitFor((screen) => transcriptLines(screen).at(-1) === '<-  235 2.7.0 ok' && transcriptLines(screen).includes('<-  334 UGFzc3dvcmQ6'), 'LOGIN from the template');
  await template(explorer, 'AUTH XOAUTH2', TOKEN);
  await explorer.waitForText('<-  535 5.7.8 token expired');
  await template(explorer, 'AUTH XOAUTH2', TOKEN);
  await explorer.waitFor((screen) => transcriptLines(screen).at(-1) === '<-  235 2.7.0 ok', 'XOAUTH2 from the template');
  await exchange(explorer, 'AUTH LOGIN', /^<- {2}334 VXNlcm5hbWU6/);
  await exchange(explorer, saslLoginUser('alice'), /^<- {2}334 UGFzc3dvcmQ6/);
  await exchange(explorer, '*', /^<- {2}501/);

  await explorer.connect(builtin);
  await explorer.waitForText('220 localhost ESMTP');
  await exchange(explorer, 'EHLO client.test', /^<- {2}250 /);
  await explorer.send('STARTTLS');
  await explorer.waitForText('ENCRYPTED');
  await exchange(explorer, 'EHLO client.test', /^<~ {2}250 /);
  await explorer.send('AUTH LOGIN');
  await confirm(explorer);
  await explorer.waitFor((screen) => lastReply(screen) === '<~  334 VXNlcm5hbWU6', 'LOGIN over TLS');
  await exchange(explorer, saslLoginUser(WORKSHOP_USER), /^<~ {2}334 UGFzc3dvcmQ6/);
  await exchange(explorer, '*', /^<~ {2}501/);
  await explorer.send(`/set user ${WORKSHOP_USER}`);
  await template(explorer, 'AUTH LOGIN', WORKSHOP_PASSWORD);
  await explorer.waitForText('Authentication successful');
  const found = await artefacts(explorer);
  // The workshop password is also a word of the server's banner: the banner is the server's text, not a leak.
  assertNoSecret(t, found, [ALICE_PASSWORD, TOKEN, plain, xoauth, WORKSHOP_PASSWORD], WORKSHOP_BANNER);
});
