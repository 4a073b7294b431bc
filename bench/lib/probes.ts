/**
 * The probes (bench/probes/*) bundled exactly as the CLI is: production React, minified, no tsx in the process,
 * so that their frames and their memory are those of the shipped program.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle.js';
import { ROOT } from './proc.js';

export interface Probes {
  render: string;
  sendFile: string;
  soak: string;
}

export async function buildProbes(dir: string): Promise<Probes> {
  const outdir = path.join(dir, 'probes');
  await build(
    bundleOptions(
      {
        render: `${ROOT}bench/probes/render.tsx`,
        'send-file': `${ROOT}bench/probes/send-file.tsx`,
        soak: `${ROOT}bench/probes/soak.ts`,
      },
      outdir,
    ),
  );
  return { render: path.join(outdir, 'render.js'), sendFile: path.join(outdir, 'send-file.js'), soak: path.join(outdir, 'soak.js') };
}
