// Bundles the browser pages (reveal.js, socket.io client, fonts, styles) into dist/client so
// Lectern serves every byte itself: no CDN, because conference Wi-Fi fails.
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientManifest } from '../server/http/assets.ts';
import { printFonts } from './print-fonts.ts';
import { buildDeckStyles } from './build-styles.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'client');

/**
 * Pages whose bundle is one classic script rather than an ES module with shared chunks. The
 * Chromium measured here (156) serves classic scripts from V8's code cache on repeat visits (a
 * trace shows `v8.compile` with `consumedCacheSize`), but compiles module scripts again on every
 * load (`v8.compileModule`, streamed, never a cache): for the follower page, which the audience
 * opens and reopens during a talk, that compile would be on the way to the first slide. The
 * static site's pages (index, static) are classic scripts too: module scripts do not run from
 * file://, where a site copied to a USB stick, or a single-file deck opened from a mail, is read.
 */
const CLASSIC_BUNDLES = new Set(['follow', 'index', 'static']);

async function entryPoints(): Promise<string[]> {
  const files = await fs.readdir(path.join(root, 'client'));
  // Every top-level client/*.ts is a page bundle; client/lib holds shared code.
  return files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(root, 'client', f));
}

const bundleName = (entry: string) => path.basename(entry, '.ts');

/**
 * The print bundle's fonts: each variable font module (its JS import and its CSS @import) is
 * resolved to the static TrueType instances scripts/print-fonts.ts made, so Chromium embeds
 * TrueType fonts in the PDF rather than Type 3 ones. Screen pages keep the variable fonts.
 */
