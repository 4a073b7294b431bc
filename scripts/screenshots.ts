/**
 * `npm run screenshots`: the explorer in a real terminal (tmux, 120x40) against the built-in server, then on a
 * workshop scenario with its lesson note, captured with `capture-pane -e` at the moments the README shows, turned
 * into SVG by ansi-svg.ts and into PNG by `rsvg-convert` (Debian: librsvg2-bin). Writes screenshots/*.svg and
 * screenshots/*.png.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startBuiltinServer, WORKSHOP_PASSWORD, WORKSHOP_USER } from '../src/server/builtin.js';
import { cliCommand, Tmux } from '../test/tmux/tmux.js';
import { screenToSvg } from './ansi-svg.js';

const run = promisify(execFile);
const SIZE = { columns: 120, rows: 40 };
const OUT = 'screenshots';

interface Shot {
  name: string;
  title: string;
  /** Brings the screen to the moment worth showing. */
  reach(tmux: Tmux): Promise<void>;
}

async function send(tmux: Tmux, line: string, shows: string): Promise<void> {
  await tmux.type(line);
  await tmux.keys('Enter');
  await tmux.waitForText(shows);
}

/** One run of the explorer, and the moments of it worth showing, in order. */
interface Run {
  /** Command-line arguments; `port` is the built-in server started for the screenshots. */
  args(port: number): string[];
  shots: Shot[];
}

const SESSION: Shot[] = [
  {
    name: '01-start',
    title: 'Connected to the built-in server, EHLO sent: the TLS pane says nothing is encrypted',
    reach: async (tmux) => {
      await tmux.waitForText('220 localhost ESMTP');
      await send(tmux, 'EHLO client.example', '<-  250 SIZE');
    },
  },
  {
    name: '02-starttls',
    title: 'After STARTTLS and EHLO again: what was negotiated, the certificate verdict, what STARTTLS changed',
    reach: async (tmux) => {
      await send(tmux, 'STARTTLS', 'ENCRYPTED — TLSv1.3');
      await send(tmux, 'EHLO client.example', 'AUTH PLAIN LOGIN appeared');
    },
  },
  {
    name: '03-auth-template',
    title: 'Ctrl-T: the template picker, filtered to AUTH',
    reach: async (tmux) => {
      await tmux.keys('C-t');
      await tmux.waitForText('Templates — type to filter');
      await tmux.type('auth');
      await tmux.waitForText('4 of ');
    },
  },
  {
    name: '04-auth-secret',
    title: 'AUTH PLAIN from the template: the password is asked for masked, and never shown or stored',
    reach: async (tmux) => {
      await tmux.keys('Enter');
      await tmux.waitForText('Send anyway? y/N');
      await tmux.type('y');
      await tmux.waitForText(`› ${WORKSHOP_USER}`);
      await tmux.keys('Enter');
      await tmux.waitForText('password (not shown, not stored)');
      await tmux.type(WORKSHOP_PASSWORD);
      await tmux.waitForText('› ••••••••');
    },
  },
  {
    name: '05-authenticated',
    title: 'Authenticated: the transcript shows AUTH PLAIN [redacted]',
    reach: async (tmux) => {
      await tmux.keys('Enter');
      await tmux.waitForText('235 2.7.0');
    },
  },
];

const WORKSHOP: Shot[] = [
  {
    name: '06-lesson',
    title: 'smtp-explorer --scenario require-tls: the lesson note beside the transcript, the 530 explained in words',
    reach: async (tmux) => {
      await tmux.waitForText('Lesson: require-tls');
      await tmux.waitForText('220 localhost ESMTP');
      await send(tmux, 'EHLO client.example', '<-  250 SIZE');
      await send(tmux, 'MAIL FROM:<me@example.org>', '530 5.7.0 — ');
    },
  },
];

const RUNS: Run[] = [
  { args: (port) => [`127.0.0.1:${port}`, '--helo', 'client.example', '--auth-user', WORKSHOP_USER], shots: SESSION },
  // No host: the explorer starts the scenario's own server.
  { args: () => ['--scenario', 'require-tls', '--helo', 'client.example'], shots: WORKSHOP },
];

async function capture(tmux: Tmux, shot: Shot): Promise<void> {
  await shot.reach(tmux);
  const svg = screenToSvg(await tmux.screen(true), { ...SIZE, title: shot.title });
  const svgFile = join(OUT, `${shot.name}.svg`);
  await writeFile(svgFile, svg);
  await run('rsvg-convert', ['--format', 'png', '--output', join(OUT, `${shot.name}.png`), svgFile]);
  process.stdout.write(`${shot.name}: ${shot.title}\n`);
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const home = await mkdtemp(join(tmpdir(), 'smtp-explorer-screenshots-'));
  const server = await startBuiltinServer({ port: 0 });
  try {
    for (const { args, shots } of RUNS) {
      const tmux = await Tmux.start(cliCommand(args(server.port), { XDG_STATE_HOME: home, XDG_CONFIG_HOME: home }), SIZE);
      try {
        for (const shot of shots) await capture(tmux, shot);
        await tmux.keys('C-c');
        await tmux.waitForText('EXITED 0');
      } finally {
        await tmux.kill();
      }
    }
  } finally {
    await server.close();
    await rm(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
