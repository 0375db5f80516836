// `npm run export` starts here, in plain JavaScript: tsx alone costs ~350 ms of start-up, a
// third of a whole export. The TypeScript CLI (scripts/export.ts) is bundled with esbuild into
// dist/export-cli/ the first time and again whenever one of its source files changes (an mtime
// check of ~30 files, ~1 ms); then node runs the bundle directly. Should esbuild be missing,
// it falls back to tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'scripts', 'export.ts');
const outdir = path.join(root, 'dist', 'export-cli');
const metaFile = path.join(outdir, 'meta.json');

function isFresh() {
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    if (meta.root !== root) return false;
    return Object.entries(meta.inputs).every(([file, mtimeMs]) => fs.statSync(path.join(root, file)).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

async function bundle() {
  const { build } = await import('esbuild');
  const temp = `${outdir}.${process.pid}.tmp`;
  // server/config.ts finds the project from its own URL: keep pointing at the source tree.
  const sourceUrl = {
    name: 'source-url',
    setup(b) {
      b.onLoad({ filter: /[\\/]server[\\/]config\.ts$/ }, (args) => ({
        contents: fs.readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'ts',
      }));
    },
  };
  const common = { outdir: temp, bundle: true, format: 'esm', platform: 'node', target: 'node20', outExtension: { '.js': '.mjs' }, metafile: true, logLevel: 'error', plugins: [sourceUrl] };
  const [cli, worker] = await Promise.all([
    build({
      ...common,
      entryPoints: { export: entry },
      splitting: true, // keeps the CLI's dynamic imports lazy, so the browser starts first
      packages: 'external',
      chunkNames: 'chunk-[hash]',
    }),
    // The deck parser's worker thread (server/decks/parse-pool.ts starts parse-worker.mjs beside
    // it), with its dependencies (marked, highlight.js, sanitize-html, yaml, re2js…) inlined and
    // minified: one file to read and compile instead of ~150 CommonJS modules to resolve, which
    // took a third of the parse.
    build({
      ...common,
      entryPoints: { 'parse-worker': path.join(root, 'server', 'decks', 'parse-worker.ts') },
      minify: true,
      // Inlined CommonJS modules still require() node's built-ins.
      banner: { js: "import { createRequire as __lecternRequire } from 'node:module'; const require = __lecternRequire(import.meta.url);" },
    }),
  ]);
  const inputs = {};
  for (const input of Object.keys({ ...cli.metafile.inputs, ...worker.metafile.inputs })) {
    const file = path.resolve(process.cwd(), input);
    inputs[path.relative(root, file)] = fs.statSync(file).mtimeMs;
  }
  fs.writeFileSync(path.join(temp, 'meta.json'), JSON.stringify({ root, inputs }));
  // Swap the new bundle in; a concurrent build may have won the race, which is fine.
  fs.rmSync(outdir, { recursive: true, force: true });
  try {
    fs.renameSync(temp, outdir);
    return path.join(outdir, 'export.mjs');
  } catch {
    return path.join(temp, 'export.mjs');
  }
}

let main = path.join(outdir, 'export.mjs');
try {
  if (!isFresh()) main = await bundle();
} catch (err) {
  if (process.argv.includes('--debug')) console.error(err);
  const { register } = await import('tsx/esm/api');
  register();
  main = entry;
}
await import(pathToFileURL(main).href);
