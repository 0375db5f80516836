// `lectern build --single-file`: one HTML file per deck that carries everything it shows —
// script, styles, fonts, images — so it opens from a mail attachment or a USB stick with the
// network off. The page is the static site's deck page (pages.ts), its files inlined: the same
// list of assets (http/assets.ts bundleAssets + pages.ts deckAssets), read instead of linked.
// Its policy allows no script but the one inlined, by its hash, computed here.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import mime from 'mime-types';
import { LecternError } from '../../shared/errors.ts';
import type { LoadedDeck } from '../decks/load.ts';
import { revealMarkup } from '../render/reveal.ts';
import { contentSecurityPolicy } from '../http/security.ts';
import { bundleAssets, ICON, type PageAsset } from '../http/assets.ts';
import { deckAssets, deckPageData, layout } from '../http/pages.ts';
import { localPath, mapCssUrls, mapHtmlUrls } from '../deck/references.ts';
import { codePoints, pruneFontFaces } from './fonts.ts';
import { deckFile } from './deck-files.ts';
import { siteToolbar } from './pages.ts';

/** A file larger than this stays a link (with a warning): a deck with a film in it would not mail anyway. */
export const MAX_INLINE_BYTES = 25 * 1024 * 1024;

export interface SingleFileOptions {
  /** The client build the page's own files come from. */
  clientDir: string;
  /** The PDF written beside the file, linked from the toolbar. */
  pdf?: string;
  /** Told about each file the deck names that could not be inlined. */
  warn(message: string): void;
}

/** The policy of a page whose only script is inlined: that script by hash, everything else from data: or the web. */
export function singleFileCsp(scriptHashes: readonly string[]): string {
  return contentSecurityPolicy({
    'default-src': "'none'",
    'script-src': scriptHashes.map((hash) => `'${hash}'`).join(' ') || "'none'",
    'style-src': "'unsafe-inline'",
    'img-src': 'data: blob: https: http:',
    'media-src': 'data: blob: https: http:',
    'font-src': 'data:',
    'connect-src': "'none'",
    'form-action': "'none'",
    'frame-ancestors': undefined,
  });
}

/** "sha256-…" of a script's text, as a CSP source names it. */
export const scriptHash = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

const dataUrl = (bytes: Buffer, file: string) => `data:${mime.lookup(file) || 'application/octet-stream'};base64,${bytes.toString('base64')}`;

/** Text that cannot end the element it is inlined in: `</` is `<\/` in CSS and in JavaScript strings, regexes and comments alike. */
const inlineSafe = (text: string) => text.replaceAll('</', '<\\/').replaceAll('<!--', '<\\!--');

export async function singleFilePage(loaded: LoadedDeck, options: SingleFileOptions): Promise<string> {
  const warn = (ref: string, why: string) => options.warn(`${loaded.slug}: not inlined: ${ref}: ${why}`);
  const cache = new Map<string, Promise<string | undefined>>();

  /** A data: URL of a deck file named `ref` (relative to `from`), or undefined with a warning. */
  const deckDataUrl = (ref: string, from = ''): Promise<string | undefined> => {
    const key = `${from}\n${ref}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = (async () => {
        const found = await deckFile(loaded, ref, from);
        if ('problem' in found) return void warn(found.rel, found.problem);
        const size = (await fs.stat(found.file)).size;
        if (size > MAX_INLINE_BYTES) return void warn(found.rel, `${(size / 1024 / 1024).toFixed(0)} MB is over the ${MAX_INLINE_BYTES / 1024 / 1024} MB a single file carries`);
        return dataUrl(await fs.readFile(found.file), found.file);
      })();
      cache.set(key, pending);
    }
    return pending;
  };

  /** Rewrites every local url() of `css` to a data: URL, `read` giving each. */
  const inlineUrls = async (css: string, read: (ref: string) => Promise<string | undefined>): Promise<string> => {
    const refs: string[] = [];
    mapCssUrls(css, (url) => void (localPath(url) !== undefined && refs.push(url)));
    const urls = new Map(await Promise.all(refs.map(async (url) => [url, await read(localPath(url) ?? url)] as const)));
    return mapCssUrls(css, (url) => urls.get(url)) ?? css;
  };

  const sections = revealMarkup(loaded.deck, { id: 'lectern-deck' });
  const used = codePoints(`${loaded.deck.meta.title}${sections}`);
  const urls = new Map<string, string | undefined>();
  mapHtmlUrls(sections, (url) => void urls.set(url, undefined));
  for (const url of urls.keys()) {
    const local = localPath(url);
    if (local !== undefined) urls.set(url, await deckDataUrl(local));
  }
  const slides = mapHtmlUrls(sections, (url) => urls.get(url));

  const scripts: string[] = [];
  const tags: string[] = [];
  const assets: PageAsset[] = [ICON, ...bundleAssets('static'), ...deckAssets(loaded)];
  for (const asset of assets) {
    const clientFile = path.join(options.clientDir, ...asset.path.split('/'));
    if (asset.kind === 'font' || asset.kind === 'modulepreload') continue; // the fonts are inside the styles
    if (asset.kind === 'module') throw new LecternError('render-failed', `${asset.path} is an ES module, which cannot be inlined: build it as a classic script (scripts/build-client.ts)`);
    if (asset.from === 'deck') {
      if (asset.kind !== 'stylesheet') throw new LecternError('render-failed', `${loaded.slug}: a deck's ${asset.kind} (${asset.path}) cannot be inlined`);
      const found = await deckFile(loaded, asset.path);
      if ('problem' in found) {
        warn(found.rel, found.problem);
        continue;
      }
      const css = await inlineUrls(await fs.readFile(found.file, 'utf8'), (ref) => deckDataUrl(ref, found.rel));
      tags.push(`<style>${inlineSafe(css)}</style>`);
      continue;
    }
    const text = await fs.readFile(clientFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new LecternError('render-failed', `the client build is incomplete (${asset.path}: ${err.code ?? err.message}): run \`npm run build\``);
    });
    if (asset.kind === 'icon') tags.push(`<link rel="icon" href="${dataUrl(Buffer.from(text), clientFile)}">`);
    else if (asset.kind === 'stylesheet') {
      const dir = path.dirname(clientFile);
      const css = await inlineUrls(pruneFontFaces(text, used), async (ref) => dataUrl(await fs.readFile(path.resolve(dir, ref)), ref));
      tags.push(`<style>${inlineSafe(css)}</style>`);
    } else {
      const script = inlineSafe(text);
      scripts.push(scriptHash(script));
      tags.push(`<script>${script}</script>`);
    }
  }

  // The deck's own rules last, as on the server's page: sanitized and scoped, their url()s deck-relative.
  if (loaded.stylesheet) tags.push(`<style>${inlineSafe(await inlineUrls(loaded.stylesheet.css, (ref) => deckDataUrl(ref)))}</style>`);

  // No diagrams: mermaid is an ES module of many chunks, which a file with one inline classic script cannot carry.
  const data = deckPageData(loaded, { watch: false });
  // Deferred scripts run after parsing; an inline one runs where it stands: after the slides.
  const scriptTags = tags.filter((tag) => tag.startsWith('<script>'));
  const body = `${slides}\n${siteToolbar({ pdf: options.pdf })}\n${scriptTags.join('\n')}`;
  const head = tags.filter((tag) => !tag.startsWith('<script>')).join('\n');
  return layout({ title: data.title, head, csp: singleFileCsp(scripts), body, data, bodyClass: 'page-deck' });
}
