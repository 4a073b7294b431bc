/**
 * The hostile-server cases in a real terminal: a scripted peer, the explorer in a tmux of its own (its socket in
 * a temp dir, never /tmp/tmux-UID) at a fixed size, and the checks every case makes: the pane title kept, the
 * frame intact (nothing cleared or moved it), no raw control character on screen, nothing typed into the input by
 * a terminal answering a query, and nothing but the explorer's own escapes in the bytes that reached the terminal
 * (tmux `pipe-pane` records them).
 */
import type { ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle as buildDist } from '../../scripts/bundle.js';
import { ROOT } from '../helpers/cli.js';
import { startRawServer } from '../helpers/raw-server.js';
import type { RawServer } from '../helpers/raw-server.js';
import { wrapExact } from '../../src/ui/text-width.js';
import { RAW_CONTROL } from '../hostile/harness.js';
import type { Behaviour } from '../hostile/harness.js';
import { cliCommand, shellQuote, Tmux } from './tmux.js';

const SIZE = { columns: 160, rows: 50 } as const;
/**
 * This test process's scratch dir. Every tmux server has its socket here: `Tmux` names sockets with -L, which puts
 * them in $TMUX_TMPDIR; each server removes its socket when killed. The bundle is built here too. It all goes when
 * the process ends.
 */
const SCRATCH = mkdtempSync(join(tmpdir(), 'smtp-explorer-tmux-'));
process.env.TMUX_TMPDIR = SCRATCH;
process.once('exit', () => rmSync(SCRATCH, { recursive: true, force: true }));

const RSS_REPORTER = fileURLToPath(new URL('../hostile/report-rss.mjs', import.meta.url));
const FROM_SOURCE = ' node --import tsx src/cli.ts ';
let bundle: Promise<string> | undefined;

/**
 * The explorer as users get it, for memory limits: the tsx loader alone costs ~70 MB. One bundled file, built from
 * these sources once per test process; its peak RSS is printed at exit (see `quitAndMeasure`).
 */
export async function bundled(): Promise<ExplorerOptions> {
  bundle ??= buildDist(join(SCRATCH, 'dist')).then(() => join(SCRATCH, 'dist', 'cli.js'));
  const cli = await bundle;
  return {
    env: { NODE_OPTIONS: `--import=${RSS_REPORTER}` },
    command: (args, env) => {
      const command = cliCommand(args, env);
      if (!command.includes(FROM_SOURCE)) throw new Error(`cliCommand changed its form: ${command}`);
      return command.replace(FROM_SOURCE, ` node ${shellQuote(cli)} `);
    },
  };
}

/** Set on the pane before the explorer starts: a server's OSC 0/2 would replace it. */
const TITLE = 'hostile-test';

/**
 * What the explorer (Ink) writes: SGR colours, and to redraw a frame erase-line, one row up and column one, and the
 * private modes (alternate screen, hidden cursor, synchronized output). Anything else — OSC, a clear, a query, a
 * cursor move of several rows or to an address — came from a server.
 */
