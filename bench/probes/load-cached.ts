/** P4's floor loaded as the explorer is: `node load-cached.cjs BUNDLE.cjs CACHE-DIR` runs a CommonJS bundle through the code cache. */
import { loadCompiled } from '../../src/cli/code-cache.js';
import { markWarm } from '../../src/cli/warm.js';

loadCompiled(process.argv[2]!, process.argv[3]);
// The hello world has drawn its one frame and ends by itself, before the cache's timer: it is warm now.
markWarm();
