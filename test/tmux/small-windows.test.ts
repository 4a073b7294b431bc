/**
 * Small terminals (tmux): at 80x24 the status bar keeps the verdict and its ✗ beside the mailbox count, and PgUp/PgDn
 * page through the focused TLS pane; at 50x12 the transcript keeps its rows and the TLS pane goes; at 30x8 no row runs
 * into another.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { join } from 'node:path';
import { tempDir } from '../session/helpers.js';
import { cliCommand, hasTmux, Tmux } from './tmux.js';

const tmuxTest = (await hasTmux()) ? test.serial : test.skip;

async function explorer(t: ExecutionContext, size: { columns: number; rows: number }): Promise<Tmux> {
  const home = await tempDir(t);
  // No host: the built-in server, whose mailbox count rides in the status bar.
  const command = cliCommand(['--helo', 'client.test', '--no-hints'], { XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') });
  const tmux = await Tmux.start(command, size);
  t.teardown(() => tmux.kill());
  return tmux;
}

/**
 * The screen as the explorer draws it, top to bottom: the status bar, whole boxes (╭ … │ … ╰), then the info rows
 * and the input row. A row drawn over another breaks this order or a box's edges.
 */
function shape(screen: string, columns: number): { boxes: string[][]; rest: string[] } {
  const rows = screen.replace(/\n+$/, '').split('\n');
  const boxes: string[][] = [];
  let index = 1;
  while (rows[index]?.startsWith('╭')) {
    const box = [rows[index]!];
    index += 1;
    while (rows[index]?.startsWith('│') && rows[index]?.trimEnd().endsWith('│')) box.push(rows[index++]!);
    if (!rows[index]?.startsWith('╰')) throw new Error(`a box is not closed at row ${index}:\n${screen}`);
    box.push(rows[index++]!);
    for (const row of box) if ([...row.trimEnd()].length !== columns) throw new Error(`a box row is not ${columns} wide:\n${screen}`);
    boxes.push(box);
  }
  return { boxes, rest: rows.slice(index) };
}

/** Redrawn at this width: the verdict on the status bar and the input row at the bottom (a resize clears first). */
function drawn(screen: string, columns: number): boolean {
  const rows = screen.replace(/\n+$/, '').split('\n');
  return rows.every((row) => [...row].length <= columns) && (rows[0] ?? '').includes('✗') && /^SMTP\/TLS›/.test(rows.at(-1) ?? '');
}

async function send(tmux: Tmux, line: string, shows: string): Promise<string> {
  await tmux.type(line);
  await tmux.keys('Enter');
  return tmux.waitForText(shows);
}

tmuxTest('80x24, 50x12, 30x8: the verdict keeps its ✗, the transcript keeps its rows, no row runs into another', async (t) => {
  const tmux = await explorer(t, { columns: 80, rows: 24 });
  await tmux.waitForText('220 localhost ESMTP');
  await send(tmux, 'EHLO client.test', '<-  250 SIZE');
  await send(tmux, 'STARTTLS', 'ENCRYPTED — TLSv1.3');
  const wide = await tmux.waitFor((screen) => screen.split('\n')[0]!.includes('self-signed ✗'), 'the verdict in the status bar');
  t.regex(wide.split('\n')[0]!, /│ TLSv1\.3 · TLS_AES_256_GCM\S*… · self-signed ✗ │ mailbox: 0$/);

  await tmux.resize(50, 12);
  const medium = await tmux.waitFor((screen) => drawn(screen, 50), 'the 50x12 layout');
  const { boxes } = shape(medium, 50);
  t.is(boxes.length, 1, `the TLS pane gives way:\n${medium}`);
  t.true(boxes[0]!.length - 3 >= 4, `the transcript keeps rows of text:\n${medium}`);
  t.true(medium.split('\n')[0]!.includes('self-signed ✗'));

  await tmux.resize(30, 8);
  const small = await tmux.waitFor((screen) => drawn(screen, 30), 'the 30x8 layout');
  const tiny = shape(small, 30);
  t.is(tiny.boxes.length, 1, small);
  t.true(tiny.boxes[0]!.length >= 4, `the transcript keeps a row of text:\n${small}`);
  t.regex(tiny.rest.at(-1) ?? '', /^SMTP\/TLS› *$/, `the input row is the input alone:\n${small}`);
  t.true(tiny.rest.length >= 2, `an info row above the input:\n${small}`);
  await tmux.keys('C-c');
  await tmux.waitForText('EXITED 0');
});

tmuxTest('80x24: Shift-Tab to the TLS pane, PgDn/PgUp page through it by its visible rows; the transcript stays put', async (t) => {
  const tmux = await explorer(t, { columns: 80, rows: 24 });
  await tmux.waitForText('220 localhost ESMTP');
  await send(tmux, 'EHLO client.test', '<-  250 SIZE');
  await send(tmux, 'STARTTLS', 'ENCRYPTED — TLSv1.3');
  await tmux.keys('BTab');
  const focused = await tmux.waitForText('▶ TLS · ');
  const below = (screen: string): number => Number(/▶ TLS · (\d+) more rows?/.exec(screen)?.[1] ?? Number.NaN);
  // The TLS pane is the bold box under the transcript: its rows of text are those between its title and its bottom.
  const rows = focused.split('\n').filter((row) => row.startsWith('┃') && !row.includes('▶ TLS')).length;
  t.true(rows >= 2, focused);
  const before = below(focused);
  await tmux.keys('NPage');
  const paged = await tmux.waitFor((screen) => below(screen) === before - rows, `${before - rows} more rows`);
  t.false(paged.includes('newer below'), `the transcript did not scroll:\n${paged}`);
  t.false(paged.includes('ENCRYPTED — TLSv1.3'), paged);
  await tmux.keys('PPage');
  await tmux.waitFor((screen) => below(screen) === before && screen.includes('ENCRYPTED — TLSv1.3'), 'back at the top');
  await tmux.keys('C-c');
  await tmux.waitForText('EXITED 0');
});
