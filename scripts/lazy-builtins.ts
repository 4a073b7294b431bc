/**
 * Node built-ins that a start does not need, loaded on first use instead of as the bundle starts (bench P4).
 * esbuild turns `import { randomUUID } from 'node:crypto'` into a `require` at the top of the bundle; loading
 * crypto, tls, fs/promises, child_process and assert there cost 5–8 ms of every start, before the explorer's
 * first frame or script mode's first byte, though none of them is used until later: a file is written, a TLS
 * handshake starts, a terminal reports no size, a dependency's check fails.
 *
 * Each import of one of them becomes a module of getters, one per export of the built-in as the building Node
 * has it, each loading the built-in when first read. Bundled code reads an import's bindings only when it uses
 * them (`(0, import_node_crypto.randomUUID)()`), and esbuild's interop for default imports copies getters
 * rather than values, so what runs is the same module, only later.
 */
import { builtinModules, createRequire } from 'node:module';
import type { Plugin } from 'esbuild';

export const LAZY_BUILTINS = ['crypto', 'tls', 'fs/promises', 'child_process', 'assert'] as const;
const NAMESPACE = 'lazy-builtin';
const require = createRequire(import.meta.url);

/** The CommonJS module that stands for `node:NAME`: its exports' names, each a getter that loads it. */
export function lazyModuleSource(name: string): string {
  if (!builtinModules.includes(name)) throw new Error(`${name} is not a Node built-in`);
  const names = Object.getOwnPropertyNames(require(`node:${name}`) as object).filter((key) => key !== 'default' && key !== '__esModule');
  const getters = names.map((key) => `${JSON.stringify(key)}: { enumerable: true, get: () => load()[${JSON.stringify(key)}] }`);
  return [
    'let loaded;',
    `const load = () => (loaded ??= require(${JSON.stringify(`node:${name}`)}));`,
    `module.exports = Object.defineProperties({}, {\n${getters.join(',\n')}\n});`,
  ].join('\n');
}

export const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|').replaceAll('/', '\\/')})$`);
    build.onResolve({ filter }, ({ path, namespace }) =>
      // The stand-in's own require is the real built-in.
      namespace === NAMESPACE ? { path, external: true } : { path: path.replace(/^node:/, ''), namespace: NAMESPACE },
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path }) => ({ contents: lazyModuleSource(path), loader: 'js' }));
  },
};
