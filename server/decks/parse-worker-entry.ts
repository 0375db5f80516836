// The parse worker's entry in the bundled builds (scripts/node-bundles.mjs): parse-worker.ts
// bundled as CommonJS (parse-worker.cjs beside this file), run with V8's code cache.
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.ts';

const code = fileURLToPath(new URL('./parse-worker.cjs', import.meta.url));
runWithCodeCache(code, `${code}.v8cache`);