const OWN_ESCAPES = /\x1b\[(?:\?\d+[hl]|[0-9;]*m|2K|1A|G)/g;

export interface ExplorerOptions {
  args?: readonly string[];
  env?: Record<string, string>;
  /** The command line to run instead of the explorer from source (the bundle, for memory). */
  command?: (args: readonly string[], env: Record<string, string>) => string;
}

/** A raw peer playing `behaviour`, closed with the test. */
export async function hostilePeer(t: ExecutionContext, behaviour: Behaviour): Promise<RawServer> {
  const server = await startRawServer(behaviour);
  t.teardown(() => server.close());
  return server;
}

export class Explorer {
  /** Every screen a wait ended on, for looking through afterwards (secrets). */
  readonly seen: string[] = [];

  constructor(
    readonly tmux: Tmux,
    /** A temp dir of this explorer's own: XDG state and config, exports, what reached the terminal. */
    readonly home: string,
    private readonly log: string,
  ) {}

  /** Types `line` as keys, then Enter. */
  async send(line: string): Promise<void> {
    await this.tmux.type(line);
    await this.tmux.keys('Enter');
  }

  waitForText(text: string, timeoutMs?: number): Promise<string> {
    return this.waitFor((screen) => screen.includes(text), JSON.stringify(text), timeoutMs);
  }

  /** Waits for a screen, and keeps it among those `seen`. */
  async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string> {
    const screen = await this.tmux.waitFor(predicate, what, timeoutMs);
    this.seen.push(screen);
    return screen;
  }

  /**
   * Pastes `bytes` as they are, NUL, CR and LF included (tmux takes no NUL on its command line, so via a file).
   * `bracketed`: between the paste marks, as a terminal does for an application that asked for them.
   */
  async paste(bytes: string | Buffer, bracketed = false): Promise<void> {
    const file = join(this.home, 'paste');
    await writeFile(file, bytes);
    await this.tmux.tmux('load-buffer', '-b', 'hostile', file);
    await this.tmux.tmux('paste-buffer', '-b', 'hostile', '-r', '-d', ...(bracketed ? ['-p'] : []), '-t', 'main');
  }

  /** Opens a new connection from inside the explorer (/connect), the transcript cleared first. */
  async connect(server: { port: number }): Promise<string> {
    await this.send('/clear');
    await this.waitFor((screen) => !screen.includes('=== Trying'), 'the transcript to clear');
    await this.send(`/connect 127.0.0.1:${server.port}`);
    return this.waitForText(`=== Connected to 127.0.0.1:${server.port}`);
  }

  /** Every byte the explorer wrote to the terminal so far. */
  output(): Promise<string> {
    return readFile(this.log, 'utf8').catch(() => '');
  }

  /** The whole scrollback and screen, as text. */
  async scrollback(): Promise<string> {
    return (await this.tmux.tmux('capture-pane', '-p', '-S', '-', '-t', 'main')).stdout;
  }

  title(): Promise<string> {
    return this.tmux.title();
  }

  /** Ctrl-C, then the peak resident set the process reported at exit (explorers started with `bundled()`). */
  async quitAndMeasure(): Promise<number> {
    await this.tmux.keys('C-c');
    const screen = await this.waitForText('EXITED');
    const rss = /max-rss-bytes (\d+)/.exec(screen);
    if (!rss) throw new Error(`no peak RSS reported:\n${screen}`);
    return Number(rss[1]);
  }
}

/** The explorer against `target` in a tmux of its own at SIZE, with a home of its own. */
export async function startExplorer(t: ExecutionContext, target: string, options: ExplorerOptions = {}): Promise<Explorer> {
  const home = await mkdtemp(join(tmpdir(), 'smtp-explorer-hostile-'));
  const env: Record<string, string> = { XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), ...options.env };
  const args = [target, ...(options.args ?? [])];
  const tmux = await Tmux.start((options.command ?? cliCommand)(args, env), SIZE);
  // The server first: the pane's `cat` writes into the home.
  t.teardown(async () => {
    await tmux.kill();
    await rm(home, { recursive: true, force: true });
  });
  const log = join(home, 'terminal.log');
  await tmux.tmux('pipe-pane', '-O', '-t', 'main', `cat > ${shellQuote(log)}`);
  await tmux.tmux('select-pane', '-t', 'main', '-T', TITLE);
  return new Explorer(tmux, home, log);
}

/** A peer playing `behaviour` and the explorer connected to it, its greeting (or whatever comes) awaited by the caller. */
export async function explore(t: ExecutionContext, behaviour: Behaviour, options: ExplorerOptions = {}): Promise<{ explorer: Explorer; server: RawServer }> {
  const server = await hostilePeer(t, behaviour);
  const explorer = await startExplorer(t, `127.0.0.1:${server.port}`, options);
  return { explorer, server };
}

/**
 * One explorer through a table of cases, each against a peer of its own, /connect between them: one start-up for
 * the table. `visit` runs once the case's peer is connected.
 */
