// How Lectern's server-side TypeScript becomes JavaScript that plain node runs (no tsx, no
// TypeScript at run time): esbuild bundles each entry point, with code splitting so dynamic
// imports stay lazy (a command loads only what it uses; the exporter's browser starts first),
// the npm dependencies left to node_modules. The deck parser's worker thread
// (server/decks/parse-pool.ts starts parse-worker.mjs beside the module that holds the pool)
// is its own bundle with its dependencies (marked, highlight.js, sanitize-html, yaml, re2js…)
// inlined and minified: one file to read and compile instead of ~150 CommonJS modules to
// resolve, which would be a third of the first parse. Used by `npm run export` (scripts/export.mjs) and
// by the package build (scripts/build-package.mjs). Plain JavaScript: it runs before anything
// is compiled.
import path from 'node:path';

/**
 * Bundles `entryPoints` ({ name: file }) and the parse worker into `outdir` as <name>.mjs
 * (chunks as chunk-<hash>.mjs beside them); resolves with esbuild's metafiles.
 */
export async function bundleNode({ root, outdir, entryPoints }) {
  const { build } = await import('esbuild');
  const common = { outdir, bundle: true, format: 'esm', platform: 'node', target: 'node20', outExtension: { '.js': '.mjs' }, metafile: true, logLevel: 'error' };
  const [main, worker] = await Promise.all([
    build({ ...common, entryPoints, splitting: true, packages: 'external', chunkNames: 'chunk-[hash]' }),
    build({
      ...common,
      entryPoints: { 'parse-worker': path.join(root, 'server', 'decks', 'parse-worker.ts') },
      minify: true,
      // Inlined CommonJS modules still require() node's built-ins.
      banner: { js: "import { createRequire as __lecternRequire } from 'node:module'; const require = __lecternRequire(import.meta.url);" },
    }),
  ]);
  return [main.metafile, worker.metafile];
}
