// `npm run build:package` (and `npm pack`'s prepack, after `npm run build`): compiles the
// server, shared and CLI code into dist/node/ for the installed package, which then runs on
// plain node: bin/lectern.mjs runs dist/node/lectern.mjs, the postinstall dist/node/setup-browser.mjs,
// the parse pool dist/node/parse-worker.mjs (which runs parse-worker.cjs, writing V8's code cache
// beside it where the folder is writable: server/decks/code-cache.ts). The client (dist/client) ships as `npm run build`
// made it; nothing is compiled or bundled when the package starts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNode } from './node-bundles.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'node');

if (!fs.existsSync(path.join(root, 'dist', 'client', 'manifest.json'))) {
  console.error('build:package: dist/client is not built: run `npm run build` first');
  process.exit(1);
}
const started = performance.now();
const temp = `${outdir}.${process.pid}.tmp`;
fs.rmSync(temp, { recursive: true, force: true });
try {
  await bundleNode({
    root,
    outdir: temp,
    entryPoints: {
      lectern: path.join(root, 'scripts', 'lectern.ts'),
      'setup-browser': path.join(root, 'scripts', 'setup-browser.ts'),
    },
  });
} catch (err) {
  fs.rmSync(temp, { recursive: true, force: true });
  throw err;
}
fs.rmSync(outdir, { recursive: true, force: true });
fs.renameSync(temp, outdir);
const bytes = fs.readdirSync(outdir).reduce((sum, file) => sum + fs.statSync(path.join(outdir, file)).size, 0);
if (!process.env.CI || process.env.LECTERN_VERBOSE) {
  console.log(`package code built in ${Math.round(performance.now() - started)} ms → dist/node/ (${(bytes / 1024).toFixed(0)} KB)`);
}
