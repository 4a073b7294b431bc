/** Message files for the bench: made once per run in a temp dir, removed at the end. */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDotStuffer } from '../../src/core/data.js';

export const MIB = 1024 * 1024;

/**
 * `size` bytes of message: headers, then 80-byte CRLF lines, every 50th starting with "." so that dot-stuffing
 * has work to do; the last line is cut to fit and ends with CRLF.
 */
export function message(size: number): Buffer {
  const head = Buffer.from('From: Bench <bench@example.test>\r\nTo: Sink <sink@example.test>\r\nSubject: bench\r\n\r\n');
  const buffer = Buffer.alloc(size);
  head.copy(buffer);
  let at = head.length;
  for (let line = 0; at < size; line++) {
    const text = `${line % 50 === 0 ? '.' : ''}line ${String(line).padStart(8, '0')} ${'x'.repeat(64)}`.slice(0, 78);
    at += buffer.write(`${text}\r\n`, at, 'latin1');
  }
  buffer.write('\r\n', size - 2, 'latin1');
  return buffer;
}

export interface Fixtures {
  dir: string;
  /** A file of exactly `bytes` bytes, made on first use. */
  body(bytes: number): Promise<string>;
  /** The same file dot-stuffed and ended with CRLF.CRLF: what goes on the wire after DATA. */
  stuffed(bytes: number): Promise<string>;
  file(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createFixtures(): Promise<Fixtures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-explorer-bench-'));
  const bodies = new Map<number, Promise<string>>();
  const stuffedBodies = new Map<number, Promise<string>>();
  const body = (bytes: number): Promise<string> => {
    let made = bodies.get(bytes);
    if (!made) {
      made = writeBody(path.join(dir, `body-${bytes}.eml`), bytes);
      bodies.set(bytes, made);
    }
    return made;
  };
  return {
    dir,
    body,
    stuffed(bytes) {
      let made = stuffedBodies.get(bytes);
      if (!made) {
        made = body(bytes).then(async (source) => {
          const target = `${source}.stuffed`;
          await pipeline(createReadStream(source), createDotStuffer(), createWriteStream(target));
          return target;
        });
        stuffedBodies.set(bytes, made);
      }
      return made;
    },
    async file(name, text) {
      const target = path.join(dir, name);
      await writeFile(target, text);
      return target;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Large bodies are written a mebibyte at a time, so making them takes no more memory than one. */
async function writeBody(file: string, bytes: number): Promise<string> {
  const block = message(Math.min(bytes, MIB));
  const out = createWriteStream(file);
  let left = bytes;
  while (left > 0) {
    const part = left >= block.length ? block : message(left);
    if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    left -= part.length;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return file;
}
