/**
 * Where per-user files go, by the XDG base directory rules: the variable when it holds an absolute path, else
 * its default under the home directory. A relative value is ignored, as the specification requires.
 */
import { join } from 'node:path';

const DEFAULTS = {
  XDG_CONFIG_HOME: ['.config'],
  XDG_STATE_HOME: ['.local', 'state'],
  XDG_CACHE_HOME: ['.cache'],
} as const;

export type XdgBase = keyof typeof DEFAULTS;

/** This program's directory under one base: `$XDG_…/smtp-explorer`. The home directory is asked for only when needed. */
export function xdgDirectory(base: XdgBase, env: NodeJS.ProcessEnv, home: string | (() => string)): string {
  const value = env[base];
  return join(value && value.startsWith('/') ? value : join(typeof home === 'string' ? home : home(), ...DEFAULTS[base]), 'smtp-explorer');
}
