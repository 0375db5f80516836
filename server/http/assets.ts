// The <head> tags that load a page bundle from dist/client. Pages that show slides ask for what
// their first layout needs up front (the follower page's time to Reveal.isReady()): the bundle's
// chunks as modulepreloads, fetched beside the bundle rather than after it has been parsed, and
// the slide fonts, so the first layout uses them instead of first laying the page out with
// fallback fonts looked up in the system (a round trip to the browser's font service each).
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';
import { escapeHtml } from '../render/html.ts';

export const clientDir = path.join(projectRoot, 'dist', 'client');

/**
 * dist/client/manifest.json, written by scripts/build-client.ts: for each page bundle, whether it
 * is a classic script and the chunks it imports statically (directly or through another chunk),
 * so pages can ask for them with <link rel=modulepreload> while the bundle itself downloads; and
 * the font files (relative to dist/client) a page showing slides needs for its first layout.
 */
export interface ClientManifest {
  bundles: Record<string, ClientBundle>;
  slideFonts: string[];
  /** Deck stylesheets by kind ("theme:black", "highlight:github", "math"), relative to dist/client (scripts/build-styles.ts). */
  styles: Record<string, string>;
  /** Modules a page imports when its deck needs them ("diagrams": mermaid). */
  scripts: Record<string, string>;
}

export interface ClientBundle {
  classic: boolean;
  imports: string[];
}

const EMPTY: ClientManifest = { bundles: {}, slideFonts: [], styles: {}, scripts: {} };
let cached: { mtimeMs: number; manifest: ClientManifest } | undefined;

/** The manifest, read again whenever a build replaced it (chunk names change with their content). */
export function manifest(): ClientManifest {
  const file = path.join(clientDir, 'manifest.json');
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return EMPTY; // not built yet: pages still work, just without the preloads
  }
  if (cached?.mtimeMs !== mtimeMs) {
    try {
      cached = { mtimeMs, manifest: { ...EMPTY, ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ClientManifest>) } };
    } catch {
      return EMPTY; // half-written by a build running right now: the next request reads it whole
    }
  }
  return cached.manifest;
}

/**
 * One file a page loads. The pages are built from a list of these, so that each place that puts
 * a page somewhere decides where its files are: the server under /assets/ and /decks/<slug>/,
 * the static site (server/site/) beside the pages with relative URLs, and a single-file deck
 * inlined. Whatever a page needs beyond its bundle (pages.ts deckAssets) goes in this list.
 */
export interface PageAsset {
  /** What loads it: a stylesheet, a script (classic and deferred, or a module), a preload, the icon. */
  kind: 'stylesheet' | 'script' | 'module' | 'modulepreload' | 'font' | 'icon';
  /** From the client build (dist/client), or from the deck's own folder. */
  from: 'client' | 'deck';
  /** Relative to dist/client, or to the deck's folder; "/" separated. */
  path: string;
}

/** Where a page's files are, for the page being written. */
export type AssetHref = (asset: PageAsset) => string;

const encodePath = (file: string) => file.split('/').map(encodeURIComponent).join('/');

/** The server's URLs: the client build under /assets/, a deck's files relative to its page (/decks/<slug>/). */
export const serverHref: AssetHref = (asset) => (asset.from === 'client' ? `/assets/${encodePath(asset.path)}` : encodePath(asset.path));

/** The page's icon. */
export const ICON: PageAsset = { kind: 'icon', from: 'client', path: 'favicon.svg' };

/**
 * Stylesheet and script of a bundle: an ES module, or a classic deferred script for the bundles
 * scripts/build-client.ts builds as one file (CLASSIC_BUNDLES: V8 caches their compiled code).
 * With `slides`, the page shows a deck as soon as it loads: the chunks a module imports and the
 * slide fonts are preloaded.
 */
export function bundleAssets(bundle: string, options: { slides?: boolean } = {}): PageAsset[] {
  const { bundles, slideFonts } = manifest();
  const built: ClientBundle | undefined = bundles[bundle];
  const assets: PageAsset[] = [{ kind: 'stylesheet', from: 'client', path: `${bundle}.css` }];
  if (options.slides) {
    for (const font of slideFonts) assets.push({ kind: 'font', from: 'client', path: font });
    for (const chunk of built?.imports ?? []) assets.push({ kind: 'modulepreload', from: 'client', path: chunk });
  }
  assets.push({ kind: built?.classic ? 'script' : 'module', from: 'client', path: `${bundle}.js` });
  return assets;
}

