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
}

export interface ClientBundle {
  classic: boolean;
  imports: string[];
}

const EMPTY: ClientManifest = { bundles: {}, slideFonts: [] };
let cached: { mtimeMs: number; manifest: ClientManifest } | undefined;

/** The manifest, read again whenever a build replaced it (chunk names change with their content). */
function manifest(): ClientManifest {
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

const asset = (file: string) => `/assets/${file.split('/').map(encodeURIComponent).join('/')}`;

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
