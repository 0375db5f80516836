// `npm run export` starts here, in plain JavaScript: running the TypeScript through tsx costs
// a cold export about a second more on a 2-core machine (`npm run bench:paths -- --only cli`).
// The TypeScript CLI (scripts/export.ts) is bundled with esbuild into dist/export-cli/ the first
// time and again whenever one of its source files changes (an mtime check of ~30 files, ~1 ms);
// then node runs the bundle directly. Should esbuild be missing, it falls back to tsx.
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
    // would be a third of the first parse.
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
  install(temp);
  return path.join(outdir, 'export.mjs');
}

/**
 * Moves a build into dist/export-cli/ file by file: chunks first, then the entry points, then
 * meta.json, each by an atomic rename, and nothing of an earlier build is deleted then. A CLI
 * still running from that build imports its chunks lazily (they keep their content-hash names),
 * and concurrent first runs each build and install the same files. Chunks no build names any
 * more go once they are an hour old.
 */
function install(temp) {
  const built = fs.readdirSync(temp);
  const last = ['export.mjs', 'parse-worker.mjs', 'meta.json'].filter((f) => built.includes(f));
  fs.mkdirSync(outdir, { recursive: true });
  for (const file of [...built.filter((f) => !last.includes(f)), ...last]) fs.renameSync(path.join(temp, file), path.join(outdir, file));
  fs.rmSync(temp, { recursive: true, force: true });
  for (const file of fs.readdirSync(outdir)) {
    if (built.includes(file)) continue;
    try {
      if (Date.now() - fs.statSync(path.join(outdir, file)).mtimeMs > 60 * 60 * 1000) fs.rmSync(path.join(outdir, file), { recursive: true, force: true });
    } catch {
      /* removed by a concurrent run */
    }
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
