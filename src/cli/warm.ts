/**
 * When a run is warm: far enough along that its code cache (code-cache.ts) is worth keeping. Apart from the
 * cache itself so that the CLI can say it without loading file writing; kept on the global object because the
 * CLI and the mode it loaded each hold a copy of these modules.
 */
const KEEPERS = Symbol.for('smtp-explorer.code-cache.warm');

function keepers(): Set<() => void> {
  const global = globalThis as { [KEEPERS]?: Set<() => void> };
  global[KEEPERS] ??= new Set();
  return global[KEEPERS];
}

/** `keep` runs once the run is warm, unless the returned function withdraws it first. */
export function whenWarm(keep: () => void): () => void {
  keepers().add(keep);
  return () => keepers().delete(keep);
}

/** A mode that ran its course says so: what waits for the run to be warm happens now. */
export function markWarm(): void {
  for (const keep of [...keepers()]) keep();
}
