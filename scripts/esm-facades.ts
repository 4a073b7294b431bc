/**
 * Modules that many bundled ES modules import, as ES modules evaluated once (bench P4). React ships CommonJS
 * only, and esbuild gives every importer of a CommonJS module, or of a built-in's default export, a copy of its
 * exports (`__toESM`: a new object, a getter and a descriptor per export): Ink's components and hooks and ours
 * import React and its JSX runtime 54 times, `node:process` 14 times. Those copies were 1.7 MB of the ~8 MB
 * allocated before the explorer's first frame, a collection's worth, and their time. A facade's importers bind to
 * its exports directly.
 *
 * A facade exports values, not live bindings, read as it loads, so only exports that never change and cost nothing
 * to read go in one: React's, functions and objects set once; of `process` the default export and the two names
 * bundled code imports, `env` and `cwd` (not, say, `stdin`, whose getter would make the stream). A name a facade
 * lacks fails the build ("No matching export"), so a dependency that starts importing another is noticed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const NAMESPACE = 'esm-facade';
const require = createRequire(import.meta.url);
/** Where a facade's require finds its module: the project's own node_modules, or Node. */
const PROJECT = fileURLToPath(new URL('../', import.meta.url));
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * React's exports as the bundles have them: its production build (they define NODE_ENV as production), not the
 * development one this process would load, which has two more (`act`, `captureOwnerStack`) that would be
 * undefined in the bundle.
 */
function reactProduction(file: string): () => string[] {
  return () => Object.keys(require(join(dirname(require.resolve('react/package.json')), 'cjs', file)) as object);
}

/** Each facade: the module it stands for, and the names it exports. */
export const FACADES: Record<string, { module: string; names: () => string[] }> = {
  react: { module: 'react', names: reactProduction('react.production.js') },
  'react/jsx-runtime': { module: 'react/jsx-runtime', names: reactProduction('react-jsx-runtime.production.js') },
  'node:process': { module: 'node:process', names: () => ['env', 'cwd'] },
  process: { module: 'node:process', names: () => ['env', 'cwd'] },
};

/** `export default` the module, and the named exports its facade allows. */
export function facadeSource(specifier: string): string {
  const facade = FACADES[specifier];
  if (!facade) throw new Error(`no facade for ${specifier}`);
  const names = facade.names().filter((name) => name !== 'default' && IDENTIFIER.test(name));
  return [`const exported = require(${JSON.stringify(facade.module)});`, 'export default exported;', `export const { ${names.join(', ')} } = exported;`].join('\n');
}

export const esmFacades: Plugin = {
  name: 'esm-facades',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(FACADES).map((name) => name.replaceAll('/', '\\/')).join('|')})$`);
    // A facade's own require is the module itself; a CommonJS module's require of it stays CommonJS too.
    build.onResolve({ filter }, ({ path, namespace, kind }) => (namespace === NAMESPACE || kind === 'require-call' ? undefined : { path, namespace: NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path }) => ({ contents: facadeSource(path), loader: 'js', resolveDir: PROJECT }));
  },
};