function staticFonts(replacements: Record<string, string>): Plugin {
  const modules = Object.keys(replacements).map((m) => m.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&'));
  return {
    name: 'lectern-print-fonts',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${modules.join('|')})$`) }, (args) => ({ path: replacements[args.path]! }));
    },
  };
}

/** Font subsets worth preloading: the Latin ranges of Inter and JetBrains Mono cover English decks. */
const PRELOADED_FONT = /^files\/(inter|jetbrains-mono)-latin-wght-normal-[\w-]+\.woff2$/;

function manifestOf(metafiles: Metafile[], extra: Pick<ClientManifest, 'styles' | 'scripts'>): ClientManifest {
  const rel = (file: string) => path.relative(outdir, path.resolve(root, file)).split(path.sep).join('/');
  const outputs = new Map(metafiles.flatMap((metafile) => Object.entries(metafile.outputs)).map(([file, output]) => [rel(file), output]));
  const staticImports = (file: string, seen = new Set<string>()): Set<string> => {
    for (const imported of outputs.get(file)?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external) continue;
      const target = rel(imported.path);
      if (seen.has(target)) continue;
      seen.add(target);
      staticImports(target, seen);
    }
    return seen;
  };
  const bundles: ClientManifest['bundles'] = {};
  for (const [file, output] of outputs) {
    if (!output.entryPoint || !file.endsWith('.js') || file.includes('/')) continue;
    const name = file.replace(/\.js$/, '');
    bundles[name] = { classic: CLASSIC_BUNDLES.has(name), imports: [...staticImports(file)].sort() };
  }
  const slideFonts = [...outputs.keys()].filter((file) => PRELOADED_FONT.test(file)).sort();
  return { bundles, slideFonts, ...extra };
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * A .br and a .gz beside every script, stylesheet and SVG worth it, made once at build time:
 * the server sends them to browsers that accept them (express-static-gzip) without compressing
 * per request, which a room of phones opening the follow link at once would make the server do
 * thousands of times. On conference Wi-Fi it is the difference between ~780 and ~175 KB.
 */
async function precompress(dir: string): Promise<void> {
  const files = (await fs.readdir(dir, { recursive: true })).filter((f) => /\.(js|css|svg|json)$/.test(f));
  await Promise.all(
    files.map(async (file) => {
      const full = path.join(dir, file);
      const source = await fs.readFile(full);
      if (source.length < 1024) return;
      const [br, gz] = await Promise.all([
        brotli(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length } }),
        gzip(source, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([fs.writeFile(`${full}.br`, br), fs.writeFile(`${full}.gz`, gz)]);
    }),
  );
}

/** An id of this build: a digest of every file it wrote (their names and bytes). */
async function buildId(dir: string): Promise<string> {
  const files = (await fs.readdir(dir, { recursive: true })).filter((f) => !/\.(br|gz)$/.test(f)).sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const full = path.join(dir, file);
    if (!(await fs.stat(full)).isFile()) continue;
    hash.update(file.split(path.sep).join('/')).update('\0').update(await fs.readFile(full)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The offline service worker (client/sw/service-worker.ts): one classic script, built last,
 * with the id of everything built before it. Its bytes change with every build that changes
 * anything, which is how browsers learn of a deploy; its cache is named by that id.
 */
async function buildServiceWorker(common: BuildOptions): Promise<void> {
  const id = await buildId(outdir);
  await build({
    ...common,
    entryPoints: { sw: path.join(root, 'client', 'sw', 'service-worker.ts') },
    format: 'iife',
    splitting: false,
    metafile: false,
    define: { LECTERN_BUILD: JSON.stringify(id) },
  });
  // The server names the build in a header on its pages (server/http/offline.ts).
  await fs.writeFile(path.join(outdir, 'build.json'), `${JSON.stringify({ id })}\n`);
}

/**
 * Source maps only on request (`npm run build -- --sourcemap`, for debugging in the browser):
 * the bundles include modules shared with the server (shared/protocol.ts, ...), and a map
 * would serve their full source, comments and all, to anyone.
 */
export async function buildClient(options: { minify?: boolean; sourcemap?: boolean } = {}): Promise<void> {
  const started = performance.now();
  await fs.rm(outdir, { recursive: true, force: true });
  const common = {
    outdir,
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'safari16', 'firefox110'],
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? false,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'files/[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file' },
    logLevel: 'warning',
    metafile: true,
  } satisfies BuildOptions;
  const pages = await entryPoints();
  // The PDF print page is one self-contained file: shared chunks would be fetched one after the
  // other behind print.js (40-70 ms of a cold export's page time); the other pages share theirs.
  const print = pages.filter((file) => path.basename(file) === 'print.ts');
  const classic = pages.filter((file) => CLASSIC_BUNDLES.has(bundleName(file)));
  const shared = pages.filter((file) => !print.includes(file) && !classic.includes(file));
  const metafiles = [(await build({ ...common, entryPoints: [...shared, path.join(root, 'client', 'theme', 'app.css')], splitting: true })).metafile];
  // After the first build, not beside it: both write the same font files.
  if (print.length > 0) {
    const fonts = await printFonts(root);
    const entries = { ...Object.fromEntries(print.map((file) => [bundleName(file), file])), 'print-scripts': fonts.scripts };
    metafiles.push((await build({ ...common, entryPoints: entries, splitting: false, plugins: [staticFonts(fonts.replacements)] })).metafile);
  }
  // One file each, a dynamic import() bundled in (it runs when reached).
  if (classic.length > 0) metafiles.push((await build({ ...common, entryPoints: classic, format: 'iife', splitting: false })).metafile);
  // Deck stylesheets (themes, code styles, KaTeX) and the diagram module, loaded only by the
  // pages of decks that use them, named by content hash.
  const styles = await buildDeckStyles(root, outdir, common);
  metafiles.push(styles.metafile);
  const diagrams = await build({
    ...common,
    entryPoints: [path.join(root, 'client', 'lib', 'diagrams.ts')],
    entryNames: 'chunks/[name]-[hash]',
    splitting: true,
  });
  // mermaid's own lazy chunks are entry points too: the module is the one built from diagrams.ts.
  const diagramsEntry = Object.entries(diagrams.metafile.outputs).find(([, output]) => output.entryPoint?.endsWith('client/lib/diagrams.ts'))?.[0];
  if (!diagramsEntry) throw new Error('the diagram module was not built');
  const scripts = { diagrams: path.relative(outdir, path.resolve(root, diagramsEntry)).split(path.sep).join('/') };
  await fs.writeFile(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifestOf(metafiles, { styles: styles.styles, scripts }), null, 2)}\n`);
  await fs.copyFile(path.join(root, 'client', 'theme', 'favicon.svg'), path.join(outdir, 'favicon.svg'));
  await buildServiceWorker(common);
  await precompress(outdir);
  if (!process.env.CI || process.env.LECTERN_VERBOSE) {
    console.log(`client built in ${Math.round(performance.now() - started)} ms → ${path.relative(root, outdir)}/`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildClient({ sourcemap: process.argv.includes('--sourcemap') }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
