/**
 * `npm run build`: src/cli.ts → dist/cli.js with every dependency inside. Start-up time is mostly module
 * loading (hundreds of small files for Ink and React), so one minified file loads far faster. Code
 * splitting keeps each `import()` in cli.ts a chunk of its own: script mode never loads the UI, Ink, React
 * or the built-in server. The bench builds through `bundle()` and checks that from the metafile.
 */
import { chmod, readFile, rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

export const OUT_DIR = 'dist';
export const ENTRY_OUTPUT = `${OUT_DIR}/cli.js`;

/**
 * Yoga's Emscripten loader fetches its own base64 `data:` URL whenever `fetch` exists, and in Node that first
 * use of fetch loads undici (~20 ms of a ~60 ms budget for the first frame). The loader's own fallback decodes
 * the same base64 synchronously, so it is told fetch is absent. Fails the build if Yoga's code changed.
 */
const YOGA_LOADER = /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/;
const YOGA_FETCH_TEST = 'w||"function"!=typeof fetch?';
const yogaWithoutFetch: Plugin = {
  name: 'yoga-without-fetch',
  setup(plugin) {
    plugin.onLoad({ filter: YOGA_LOADER }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const uses = source.split(YOGA_FETCH_TEST).length - 1;
      if (uses !== 1) throw new Error(`${path}: expected "${YOGA_FETCH_TEST}" once, found it ${uses} times; revisit the plugin`);
      return { contents: source.replace(YOGA_FETCH_TEST, 'true?'), loader: 'js' };
    });
  },
};

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
    plugins: [yogaWithoutFetch],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}

/** Builds dist/ from scratch (run from the project root); returns esbuild's account of what went where. */
export async function bundle(): Promise<Metafile> {
  await rm(OUT_DIR, { recursive: true, force: true });
  const result = await build(bundleOptions({ cli: 'src/cli.ts' }, OUT_DIR));
  await chmod(ENTRY_OUTPUT, 0o755);
  return result.metafile!;
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
