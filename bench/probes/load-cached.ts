/** P4's floor loaded as the explorer is: `node load-cached.js BUNDLE.cjs CACHE-DIR` runs a CommonJS bundle through the code cache. */
import { loadCompiled } from '../../src/cli/code-cache.js';

loadCompiled(process.argv[2]!, process.argv[3]);
