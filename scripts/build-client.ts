// Bundles the browser pages (reveal.js, socket.io client, fonts, styles) into dist/client so
// Lectern serves every byte itself: no CDN, because conference Wi-Fi fails.
import { build, type BuildOptions } from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'client');

async function entryPoints(): Promise<string[]> {
  const files = await fs.readdir(path.join(root, 'client'));
  // Every top-level client/*.ts is a page bundle; client/lib holds shared code.
  return files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(root, 'client', f));
}

export async function buildClient(options: { minify?: boolean } = {}): Promise<void> {
  const started = performance.now();
  await fs.rm(outdir, { recursive: true, force: true });
  const common = {
    outdir,
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'safari16', 'firefox110'],
    minify: options.minify ?? true,
    sourcemap: true,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'files/[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file' },
    logLevel: 'warning',
  } satisfies BuildOptions;
  const pages = await entryPoints();
  // The PDF print page is one self-contained file: shared chunks would be fetched one after the
  // other behind print.js (40-70 ms of a cold export's page time); the other pages share theirs.
  const print = pages.filter((file) => path.basename(file) === 'print.ts');
  await build({ ...common, entryPoints: [...pages.filter((file) => !print.includes(file)), path.join(root, 'client', 'theme', 'app.css')], splitting: true });
  // After the first build, not beside it: both write the same font files.
  if (print.length > 0) await build({ ...common, entryPoints: print, splitting: false });
  await fs.copyFile(path.join(root, 'client', 'theme', 'favicon.svg'), path.join(outdir, 'favicon.svg'));
  if (!process.env.CI || process.env.LECTERN_VERBOSE) {
    console.log(`client built in ${Math.round(performance.now() - started)} ms → ${path.relative(root, outdir)}/`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildClient().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
