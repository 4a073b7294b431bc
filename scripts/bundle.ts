/**
 * `npm run build`: src/cli.ts → dist/cli.js with every dependency inside. Start-up time is mostly module
 * loading (hundreds of small files for Ink and React), so one minified file loads far faster. Code
 * splitting keeps each `import()` in cli.ts a chunk of its own: script mode never loads the UI, Ink, React
 * or the built-in server. The bench builds through `bundle()` and checks that from the metafile.
 *
 * The explorer itself (src/ui/interactive-main.ts and all it needs) is a second, CommonJS bundle: V8's code
 * cache works on scripts, not on ES modules, and compiling Ink, React and the UI is most of a start. cli.ts's
 * import of it is pointed at src/cli/interactive-cached.ts, which loads it through that cache.
 */
import { chmod, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import { editedSources } from './source-edits.js';

export const OUT_DIR = 'dist';
export const ENTRY_OUTPUT = `${OUT_DIR}/cli.js`;
const PROJECT = fileURLToPath(new URL('../', import.meta.url));
const CLI_ENTRY = 'src/cli.ts';
const EXPLORER_ENTRY = 'src/ui/interactive-main.ts';
const EXPLORER_IMPORT = /^\.\/ui\/interactive-main\.js$/;
const EXPLORER_LOADER = 'src/cli/interactive-cached.ts';

/** The build of the CLI, reusable for other entries (the bench bundles an Ink hello world the same way). */
export function bundleOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  return {
    entryPoints,
    outdir,
    bundle: true,
    packages: 'bundle',
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    // As tsconfig.json says; explicit so that a build never depends on which tsconfig esbuild finds.
    jsx: 'automatic',
    // React and its reconciler pick their development builds (larger, slower, full of checks) unless told.
    define: { 'process.env.NODE_ENV': '"production"' },
    chunkNames: 'chunks/[name]-[hash]',
    // Ink imports its devtools bridge only when DEV=true; that package is not a dependency.
    external: ['react-devtools-core'],
    // Bundled CommonJS (React, smtp-server) calls require() for Node built-ins; ESM has none of its own.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [editedSources],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}

/** The explorer as one CommonJS file for the code cache; `import.meta.url` becomes that file's URL. */
export function explorerBundleOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  const esm = bundleOptions(entryPoints, outdir);
  return {
    ...esm,
    format: 'cjs',
    splitting: false,
    // The content hash in the name keys the code cache: a new build never meets an old cache.
    entryNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.cjs' },
    define: { ...esm.define, 'import.meta.url': '__import_meta_url' },
    banner: { js: 'var __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  };
}

/** cli.ts's `import('./ui/interactive-main.js')` → the loader that runs the explorer bundle through the cache. */
function explorerThroughCache(loader: string): Plugin {
  return {
    name: 'explorer-through-cache',
    setup(plugin) {
      plugin.onResolve({ filter: EXPLORER_IMPORT }, ({ importer }) => (importer === join(PROJECT, CLI_ENTRY) ? { path: loader } : undefined));
    },
  };
}

function outputFor(metafile: Metafile, entryPoint: string): string {
  const found = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint === entryPoint)?.[0];
  if (!found) throw new Error(`the build has no output for ${entryPoint}`);
  return found;
}

/**
 * Builds `outDir` (dist/ unless told) from scratch; returns esbuild's account of what went where, its paths
 * relative to the project (as `npm run build` runs it).
 */
export async function bundle(outDir = OUT_DIR): Promise<Metafile> {
  const out = resolve(PROJECT, outDir);
  await rm(out, { recursive: true, force: true });
  const inProject = { absWorkingDir: PROJECT };
  const explorer = (await build({ ...explorerBundleOptions({ explorer: EXPLORER_ENTRY }, out), ...inProject })).metafile!;
  const explorerFile = outputFor(explorer, EXPLORER_ENTRY);
  const options = bundleOptions({ cli: CLI_ENTRY }, out);
  const cli = (
    await build({
      ...options,
      ...inProject,
      define: { ...options.define, EXPLORER_BUNDLE: JSON.stringify(`./${basename(explorerFile)}`) },
      plugins: [...(options.plugins ?? []), explorerThroughCache(join(PROJECT, EXPLORER_LOADER))],
    })
  ).metafile!;
  // The loader finds the bundle beside its own chunk.
  const loaderFile = outputFor(cli, EXPLORER_LOADER);
  if (dirname(loaderFile) !== dirname(explorerFile)) throw new Error(`${loaderFile} and ${explorerFile} must share a directory`);
  await chmod(join(out, 'cli.js'), 0o755);
  return { inputs: { ...explorer.inputs, ...cli.inputs }, outputs: { ...explorer.outputs, ...cli.outputs } };
}

/** Source files that load with the entry before any `import()`: what every mode pays for at start. */
export function loadedAtStart(metafile: Metafile, output = ENTRY_OUTPUT): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const link of metafile.outputs[name]?.imports ?? []) if (link.kind === 'import-statement' && !link.external) visit(link.path);
  };
  visit(output);
  return [...seen].flatMap((name) => Object.keys(metafile.outputs[name]?.inputs ?? {}));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const metafile = await bundle();
  const outputs = Object.values(metafile.outputs);
  const kib = outputs.reduce((sum, output) => sum + output.bytes, 0) / 1024;
  process.stdout.write(`${OUT_DIR}/: ${outputs.length} files, ${kib.toFixed(0)} KiB\n`);
}
