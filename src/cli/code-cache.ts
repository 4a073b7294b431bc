/**
 * Loads a CommonJS bundle through V8's code cache. Most of a start is V8 compiling the program (Ink, React and
 * the UI for the explorer), and Node 20 has no compile cache of its own (module.enableCompileCache came in
 * Node 22): the bytecode V8 made on one run is kept in the user's cache directory and handed back on the next.
 *
 * V8 would run whatever bytecode a cache holds, and it checks little: another V8 version or other flags, and the
 * source's length, not its content. So the cache is read only from a directory and a file this user owns that
 * nobody else may write, and it is keyed by the bundle's name, which carries a hash of its content (see
 * scripts/bundle.ts). A refused or missing cache is made again, once the run is warm: a run that ends early (a
 * usage error, no terminal) has compiled too little to be worth keeping.
 */
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { xdgDirectory } from '../core/xdg-paths.js';
import { writePrivateFileSync } from './private-file.js';
import { whenWarm } from './warm.js';

/** A run still going after this long is warm: the explorer has drawn its first frame and met the greeting. */
export const WRITE_CACHE_AFTER_MS = 1000;
/** A temporary file this old was left by a process that died while writing it. */
const ABANDONED_MS = 60_000;
export type CacheUse = 'used' | 'made' | 'remade' | 'off';

export interface Loaded<T> {
  exports: T;
  /** `used`; `made` or `remade` (there was none, or V8 refused it) once the run is warm; `off` (no safe directory). */
  cache: CacheUse;
}

function ownedByMe(stat: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  return (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}

/** The directory, made owner-only if missing; undefined when someone else owns it or may write to it. */
function safeDirectory(directory: string): string | undefined {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const stat = lstatSync(directory);
    return stat.isDirectory() && ownedByMe(stat) ? directory : undefined;
  } catch {
    return undefined;
  }
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
    return stat.isFile() && ownedByMe(stat) ? readFileSync(fd) : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Runs `filename` as Node would run a CommonJS module, and returns its exports. */
export function loadCompiled<T>(filename: string, cacheDirectory: string | undefined): Loaded<T> {
  const source = readFileSync(filename, 'utf8');
  const directory = cacheDirectory === undefined ? undefined : safeDirectory(cacheDirectory);
  const cacheFile = directory === undefined ? undefined : join(directory, `${basename(filename)}.${process.version}-${process.arch}.v8cache`);
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
  keepWhenWarm(script, cacheFile);
  return { exports: module.exports, cache: cachedData ? 'remade' : 'made' };
}

function keepWhenWarm(script: Script, cacheFile: string): void {
  const keep = (): void => {
    withdraw();
    clearTimeout(timer);
    try {
      writePrivateFileSync(cacheFile, script.createCachedData());
      tidy(cacheFile);
    } catch {
      // A cache that cannot be written (read-only home, full disk) costs the next start some time, nothing else.
    }
  };
  const withdraw = whenWarm(keep);
  const timer = setTimeout(keep, WRITE_CACHE_AFTER_MS).unref();
}

/**
 * A bundle's name is `MODE-HASH.cjs`. Of the same mode's caches from other builds or Node versions, the newest
 * stays (two installs used in turn then both keep theirs); older ones go, and temporary files left by a crash.
 */
function tidy(cacheFile: string): void {
  const mode = /^(.+)-[A-Z0-9]+\.cjs\./.exec(basename(cacheFile))?.[1];
  const directory = dirname(cacheFile);
  const aged = (name: string): { name: string; mtimeMs: number } => ({ name, mtimeMs: statSync(join(directory, name)).mtimeMs });
  const names = readdirSync(directory);
  const others = mode === undefined ? [] : names.filter((name) => name.startsWith(`${mode}-`) && name.endsWith('.v8cache') && name !== basename(cacheFile));
  const stale = others.map(aged).sort((a, b) => b.mtimeMs - a.mtimeMs).slice(1);
  const abandoned = names.filter((name) => name.endsWith('.tmp')).map(aged).filter((file) => Date.now() - file.mtimeMs > ABANDONED_MS);
  for (const { name } of [...stale, ...abandoned]) rmSync(join(directory, name), { force: true });
}

/** A mode's bundle as the built CLI loads it (scripts/bundle.ts): through the cache in `$XDG_CACHE_HOME/smtp-explorer`. */
export function loadBundle<T>(filename: string): T {
  let directory: string | undefined;
  try {
    directory = xdgDirectory('XDG_CACHE_HOME', process.env, homedir);
  } catch {
    // No home directory and no XDG_CACHE_HOME (a uid without a passwd entry): the mode runs without a cache.
  }
  return loadCompiled<T>(filename, directory).exports;
}