export async function throughPeers<Case>(
  t: ExecutionContext,
  cases: readonly Case[],
  behaviour: (item: Case) => Behaviour,
  visit: (explorer: Explorer, item: Case, server: RawServer) => Promise<void>,
  options: ExplorerOptions = {},
): Promise<Explorer> {
  const servers = await Promise.all(cases.map((item) => hostilePeer(t, behaviour(item))));
  const explorer = await startExplorer(t, `127.0.0.1:${servers[0]!.port}`, options);
  for (const [i, item] of cases.entries()) {
    if (i > 0) await explorer.connect(servers[i]!);
    await visit(explorer, item, servers[i]!);
  }
  return explorer;
}

// --- Reading a screen: 160x50, panes side by side, the status bar on top, info rows and the input at the bottom.

function lines(screen: string): string[] {
  return screen.replace(/\n+$/, '').split('\n');
}

function paneRows(screen: string): string[] {
  const all = lines(screen);
  const top = all.findIndex((line) => line.startsWith('╭'));
  const bottom = all.findIndex((line) => line.startsWith('╰'));
  return top < 0 || bottom < top ? [] : all.slice(top + 2, bottom);
}

/** Column where the TLS pane's border starts (the transcript's right border is just before it). */
function tlsColumn(screen: string): number {
  const border = lines(screen).find((line) => line.startsWith('╭')) ?? '';
  return [...border].indexOf('╮') + 1;
}

/** The transcript pane's text rows, as wide as the pane (a wrapped row ends with its own spaces). */
function transcriptCells(screen: string): string[] {
  const split = tlsColumn(screen);
  return paneRows(screen).map((row) => [...row].slice(1, split - 1).join(''));
}

/** The columns between the transcript's borders: the width its entries are wrapped to. */
function transcriptWidth(screen: string): number {
  return tlsColumn(screen) - 2;
}

/** The transcript pane's text rows, trailing spaces trimmed. */
function transcriptRows(screen: string): string[] {
  return transcriptCells(screen).map((row) => row.trimEnd());
}

/** A wrapped entry's rows after its first are indented under the text, past the mark. */
const CONTINUED = '    ';

/**
 * The transcript's entries as whole lines: a wrapped entry's rows joined again as the pane wrapped them (entries
 * shown without timestamps). A row ending before the pane's edge was wrapped after a space; which of the blank cells
 * up to the edge are the entry's own spaces is found with wrapExact, the pane's own wrapping: the fewest with which
 * it ends the row just there. The screen cannot tell more: "a b" and "a  b" wrapped at that space look alike when a
 * single space would not have let b onto the row either, and then one space is what is given back.
 */
export function transcriptLines(screen: string): string[] {
  const entries: string[][] = [];
  for (const row of transcriptCells(screen)) {
    if (row.startsWith(CONTINUED) && entries.length > 0) entries.at(-1)!.push(row);
    else if (row.trim() !== '') entries.push([row]);
  }
  const width = transcriptWidth(screen);
  return entries.map((rows) => joinRows(rows, width));
}

function joinRows(rows: string[], width: number): string {
  const texts = rows.map((row, i) => (i === 0 ? row : row.slice(CONTINUED.length)));
  let joined = '';
  for (let i = 0; i < texts.length - 1; i++) {
    const kept = texts[i]!.trimEnd();
    // What follows matters only for the word just after this wrap: later wraps are taken as one space for now.
    const after = texts
      .slice(i + 1)
      .map((text) => text.trimEnd())
      .join(' ');
    const endsHere = (spaces: number): boolean => {
      const row = kept + ' '.repeat(spaces);
      return wrapExact(joined + row + after, width, CONTINUED.length)[i] === (i === 0 ? row : CONTINUED + row);
    };
    const blank = texts[i]!.length - kept.length;
    // None when this is not the pane's wrapping (an entry cut at the top of the pane, or at its row limit): one space.
    const spaces = Array.from({ length: blank + 1 }, (_, n) => n).find(endsHere) ?? Math.min(1, blank);
    joined += kept + ' '.repeat(spaces);
  }
  return (joined + texts.at(-1)!).trimEnd();
}

/** The TLS pane's text, rows joined and every space removed: words wrapped anywhere still match. */
export function tlsPaneText(screen: string): string {
  const split = tlsColumn(screen);
  return paneRows(screen)
    .map((row) => [...row].slice(split + 1, -1).join(''))
    .join('')
    .replace(/\s/g, '');
}

