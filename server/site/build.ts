// `lectern build`: decks → a static site anyone can host (any web server, a bucket, a USB stick).
//   index.html                      the cards (pages.ts)
//   assets/…                        the client files the pages load, and the fonts their styles name
//   decks/<slug>/index.html         a deck: reveal.js, no server needed
//   decks/<slug>/…                  the deck's own files (a folder deck's folder; files its slides name)
//   decks/<slug>/<slug>.pdf         its PDF (unless --no-pdf)
// or, with --single-file, <slug>.html (everything inlined: single-file.ts) and <slug>.pdf.
// The site is written into a new folder beside --out and swapped in at the end, so a failed
// build leaves the last good one; --out must be new, empty, or an earlier build.
import fs from 'node:fs/promises';
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import type { DeckStore } from '../decks/store.ts';
import type { LoadedDeck } from '../decks/load.ts';
import type { PdfExporter } from '../pdf/exporter.ts';
import type { PageAsset } from '../http/assets.ts';
import { bundleAssets } from '../http/assets.ts';
import { deckAssets } from '../http/pages.ts';
import { revealMarkup } from '../render/reveal.ts';
import { cssReferences, htmlReferences } from '../deck/references.ts';
import { deckFile, folderFiles } from './deck-files.ts';
import { deckFolder, deckStylesheetAsset, pdfName, siteDeckPage, siteDiagrams, siteIndexPage } from './pages.ts';
import { singleFilePage } from './single-file.ts';

/** Marks a folder as a Lectern build, which a later build may replace. */
export const BUILD_MARKER = '.lectern-build';

export interface SiteOptions {
  decks: DeckStore;
  outDir: string;
  /** The client build (dist/client). */
  clientDir: string;
  /** Makes the exporter for the PDFs; absent: no PDFs (--no-pdf). */
  exporter?: () => Promise<PdfExporter>;
  singleFile?: boolean;
  /** The site's URL path (--base), for links; relative links without it. */
  base?: string;
  /** One line per step and per warning. */
  progress?(line: string): void;
  warn?(line: string): void;
}

export interface SiteResult {
  decks: number;
  files: number;
  bytes: number;
  pdfs: number;
}

/** Fails before any work when `outDir` holds something a build must not replace. */
async function checkOut(outDir: string): Promise<void> {
  const entries = await fs.readdir(outDir).catch((err: NodeJS.ErrnoException): string[] => {
    if (err.code === 'ENOENT') return [];
    throw new LecternError('write-failed', `cannot use ${outDir} for the site: ${err.code === 'ENOTDIR' ? 'it is a file' : (err.code ?? err.message)}; choose another --out`);
  });
  if (entries.length > 0 && !entries.includes(BUILD_MARKER)) {
    throw new LecternError('usage', `${outDir} is not empty and not a Lectern build: choose a new or empty folder with --out (a build only replaces an earlier build)`);
  }
}

const isInside = (file: string, dir: string) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export async function buildSite(options: SiteOptions): Promise<SiteResult> {
  const outDir = path.resolve(options.outDir);
  await checkOut(outDir);
  // A folder that is not a deck (markdown without an index.md) is left out of the site.
  const summaries = (await options.decks.list()).filter((d) => !d.error?.notDeck);
  // A broken deck stops the build with its own error (file, line, what is wrong).
  const broken = summaries.find((d) => d.error);
  if (broken) await options.decks.load(broken.slug);
  if (summaries.length === 0) throw new LecternError('not-found', `no decks in ${options.decks.decksDir}: pass a deck's .md file or a folder of decks`);

  const pdfs = options.exporter ? await options.exporter() : undefined;
  void pdfs?.warmUp();
  const staging = `${outDir}.lectern-${process.pid}.tmp`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new LecternError('write-failed', `cannot write the site beside ${outDir}: ${err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : (err.code ?? err.message)}; choose another --out`);
  });
  const result: SiteResult = { decks: 0, files: 0, bytes: 0, pdfs: 0 };
  const write = async (rel: string, data: string | Uint8Array) => {
    const file = path.join(staging, ...rel.split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, data);
    result.files++;
    result.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  };
  const copy = async (from: string, rel: string) => write(rel, await fs.readFile(from));
  // Neither the site being written nor an earlier one is ever copied into itself.
  const skip = (file: string) => isInside(file, outDir) || isInside(file, staging);
  const warn = (line: string) => options.warn?.(line);

  try {
    const clientAssets = new Map<string, PageAsset>();
    for (const summary of summaries) {
      const loaded = await options.decks.load(summary.slug);
      options.progress?.(`${loaded.slug}: ${loaded.deck.slides.length} slides`);
      const pdf = pdfs ? pdfName(loaded.slug) : undefined;
      if (options.singleFile) {
        await write(`${loaded.slug}.html`, await singleFilePage(loaded, { clientDir: options.clientDir, pdf, warn }));
      } else {
        const html = siteDeckPage(loaded, { pdf: Boolean(pdfs), base: options.base });
        await write(`${deckFolder(loaded.slug)}/index.html`, html);
        const diagrams = siteDiagrams(loaded);
        const assets = [...bundleAssets('static'), ...deckAssets(loaded), ...(diagrams ? [diagrams] : [])];
        // The deck's own stylesheet is the server's (sanitized, scoped), not a file of the deck: written, and the files it names copied.
        const refs = htmlReferences(revealMarkup(loaded.deck, { id: 'lectern-deck' }));
        for (const sheet of deckStylesheetAsset(loaded)) {
          await write(`${deckFolder(loaded.slug)}/${sheet.path}`, loaded.stylesheet?.css ?? '');
          refs.push(...cssReferences(loaded.stylesheet?.css ?? ''));
        }
        await copyDeckFiles(loaded, refs, (from, rel) => copy(from, `${deckFolder(loaded.slug)}/${rel}`), skip, warn);
        for (const asset of assets) if (asset.from === 'client') clientAssets.set(asset.path, asset);
      }
      if (pdfs && pdf) {
        const exported = await pdfs.export(loaded);
        await write(options.singleFile ? pdf : `${deckFolder(loaded.slug)}/${pdf}`, exported.pdf);
        result.pdfs++;
      }
      result.decks++;
    }
    if (!options.singleFile) {
      await write('index.html', siteIndexPage(summaries, { pdf: Boolean(pdfs), base: options.base }));
      for (const asset of [...bundleAssets('index'), { kind: 'icon', from: 'client', path: 'favicon.svg' } satisfies PageAsset]) clientAssets.set(asset.path, asset);
      await copyClientFiles(options.clientDir, [...clientAssets.keys()], (from, rel) => copy(from, `assets/${rel}`));
    }
    await write(BUILD_MARKER, `${JSON.stringify({ generator: 'lectern', decks: result.decks })}\n`);
    await swapIn(staging, outDir);
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  } finally {
    await pdfs?.kill();
  }
  return result;
}