/** The <head> tags that load `assets`, at the URLs `href` gives. */
export function assetTags(assets: readonly PageAsset[], href: AssetHref = serverHref): string {
  return assets
    .map((asset) => {
      const url = escapeHtml(href(asset));
      switch (asset.kind) {
        case 'stylesheet':
          return `<link rel="stylesheet" href="${url}">`;
        case 'font':
          return `<link rel="preload" href="${url}" as="font" type="font/woff2" crossorigin>`;
        case 'modulepreload':
          return `<link rel="modulepreload" href="${url}">`;
        case 'script':
          return `<script src="${url}" defer></script>`;
        case 'module':
          return `<script type="module" src="${url}"></script>`;
        case 'icon':
          return `<link rel="icon" href="${url}" type="image/svg+xml">`;
      }
    })
    .join('\n');
}

/** The tags of a bundle on the server's pages. */
export function bundleTags(bundle: string, options: { slides?: boolean } = {}): string {
  return assetTags(bundleAssets(bundle, options));
}

/** What a deck page's <head> needs beside its bundle (only what the deck uses). */
export interface DeckStyleInput {
  slug: string;
  deck: { meta: { theme: string; themeCss?: string; highlightTheme?: string }; features: { math: boolean; mermaid: boolean } };
  stylesheet?: { hash: string };
}

/** reveal-md's code style for decks in a reveal.js theme that name none. */
const REVEAL_MD_HIGHLIGHT = 'base16/zenburn';

/**
 * The built stylesheets a page showing this deck loads, in cascade order: the slide theme (none
 * when the deck's own stylesheet is its theme), the code style, KaTeX's (decks with math).
 */
export function deckStyleAssets(deck: DeckStyleInput['deck'], print = false): PageAsset[] {
  const { styles } = manifest();
  const { meta, features } = deck;
  const paths: Array<string | undefined> = [];
  const theme = styles[`theme:${meta.theme}`] ? `theme:${meta.theme}` : 'theme:lectern';
  // The PDF print page takes Lectern's theme with static TrueType fonts (scripts/print-fonts.ts).
  const themePath = print && theme === 'theme:lectern' ? (styles[PRINT_THEME] ?? styles[theme]) : styles[theme];
  if (!(meta.themeCss && meta.theme === 'lectern')) paths.push(themePath);
  const highlight = meta.highlightTheme ?? (meta.theme === 'lectern' && !meta.themeCss ? undefined : REVEAL_MD_HIGHLIGHT);
  if (highlight) paths.push(styles[`highlight:${highlight}`]);
  if (features.math) paths.push(styles.math);
  return paths.filter((path): path is string => path !== undefined).map((path) => ({ kind: 'stylesheet', from: 'client', path }));
}

/** Where a deck's own stylesheet is served, under its folder's URL. */
export const DECK_STYLESHEET = 'lectern-deck.css';

/** The manifest key of Lectern's theme as the PDF print page loads it (scripts/build-styles.ts). */
export const PRINT_THEME = 'theme:lectern:print';

/**
 * The stylesheets of the server's pages for this deck (deckStyleAssets), then the deck's own
 * rules, sanitized and scoped (/decks/<slug>/lectern-deck.css, with its hash for caching).
 */
export function deckStyles(loaded: DeckStyleInput, print = false): string[] {
  const out = deckStyleAssets(loaded.deck, print).map(serverHref);
  if (loaded.stylesheet) out.push(`/decks/${encodeURIComponent(loaded.slug)}/${DECK_STYLESHEET}?v=${loaded.stylesheet.hash}`);
  return out;
}

/** <link> tags for deckStyles (marked, so live reload can swap them when the deck's styles change). */
export function styleTags(hrefs: readonly string[]): string {
  return hrefs.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}" data-lectern-style>`).join('\n');
}

/** The built diagram module's URL (manifest "diagrams"). */
export function diagramsSrc(): string | undefined {
  const file = manifest().scripts.diagrams;
  return file ? serverHref({ kind: 'module', from: 'client', path: file }) : undefined;
}
