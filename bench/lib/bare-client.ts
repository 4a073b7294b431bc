/**
 * The bare TLS client (clients/bare-tls.ts) compiled to plain JavaScript once per run, so that its start-up is
 * Node's alone, as a minimal client's would be, not tsx's.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, lastJson, succeed } from './proc.js';
import type { Target } from './targets.js';

export interface BareRun {
  /** From spawn to exit. */
  ms: number;
  /** From the 354 to the 250. */
  bodyMs: number;
}

export async function compileBareClient(dir: string): Promise<string> {
  const outfile = path.join(dir, 'bare-tls.mjs');
  await build({ entryPoints: [`${ROOT}bench/clients/bare-tls.ts`], outfile, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  return outfile;
}

export async function runBare(client: string, target: Target, stuffedBody: string): Promise<BareRun> {
  const run = await succeed(process.execPath, [client, target.host, String(target.port), stuffedBody, target.user, target.password, target.from, target.to]);
  return { ms: run.ms, bodyMs: lastJson<{ bodyMs: number }>(run.stdout).bodyMs };
}
