/**
 * Loads a CommonJS bundle through V8's code cache. Most of the explorer's start-up is V8 compiling Ink, React
 * and the UI, and Node 20 has no compile cache of its own (module.enableCompileCache came in Node 22): the
 * bytecode V8 made on one run is kept in the user's cache directory and handed back to V8 on the next.
 *
 * The cache is read only from a file this user owns that nobody else may write, since V8 would run whatever
 * bytecode it holds. V8 itself refuses a cache made by another V8 version, other flags or other source, and a
 * refused or missing cache is simply made again. The bundle's name carries a hash of its content (see
 * scripts/bundle.ts), so a new build never meets an old cache by accident.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { xdgDirectory } from '../core/xdg-paths.js';
import { writePrivateFileSync } from '../session/private-file.js';

/** Long enough for the first frame and the greeting to have run (their functions then compiled), short enough to outlive a quick look. */
export const WRITE_CACHE_AFTER_MS = 1000;

export type CacheUse = 'used' | 'made' | 'remade' | 'off';

export interface Loaded<T> {
  exports: T;
  /** What happened to the cache: `used`, `made` (there was none), `remade` (V8 refused it), `off` (no directory). */
  cache: CacheUse;
}

function ownedCache(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Runs `filename` as Node would run a CommonJS module, and returns its exports. */
export function loadCompiled<T>(filename: string, cacheDirectory: string | undefined): Loaded<T> {
  const source = readFileSync(filename, 'utf8');
  const cacheFile = cacheDirectory === undefined ? undefined : join(cacheDirectory, `${basename(filename)}.${process.version}-${process.arch}.v8cache`);
  const cachedData = cacheFile === undefined ? undefined : ownedCache(cacheFile);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  wrapper(module.exports, createRequire(filename), module, filename, dirname(filename));
  if (cacheFile === undefined) return { exports: module.exports, cache: 'off' };
  if (cachedData && !script.cachedDataRejected) return { exports: module.exports, cache: 'used' };
  keepLater(script, cacheFile);
  return { exports: module.exports, cache: cachedData ? 'remade' : 'made' };
}

/** A bundle's name is `MODE-HASH.cjs`: the caches of the same mode from other builds or other Node versions go. */
function removeStale(cacheFile: string): void {
  const mode = /^(.+)-[A-Z0-9]+\.cjs\./.exec(basename(cacheFile))?.[1];
  if (mode === undefined) return;
  const directory = dirname(cacheFile);
  for (const name of readdirSync(directory)) {
    if (name.startsWith(`${mode}-`) && name.endsWith('.v8cache') && name !== basename(cacheFile)) rmSync(join(directory, name), { force: true });
  }
}

/** After the first frame, or at exit if that comes sooner: by then the functions a start needs are compiled. */
function keepLater(script: Script, cacheFile: string): void {
  let kept = false;
  const keep = (): void => {
    if (kept) return;
    kept = true;
    process.off('exit', keep);
    try {
      mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
      writePrivateFileSync(cacheFile, script.createCachedData());
      removeStale(cacheFile);
    } catch {
      // A cache that cannot be written (read-only home, full disk) costs the next start some time, nothing else.
    }
  };
  setTimeout(keep, WRITE_CACHE_AFTER_MS).unref();
  process.once('exit', keep);
}

/** A mode's bundle as the built CLI loads it (scripts/bundle.ts): through the cache in `$XDG_CACHE_HOME/smtp-explorer`. */
export function loadBundle<T>(filename: string): T {
  return loadCompiled<T>(filename, xdgDirectory('XDG_CACHE_HOME', process.env, homedir())).exports;
}
