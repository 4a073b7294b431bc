/**
 * What cli.ts's import of ui/interactive-main.js becomes in the build (scripts/bundle.ts): the same function,
 * from the explorer's own CommonJS bundle, compiled through V8's code cache in the user's cache directory.
 */
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { xdgDirectory } from '../core/xdg-paths.js';
import type { interactiveMain as Main } from '../ui/interactive-main.js';
import { loadCompiled } from './code-cache.js';

/** The explorer bundle's file name beside this chunk, content hash included: set by the build. */
declare const EXPLORER_BUNDLE: string;

export const interactiveMain: typeof Main = (flags) => {
  const bundle = fileURLToPath(new URL(EXPLORER_BUNDLE, import.meta.url));
  return loadCompiled<{ interactiveMain: typeof Main }>(bundle, xdgDirectory('XDG_CACHE_HOME', process.env, homedir())).exports.interactiveMain(flags);
};
