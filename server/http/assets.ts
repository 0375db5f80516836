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

export const asset = (file: string) => `/assets/${file.split('/').map(encodeURIComponent).join('/')}`;

/**
 * Stylesheet and script of a bundle: an ES module, or a classic deferred script for the bundles
 * scripts/build-client.ts builds as one file (CLASSIC_BUNDLES: V8 caches their compiled code).
 * With `slides`, the page shows a deck as soon as it loads: the chunks a module imports and the
 * slide fonts are preloaded.
 */
export function bundleTags(bundle: string, options: { slides?: boolean } = {}): string {
  const { bundles, slideFonts } = manifest();
  const built: ClientBundle | undefined = bundles[bundle];
  const tags = [`<link rel="stylesheet" href="${asset(`${bundle}.css`)}">`];
  if (options.slides) {
    for (const font of slideFonts) tags.push(`<link rel="preload" href="${escapeHtml(asset(font))}" as="font" type="font/woff2" crossorigin>`);
    for (const chunk of built?.imports ?? []) tags.push(`<link rel="modulepreload" href="${escapeHtml(asset(chunk))}">`);
  }
  tags.push(built?.classic ? `<script src="${asset(`${bundle}.js`)}" defer></script>` : `<script type="module" src="${asset(`${bundle}.js`)}"></script>`);
  return tags.join('\n');
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
 * The stylesheets a page showing this deck links, in cascade order: the slide theme (none when
 * the deck's own stylesheet is its theme), the code style, KaTeX's (decks with math), the deck's
 * own rules, sanitized and scoped (/decks/<slug>/lectern-deck.css, with its hash for caching).
 */
export function deckStyles(loaded: DeckStyleInput): string[] {
  const { styles } = manifest();
  const { meta, features } = loaded.deck;
  const out: string[] = [];
  const builtIn = !(meta.themeCss && meta.theme === 'lectern');
  const theme = styles[`theme:${meta.theme}`] ?? styles['theme:lectern'];
  if (builtIn && theme) out.push(asset(theme));
  const highlight = meta.highlightTheme ?? (meta.theme === 'lectern' && !meta.themeCss ? undefined : REVEAL_MD_HIGHLIGHT);
  const code = highlight ? styles[`highlight:${highlight}`] : undefined;
  if (code) out.push(asset(code));
  if (features.math && styles.math) out.push(asset(styles.math));
  if (loaded.stylesheet) out.push(`/decks/${encodeURIComponent(loaded.slug)}/${DECK_STYLESHEET}?v=${loaded.stylesheet.hash}`);
  return out;
}

/** Where a deck's own stylesheet is served, under its folder's URL. */
export const DECK_STYLESHEET = 'lectern-deck.css';

/** <link> tags for deckStyles (marked, so live reload can swap them when the deck's styles change). */
export function styleTags(hrefs: readonly string[]): string {
  return hrefs.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}" data-lectern-style>`).join('\n');
}

/** The built diagram module's URL (manifest "diagrams"). */
export function diagramsSrc(): string | undefined {
  const file = manifest().scripts.diagrams;
  return file ? asset(file) : undefined;
}
