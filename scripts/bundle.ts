/**
 * `npm run build`: src/cli.ts → dist/cli.js, with every dependency inside and each mode a bundle of its own in
 * dist/chunks/. Start-up time is mostly compiling modules (hundreds of small files for Ink and React), so:
 * - everything is bundled and minified, and cli.js holds only the argument parser and the dispatch;
 * - each mode (the explorer, script mode and the probe, serve, --explain, --list-scenarios) is one CommonJS
 *   file, loaded when chosen through V8's code cache (src/cli/code-cache.ts): the cache works on scripts, not on
 *   ES modules. Script mode never loads the UI, Ink or React, and the built-in server only when it is started.
 * - the built-in server is a bundle of its own too, loaded the same way by the explorer and script mode when no
 *   host is named: a run with a host never reads it, and the explorer's code cache never holds it (a cache made
 *   in a run with the server was 1.6 MB, not 0.9, ~3 ms more to read back at every start).
 * dist/ is CommonJS throughout (dist/package.json says so); the bench checks what loads when from the metafile.
 */
import { chmod, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import { esmFacades } from './esm-facades.js';
import { lazyBuiltins } from './lazy-builtins.js';
import { editedSources } from './source-edits.js';

export const OUT_DIR = 'dist';
const PROJECT = fileURLToPath(new URL('../', import.meta.url));
export const CLI_ENTRY = 'src/cli.ts';
const LOADER = 'src/cli/code-cache.ts';

/** Each mode's module as cli.ts imports it, and the bundle it becomes. */
export const MODES = {
  explorer: { import: './ui/interactive-main.js', entry: 'src/ui/interactive-main.ts' },
  script: { import: './script/invocation.js', entry: 'src/script/invocation.ts' },
  serve: { import: './cli/serve-mode.js', entry: 'src/cli/serve-mode.ts' },
  explain: { import: './cli/explain.js', entry: 'src/cli/explain.ts' },
  scenarios: { import: './cli/scenario-list.js', entry: 'src/cli/scenario-list.ts' },
} as const;

/** The built-in server as the explorer and script mode import it, started only when no host is named. */
export const WORKSHOP = { entry: 'src/cli/embedded-server.ts', source: 'src/cli/embedded-server.js' } as const;

/** ES modules with code splitting: the bench's probes, which import the UI's parts directly. */
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
    plugins: [editedSources, lazyBuiltins, esmFacades],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}

/**
 * A CommonJS bundle loaded through the code cache (a mode; the bench's Ink hello world): self-contained, its name
 * carrying its content hash, which keys the cache, so that a new build never meets an old cache.
 */
export function cachedBundleOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  return { ...commonJsOptions(entryPoints, outdir), entryNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.cjs' } };
}

function commonJsOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  const esm = bundleOptions(entryPoints, outdir);
  return {
    ...esm,
    format: 'cjs',
    splitting: false,
    define: { ...esm.define, 'import.meta.url': '__import_meta_url' },
    // The directive first: esbuild's own "use strict" would otherwise come after the banner and count for nothing.
    banner: { js: '"use strict";var __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  };
}

/**
 * An import `chosen` names → a module that loads that bundle through the code cache instead (`NAMESPACE:NAME` in
 * the metafile), from `chunks` beside the importing bundle.
 */
function throughCache(namespace: string, chosen: (path: string, importer: string, resolveDir: string) => string | undefined, bundles: Record<string, string>, chunks: string[]): Plugin {
  return {
    name: `${namespace}-through-cache`,
    setup(plugin) {
      plugin.onResolve({ filter: /\.js$/ }, ({ path, importer, resolveDir }) => {
        const name = chosen(path, importer, resolveDir);
        return name === undefined ? undefined : { path: name, namespace };
      });
      plugin.onLoad({ filter: /.*/, namespace }, ({ path }) => {
        const file = [...chunks, bundles[path]].map((part) => JSON.stringify(part)).join(', ');
        return {
          contents: `module.exports = require(${JSON.stringify(join(PROJECT, LOADER))}).loadBundle(require("node:path").join(__dirname, ${file}));`,
          resolveDir: PROJECT,
          loader: 'js',
        };
      });
    },
  };
}

/** cli.ts's import of a mode → its bundle in chunks/ beside cli.js. */
function modesThroughCache(bundles: Record<string, string>): Plugin {
  const cli = join(PROJECT, CLI_ENTRY);
  const byImport = new Map<string, string>(Object.entries(MODES).map(([name, mode]) => [mode.import, name]));
  return throughCache('cached-mode', (path, importer) => (importer === cli ? byImport.get(path) : undefined), bundles, ['chunks']);
}

/** Any mode's import of the built-in server → its bundle, beside the mode's own. */
function workshopThroughCache(bundle: string): Plugin {
  const source = join(PROJECT, WORKSHOP.source);
  return throughCache('cached-bundle', (path, _importer, resolveDir) => (join(resolveDir, path) === source ? 'workshop' : undefined), { workshop: bundle }, []);
}

/**
 * Builds `outDir` (dist/ unless told) from scratch; returns esbuild's account of what went where, its paths
 * relative to the project (as `npm run build` runs it).
 */
export async function bundle(outDir = OUT_DIR): Promise<Metafile> {
  const out = resolve(PROJECT, outDir);
  await rm(out, { recursive: true, force: true });
  const inProject = { absWorkingDir: PROJECT };
  const workshop = (await build({ ...cachedBundleOptions({ workshop: WORKSHOP.entry }, out), ...inProject })).metafile!;
  const workshopFile = Object.keys(workshop.outputs).find((file) => file.endsWith('.cjs'));
  if (!workshopFile) throw new Error(`the build has no bundle for ${WORKSHOP.entry}`);
  const entries = Object.fromEntries(Object.entries(MODES).map(([name, mode]) => [name, mode.entry]));
  const modeOptions = cachedBundleOptions(entries, out);
  const plugins = [...(modeOptions.plugins ?? []), workshopThroughCache(basename(workshopFile))];
  const modes = (await build({ ...modeOptions, ...inProject, plugins })).metafile!;
  const bundles = Object.fromEntries(
    Object.entries(MODES).map(([name, mode]) => {
      const file = Object.entries(modes.outputs).find(([, output]) => output.entryPoint === mode.entry)?.[0];
      if (!file) throw new Error(`the build has no bundle for ${mode.entry}`);
      return [name, basename(file)];
    }),
  );
  const options = commonJsOptions({ cli: CLI_ENTRY }, out);
  const cli = (await build({ ...options, ...inProject, plugins: [...(options.plugins ?? []), modesThroughCache(bundles)] })).metafile!;
  await writeFile(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
  await chmod(join(out, 'cli.js'), 0o755);
  return { inputs: { ...workshop.inputs, ...modes.inputs, ...cli.inputs }, outputs: { ...workshop.outputs, ...modes.outputs, ...cli.outputs } };
}

/** Source files an entry loads before any `import()`: its static imports and requires, followed all the way. */
export function loadedAtStart(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (input: string): void => {
    if (seen.has(input)) return;
    seen.add(input);
    for (const link of metafile.inputs[input]?.imports ?? []) {
      if ((link.kind === 'import-statement' || link.kind === 'require-call') && !link.external) visit(link.path);
    }
  };
  visit(entry);
  return [...seen];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const metafile = await bundle();
  const outputs = Object.values(metafile.outputs);
  const kib = outputs.reduce((sum, output) => sum + output.bytes, 0) / 1024;
  process.stdout.write(`${OUT_DIR}/: ${outputs.length} files, ${kib.toFixed(0)} KiB\n`);
}