/** A folder deck's folder, and every file its slides and page name (with the files their stylesheets name). */
async function copyDeckFiles(
  loaded: LoadedDeck,
  refs: string[],
  copy: (from: string, rel: string) => Promise<void>,
  skip: (file: string) => boolean,
  warn: (line: string) => void,
): Promise<void> {
  const copied = new Set<string>();
  const folderDeck = loaded.assetDir !== undefined && path.basename(loaded.file).toLowerCase() === 'index.md' && path.dirname(loaded.file) === loaded.assetDir;
  if (folderDeck && loaded.assetDir) {
    for (const { rel, file } of await folderFiles(loaded.assetDir, skip)) {
      copied.add(rel);
      await copy(file, rel);
    }
  }
  const queue: Array<{ ref: string; from: string }> = refs.map((ref) => ({ ref, from: '' }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    const found = await deckFile(loaded, item.ref, item.from);
    if ('problem' in found) {
      warn(`${loaded.slug}: not copied: ${found.rel}: ${found.problem}`);
      continue;
    }
    if (copied.has(found.rel) || skip(found.file)) continue;
    copied.add(found.rel);
    await copy(found.file, found.rel);
    if (found.rel.toLowerCase().endsWith('.css')) {
      for (const ref of cssReferences(await fs.readFile(found.file, 'utf8'))) queue.push({ ref, from: found.rel });
    }
  }
}

/** The client files the pages load, and the fonts and images their stylesheets name. */
async function copyClientFiles(clientDir: string, files: string[], copy: (from: string, rel: string) => Promise<void>): Promise<void> {
  const done = new Set<string>();
  const queue = [...files];
  for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
    if (done.has(rel)) continue;
    done.add(rel);
    const from = path.join(clientDir, ...rel.split('/'));
    await copy(from, rel).catch((err: NodeJS.ErrnoException) => {
      throw new LecternError('render-failed', `the client build is incomplete (${rel}: ${err.code ?? err.message}): run \`npm run build\``);
    });
    if (rel.endsWith('.css')) {
      for (const ref of cssReferences(await fs.readFile(from, 'utf8'))) queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(rel), ref)));
    }
    if (rel.endsWith('.js') && rel.startsWith('chunks/')) {
      for (const ref of chunkImports(await fs.readFile(from, 'utf8'))) queue.push(`chunks/${ref}`);
    }
  }
}

/** The chunks a built chunk imports, statically or lazily (esbuild writes them as "./name.js" beside it). */
function chunkImports(code: string): string[] {
  return [...code.matchAll(/(?:from|import) ?\(?"\.\/([\w.-]{1,200}\.js)"/g)].map((m) => m[1]).filter((name): name is string => name !== undefined);
}

/** Puts the finished site at `outDir`, replacing an earlier build only once the new one is whole. */
async function swapIn(staging: string, outDir: string): Promise<void> {
  const old = `${outDir}.lectern-${process.pid}.old`;
  const had = await fs.rename(outDir, old).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
  await fs.rename(staging, outDir);
  if (had) await fs.rm(old, { recursive: true, force: true });
}