export function statusBar(screen: string): string {
  return lines(screen)[0] ?? '';
}

/** The rows between the panes and the input: a notice, a reply's meaning, or what the input expects. */
export function infoText(screen: string): string {
  const all = lines(screen);
  const bottom = all.findIndex((line) => line.startsWith('╰'));
  return all
    .slice(bottom + 1, -1)
    .map((line) => line.trim())
    .join(' ');
}

/** The input row: its label (`SMTP› `, `AUTH› `…) and what is in it. */
export function inputRow(screen: string): { label: string; text: string } {
  const row = lines(screen).at(-1) ?? '';
  const match = /^(\S*› ?)(.*)$/.exec(row);
  return match ? { label: match[1]!.trim(), text: match[2]!.trimEnd() } : { label: '', text: row.trimEnd() };
}

export interface CellStyle {
  /** The foreground's SGR code (`35` magenta, `91` bright red…), or undefined for the default. */
  foreground?: string;
  bold: boolean;
}

/**
 * The style in force where `text` first starts on a screen captured with its escapes (`tmux.screen(true)`):
 * tmux writes only changes, so the SGR state is followed from the top of the screen.
 */
export function styleOf(escaped: string, text: string): CellStyle | undefined {
  const at = escaped.indexOf(text);
  if (at < 0) return undefined;
  const style: CellStyle = { bold: false };
  for (const match of escaped.slice(0, at).matchAll(/\x1b\[([0-9;]*)m/g)) {
    const params = match[1]!.split(';');
    for (let i = 0; i < params.length; i++) {
      const code = Number(params[i] || 0);
      if (code === 0) Object.assign(style, { foreground: undefined, bold: false });
      else if (code === 1) style.bold = true;
      else if (code === 22) style.bold = false;
      else if (code === 39) style.foreground = undefined;
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) style.foreground = String(code);
      else if (code === 38) {
        const length = params[i + 1] === '5' ? 2 : 4;
        style.foreground = params.slice(i, i + 1 + length).join(';');
        i += length;
      } else if (code === 48) i += params[i + 1] === '5' ? 2 : 4;
    }
  }
  return style;
}

/** Rows of the transcript that start with `prefix` (a mark such as `<** ` or `*** `). */
export function rowsStarting(screen: string, prefix: string): string[] {
  return transcriptRows(screen).filter((row) => row.startsWith(prefix));
}

/**
 * What holds on every screen of every case: title kept, no raw control character, the frame where it belongs
 * (status bar on the first row, the panes' top border on the second, the input row last), and the input holding
 * exactly what was typed (a terminal answering a query would have typed its answer there).
 */
export async function assertIntact(t: ExecutionContext, explorer: Explorer, screen: string, typed = ''): Promise<void> {
  t.is(await explorer.title(), TITLE, 'the pane title is unchanged');
  const raw = RAW_CONTROL.exec(screen);
  t.is(raw, null, raw ? `raw U+${raw[0].codePointAt(0)!.toString(16).padStart(4, '0')} on screen` : '');
  const all = lines(screen);
  t.true(all[0]?.startsWith(' smtp-explorer │'), `the status bar is on the first row:\n${screen}`);
  t.true(all[1]?.startsWith('╭'), 'the panes start on the second row');
  t.is(all.length, SIZE.rows - 1, 'the frame fills the screen but its last row, as drawn');
  t.is(inputRow(screen).text, typed, 'the input holds what was typed, nothing a terminal answered');
}

/** Nothing but the explorer's own escapes reached the terminal, however hostile the server. */
export async function assertOnlyOwnEscapes(t: ExecutionContext, explorer: Explorer): Promise<void> {
  const foreign = (await explorer.output()).replace(OWN_ESCAPES, '').replace(/\r\n/g, '\n');
  const found = RAW_CONTROL.exec(foreign);
  const context = found ? JSON.stringify(foreign.slice(Math.max(0, found.index - 40), found.index + 40)) : '';
  t.is(found, null, found ? `U+${found[0].codePointAt(0)!.toString(16).padStart(4, '0')} reached the terminal: ${context}` : '');
}
