// How Lectern's server-side TypeScript becomes JavaScript that plain node runs (no tsx, no
// TypeScript at run time): esbuild bundles each entry point, with code splitting so dynamic
// imports stay lazy (a command loads only what it uses; the exporter's browser starts first),
// the npm dependencies left to node_modules unless `inline` is set: then they are bundled too
// (all but native ones), which the export CLI asks for, because node resolves, reads and links
// every file of a package's ESM build one by one (puppeteer-core's CDP client alone is ~100
// modules: ~150 ms of a cold export against ~25 ms as part of a bundle). The deck parser's worker thread
// (server/decks/parse-pool.ts starts parse-worker.mjs beside the module that holds the pool)
// is its own bundle with its dependencies (marked, highlight.js, sanitize-html, yaml, re2js…)
// inlined and minified: one file to read and compile instead of ~150 CommonJS modules to
// resolve, which would be a third of the first parse. Used by `npm run export` (scripts/export.mjs) and
// by the package build (scripts/build-package.mjs). Plain JavaScript: it runs before anything
// is compiled.
import path from 'node:path';

/** Packages that stay in node_modules even when inlining: native code, loaded from its own folder. */
const NATIVE = ['sharp'];

// Inlined CommonJS modules still require() node's built-ins.
const REQUIRE_BANNER = { js: "import { createRequire as __lecternRequire } from 'node:module'; const require = __lecternRequire(import.meta.url);" };

/**
 * Bundles `entryPoints` ({ name: file }) and the parse worker into `outdir` as <name>.mjs
 * (chunks as chunk-<hash>.mjs beside them); resolves with esbuild's metafiles. `inline`: the
 * entry points' npm dependencies go into the bundle too.
 */
export async function bundleNode({ root, outdir, entryPoints, inline = false }) {
  const { build } = await import('esbuild');
  const common = { outdir, bundle: true, format: 'esm', platform: 'node', target: 'node20', outExtension: { '.js': '.mjs' }, metafile: true, logLevel: 'error' };
  const dependencies = inline ? { external: NATIVE, banner: REQUIRE_BANNER } : { packages: 'external' };
  const [main, worker] = await Promise.all([
    build({ ...common, ...dependencies, entryPoints, splitting: true, chunkNames: 'chunk-[hash]' }),
    build({ ...common, entryPoints: { 'parse-worker': path.join(root, 'server', 'decks', 'parse-worker.ts') }, minify: true, banner: REQUIRE_BANNER }),
  ]);
  return [main.metafile, worker.metafile];
}
