import test from 'ava';
import { builtinSession } from './helpers.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BUILT_IN_TEMPLATES,
  describeSteps,
  fill,
  filterTemplates,
  generatedVariables,
  loadTemplates,
  messageDate,
  parseUserTemplates,
  templatesPath,
} from '../../src/session/templates.js';
import { tempDir } from './helpers.js';

test('the built-ins the issue lists are all there', (t) => {
  const names = BUILT_IN_TEMPLATES.map((template) => template.name);
  for (const name of ['EHLO', 'HELO', 'STARTTLS', 'AUTH PLAIN', 'AUTH LOGIN', 'AUTH CRAM-MD5', 'AUTH XOAUTH2', 'MAIL FROM', 'RCPT TO', 'RSET', 'NOOP', 'VRFY', 'HELP', 'QUIT', 'send a test mail']) {
    t.true(names.includes(name), name);
  }
  t.true(names.some((name) => name.startsWith('DATA')));
});

test('fill replaces known placeholders and leaves out the rest, telling where', (t) => {
  t.deepEqual(fill('MAIL FROM:<{from}>', { from: 'a@b' }), { text: 'MAIL FROM:<a@b>', missing: [] });
  t.deepEqual(fill('MAIL FROM:<{from}> SIZE={size}', {}), { text: 'MAIL FROM:<> SIZE=', missing: ['from', 'size'], firstGap: 11 });
  t.deepEqual(fill('{a}{b}{a}', { b: 'XY' }), { text: 'XY', missing: ['a'], firstGap: 0 });
  t.deepEqual(fill('{not valid} {x', {}), { text: '{not valid} {x', missing: [] });
});

test('generated variables: an RFC 5322 date and a Message-ID on the HELO name; variables win', (t) => {
  const values = generatedVariables({ helo: 'client.example' }, new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
  t.is(values.date, 'Tue, 02 Jan 2024 03:04:05 +0000');
  t.regex(values.message_id!, /^<[0-9a-f-]{36}@client\.example>$/);
  t.is(generatedVariables({ date: 'mine' }).date, 'mine');
  t.regex(generatedVariables({ helo: 'bad name!' }).message_id!, /@smtp-explorer\.invalid>$/);
  t.is(messageDate(new Date(0)), 'Thu, 01 Jan 1970 00:00:00 +0000');
});

test('the sample message is a complete DATA exchange ending with the lone dot', (t) => {
  const data = BUILT_IN_TEMPLATES.find((template) => template.name.startsWith('DATA'));
  t.is(data?.kind, 'steps');
  if (data?.kind !== 'steps') return;
  t.is(data.steps[0], 'DATA');
  t.is(data.steps.at(-1), '.');
  t.true(data.steps.includes('Date: {date}'));
  t.true(data.steps.includes('Message-ID: {message_id}'));
  t.false(data.steps.slice(1, -1).includes('.'));
});

test('filter matches every word in name or description, ignoring case', (t) => {
  t.deepEqual(
    filterTemplates(BUILT_IN_TEMPLATES, 'auth pla').map((template) => template.name),
    ['AUTH PLAIN'],
  );
  t.is(filterTemplates(BUILT_IN_TEMPLATES, '').length, BUILT_IN_TEMPLATES.length);
  t.deepEqual(filterTemplates(BUILT_IN_TEMPLATES, 'no such thing'), []);
});

test('user templates: lines and steps; bad items are reported one by one', (t) => {
  const { templates, problems } = parseUserTemplates(
    JSON.stringify([
      { name: 'mx probe', text: 'EHLO {helo}', description: 'quick' },
      { name: 'two steps', steps: ['NOOP', 'RSET'] },
      { name: 'broken', text: 'a\r\nb' },
      { text: 'no name' },
      42,
    ]),
  );
  t.like(templates[0], { name: 'mx probe', kind: 'line', text: 'EHLO {helo}', description: 'quick', origin: 'user' });
  t.like(templates[1], { name: 'two steps', kind: 'steps', steps: ['NOOP', 'RSET'] });
  t.is(templates.length, 2);
  t.deepEqual(problems, [
    'templates.json item 3: "broken" needs a one-line "text" or a non-empty "steps" array of one-line strings',
    'templates.json item 4: needs a "name"',
    'templates.json item 5: not an object',
  ]);
  t.regex(parseUserTemplates('{').problems[0]!, /not JSON/);
  t.regex(parseUserTemplates('{}').problems[0]!, /must hold an array/);
});

test('loading: built-ins first, then the user file; a missing file is fine', async (t) => {
  t.is(templatesPath({ XDG_CONFIG_HOME: '/c' }, '/h'), '/c/smtp-explorer/templates.json');
  t.is(templatesPath({}, '/h'), '/h/.config/smtp-explorer/templates.json');
  const dir = await tempDir(t);
  const missing = loadTemplates(join(dir, 'none.json'));
  t.is(missing.templates.length, BUILT_IN_TEMPLATES.length);
  t.deepEqual(missing.problems, []);
  const file = join(dir, 'templates.json');
  await writeFile(file, JSON.stringify([{ name: 'mine', text: 'NOOP' }]));
  const loaded = loadTemplates(file);
  t.is(loaded.templates.at(-1)?.name, 'mine');
  t.is(loaded.templates.length, BUILT_IN_TEMPLATES.length + 1);
});

test('a template takes the place of the notice before it: a /set echo does not linger', async (t) => {
  const made = await builtinSession(t);
  made.session.type('/set from me@example.org\r');
  t.is(made.store.getState().status.notice?.text, 'from=me@example.org');
  made.session.applyTemplate(BUILT_IN_TEMPLATES.find((template) => template.name === 'MAIL FROM')!);
  t.is(made.store.getState().status.notice, undefined);
  t.is(made.store.getState().composer.line.text, 'MAIL FROM:<me@example.org>');
});

test('describeSteps: commands wait for their replies, message lines after the 354 get none, the lone "." gets one', (t) => {
  t.is(describeSteps(['MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'RSET']), '3 lines, each after the reply to the one before');
  t.is(describeSteps(['NOOP']), '1 line');
  t.is(describeSteps(['DATA', 'Subject: x', '', 'hi', '.']), 'DATA; after the 354, 3 message lines (no replies), then the lone "."');
  t.is(
    describeSteps(['MAIL FROM:<a@b>', 'RCPT TO:<c@d>', 'data', 'hi', '.', 'QUIT']),
    '4 commands, each after the reply to the one before; after the 354, 1 message line (no replies), then the lone "."',
  );
  t.is(
    describeSteps(['DATA', 'one', '.', 'MAIL FROM:<a@b>', 'DATA', 'two', '.']),
    '3 commands, each after the reply to the one before; after each 354, 1 message line (no replies), then the lone "."',
    'counted per message: each has one line',
  );
  t.is(
    describeSteps(['DATA', 'a', 'b', 'c', '.', 'DATA', 'd', '.', 'DATA', 'e', 'f', '.']),
    '3 commands, each after the reply to the one before; after each 354, its message (3, 1, then 2 lines; no replies), then the lone "."',
  );
  const data = BUILT_IN_TEMPLATES.find((template) => template.name === 'DATA with a sample message');
  t.is(data?.kind === 'steps' ? describeSteps(data.steps) : '', 'DATA; after the 354, 7 message lines (no replies), then the lone "."');
});
