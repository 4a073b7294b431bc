/**
 * The local commands that write or read a file: /export, /export-chain and /send-file. Each says how it went in
 * the notice, so a bad path is fixed by typing again rather than read from a stack trace; a file already there is
 * replaced only after a yes.
 */
import { lstat, open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { writePrivateFile } from '../cli/private-file.js';
import { fileProblem } from '../core/file-problem.js';
import { thousands } from '../core/thousands.js';
import { chainPem } from '../core/tls-report.js';
import type { ConnectionSlot } from './connection-slot.js';
import { writeExport } from './export.js';
import { expandHome } from './file-path.js';
import type { Outbox } from './outbox.js';
import type { Questions } from './questions.js';
import { setNotice } from './store.js';
import type { SessionStore } from './store.js';

/** The path meant, or undefined once the notice has said why there is none (`~user`). */
function pathOf(store: SessionStore, typed: string): string | undefined {
  const expanded = expandHome(typed);
  if ('path' in expanded) return expanded.path;
  setNotice(store, expanded.problem, 'problem');
  return undefined;
}

/**
 * Whether FILE may be written: one already there is replaced only after a yes (no by default); a directory or a
 * device never. False once the notice has said why not.
 */
async function mayWrite(store: SessionStore, questions: Questions, file: string): Promise<boolean> {
  const there = await lstat(file).catch(() => undefined);
  if (!there) return true;
  const target = there.isSymbolicLink() ? await stat(file).catch(() => undefined) : there;
  if (target?.isDirectory()) {
    setNotice(store, `export failed: ${file} is a directory`, 'problem');
    return false;
  }
  if (target && !target.isFile()) {
    setNotice(store, `export failed: ${file} is not a regular file (a device, a pipe or a socket) and is not replaced`, 'problem');
    return false;
  }
  if (await questions.confirm(`${file} exists: overwrite? y/N`, 'overwrite it')) return true;
  setNotice(store, `not exported: ${file} exists and was kept as it was`);
  return false;
}

/** False when nothing was written, so that the command can be fixed and tried again. */
export async function exportTranscript(store: SessionStore, questions: Questions, typed: string): Promise<boolean> {
  const file = pathOf(store, typed);
  if (file === undefined || !(await mayWrite(store, questions, file))) return false;
  const { transcript, tls, status } = store.getState();
  try {
    const format = await writeExport(file, {
      target: status.target,
      entries: transcript.ring,
      dropped: transcript.ring.dropped,
      ...(tls.report ? { tls: tls.report } : {}),
    });
    setNotice(store, `exported ${thousands(transcript.ring.size)} entries to ${file} (${format}, secrets redacted)`);
    return true;
  } catch (error) {
    setNotice(store, `export failed: ${fileProblem(error, file, 'write')}`, 'problem');
    return false;
  }
}

export async function exportChain(store: SessionStore, questions: Questions, typed: string): Promise<boolean> {
  const report = store.getState().tls.report;
  if (!report || report.chain.length === 0) {
    const why = report?.resumed
      ? 'this resumed session brought no certificate (/connect to the same HOST:PORT starts afresh)'
      : 'no certificate chain yet: STARTTLS first';
    setNotice(store, why, 'problem');
    return true;
  }
  const file = pathOf(store, typed);
  if (file === undefined || !(await mayWrite(store, questions, file))) return false;
  try {
    // As /export writes: a new owner-only file that then replaces FILE whole (a symlink itself, not what it points
    // to), never FILE cut short by a full disk. A chain is public, but one writer keeps the two exports alike.
    await writePrivateFile(file, chainPem(report));
    setNotice(store, `saved ${report.chain.length} certificate${report.chain.length === 1 ? '' : 's'} to ${file} (PEM, leaf first)`);
    return true;
  } catch (error) {
    setNotice(store, `export failed: ${fileProblem(error, file, 'write')}`, 'problem');
    return false;
  }
}

/**
 * Streams a file as the body, in constant memory; typed lines wait until the server has answered its end. False
 * when the file could not be had, so that the command can be fixed and tried again.
 */
export async function sendFile(store: SessionStore, slot: ConnectionSlot, outbox: Outbox, typed: string): Promise<boolean | void> {
  const connection = slot.require();
  if (!connection) return;
  if (!connection.inData || outbox.length > 0) {
    setNotice(store, '/send-file works in DATA: after DATA was answered 354, before any body line is queued', 'problem');
    return;
  }
  const file = pathOf(store, typed);
  if (file === undefined) return false;
  let handle: FileHandle;
  try {
    handle = await openReadable(file);
  } catch (error) {
    setNotice(store, `/send-file: ${fileProblem(error, file, 'read')}`, 'problem');
    return false;
  }
  const owner = Symbol('send-file');
  outbox.hold(owner);
  const body = handle.createReadStream();
  try {
    await connection.streamBody(body, file);
  } catch {
    // The connection has said what failed, in the transcript.
  } finally {
    body.destroy();
    outbox.release(owner);
  }
}

/** Opened before DATA's body starts: a directory read midway would fail the body and close the connection. */
async function openReadable(file: string): Promise<FileHandle> {
  const handle = await open(file, 'r');
  const directory = await handle.stat().then((info) => info.isDirectory(), () => false);
  if (!directory) return handle;
  await handle.close();
  throw Object.assign(new Error(`${file} is a directory`), { code: 'EISDIR' });
}
