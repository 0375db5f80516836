// `npm run export` starts here, in plain JavaScript: running the TypeScript through tsx costs
// a cold export about a second more on a 2-core machine (`npm run bench:paths -- --only cli`).
// The TypeScript CLI (scripts/export.ts) is bundled with esbuild (scripts/node-bundles.mjs) into
// dist/export-cli/ the first time and again whenever one of its source files or the installed
// packages change (an mtime check of ~60 files and node_modules/.package-lock.json, ~1 ms);
// then node runs the bundle directly, npm dependencies included. Should esbuild be missing, it
// falls back to tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleNode } from './node-bundles.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'scripts', 'export.ts');
const outdir = path.join(root, 'dist', 'export-cli');
const metaFile = path.join(outdir, 'meta.json');
// npm rewrites it on every install, update or removal: one file stands for all of node_modules.
const INSTALLED = path.join('node_modules', '.package-lock.json');

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
  const temp = `${outdir}.${process.pid}.tmp`;
  const metafiles = await bundleNode({ root, outdir: temp, entryPoints: { export: entry }, inline: true });
  const inputs = {};
  for (const input of metafiles.flatMap((metafile) => Object.keys(metafile.inputs))) {
    const file = path.resolve(process.cwd(), input);
    const rel = path.relative(root, file);
    if (!rel.split(path.sep).includes('node_modules')) inputs[rel] = fs.statSync(file).mtimeMs;
  }
  inputs[INSTALLED] = fs.statSync(path.join(root, INSTALLED)).mtimeMs;
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
