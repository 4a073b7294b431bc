/** What every measurement gets from the runner. */
import type { Metafile } from 'esbuild';
import type { Fixtures } from './fixtures.js';
import type { Probes } from './probes.js';

export interface Context {
  /** Rounds for the timed comparisons (P1, P4, P2 keystrokes scale from it). */
  runs: number;
  fixtures: Fixtures;
  /** The bare TLS client, compiled: see lib/bare-client.ts. */
  bareClient: string;
  /** The probes, bundled: see lib/probes.ts. */
  probes: Probes;
  /** The build just made, for checks on what loads when. */
  metafile: Metafile;
  /** Said once under the table. */
  notes: string[];
  /** Progress, on stderr. */
  log(text: string): void;
}
