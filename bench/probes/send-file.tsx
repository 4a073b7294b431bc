/**
 * P3 in the explorer: the real App on a fake terminal, a session through STARTTLS to DATA, then `/send-file FILE`
 * typed as a person types it. Prints one JSON line: the body's time from that Enter to the 250 as the transcript
 * stamped it, the transcript's size, and this process's peak RSS (React and Ink included).
 *
 * Usage (bundled by lib/probes.ts): node send-file.js HOST PORT FROM TO FILE
 */
import { render } from 'ink';
import { History } from '../../src/session/history.js';
import { Session } from '../../src/session/session.js';
import { createSessionStore } from '../../src/session/store.js';
import type { SessionEntry, SessionStore } from '../../src/session/store.js';
import { App } from '../../src/ui/App.js';
import { createTheme } from '../../src/ui/theme.js';
import { FakeStdin, FakeStdout } from './fake-terminal.js';
import type { SendFileResult } from './results.js';

const [host = '127.0.0.1', portText = '25', from = '', to = '', file = ''] = process.argv.slice(2);
const port = Number(portText);

interface Found {
  seq: number;
  entry: SessionEntry;
}

/** Resolves with the first transcript entry from sequence number `from` on that passes `test`. */
function entry(store: SessionStore, from: number, test: (entry: SessionEntry) => boolean): Promise<Found> {
  const find = (): Found | undefined => {
    const { ring } = store.getState().transcript;
    for (let seq = Math.max(from, ring.first); seq < ring.end; seq++) {
      const candidate = ring.get(seq);
      if (candidate && test(candidate)) return { seq, entry: candidate };
    }
    return undefined;
  };
  return new Promise((resolve) => {
    const found = find();
    if (found) return resolve(found);
    const unsubscribe = store.subscribe(() => {
      const shown = find();
      if (!shown) return;
      unsubscribe();
      resolve(shown);
    });
  });
}

const store = createSessionStore({ target: `${host}:${port}` });
const session = new Session({ store, connection: { host, port }, history: History.load(undefined), templates: [] });
const stdin = new FakeStdin();
const stdout = new FakeStdout(120, 40);
const ink = render(<App session={session} theme={createTheme({})} />, {
  stdin: stdin as unknown as NodeJS.ReadStream,
  stdout: stdout as unknown as NodeJS.WriteStream,
  exitOnCtrlC: false,
  patchConsole: false,
  maxFps: 30,
});
await session.connect();
for (const line of ['EHLO bench.example', 'STARTTLS', 'EHLO bench.example', `MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA']) {
  const reply = await session.send(line);
  if (!reply || reply.code >= 400) throw new Error(`${line}: ${reply?.code ?? 'no reply'}`);
}
// One DATA in this session: its 354 and the body's summary are each the only one in the transcript.
const dataReply = await entry(store, 0, (shown) => shown.code === 354);
const summary = entry(store, dataReply.seq, (shown) => shown.text.includes('bytes of message body'));
// Timed from the Enter that sends the command (the 354 reaches the screen a batch later than the socket).
const typedAt = Date.now();
stdin.type(`/send-file ${file}\r`);
const summaryEntry = await summary;
const accepted = await entry(store, summaryEntry.seq + 1, (shown) => shown.code !== undefined);
if (accepted.entry.code !== 250) throw new Error(`the end of DATA was answered ${accepted.entry.code}`);
const { ring } = store.getState().transcript;
const result: SendFileResult = {
  bodyMs: accepted.entry.at - typedAt,
  summary: summaryEntry.entry.text,
  transcriptBytes: [...ring].reduce((sum, shown) => sum + shown.text.length + (shown.raw?.length ?? 0), 0),
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
ink.unmount();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
