// What a page and Lectern's service worker (client/sw/service-worker.ts) say to each other, and
// which requests the worker may answer from its cache. Shared by both, so the rules are one.

/** The worker's script: at the root, so its scope covers /live/ and /decks/ pages. */
export const SERVICE_WORKER_URL = '/sw.js';

/** Cache names start with this, then the build's id: a new build's worker drops the others. */
export const CACHE_PREFIX = 'lectern-offline-';

/** A PDF up to this size is kept without asking; a larger one only when the reader says so. */
export const PDF_ASK_BYTES = 5 * 1024 * 1024;

/** How long a page stays open before its PDF is fetched to be kept: only readers who stay a while pay an export. */
export const PDF_DELAY_MS = 10_000;

export type ToWorker =
  /** Keep this page, the deck page, and everything they load, for reading offline. */
  | { type: 'keep'; page: string; deck?: string; loaded: string[] }
  /** Keep the deck's PDF too. */
  | { type: 'keep-pdf'; url: string };

export type FromWorker = { type: 'kept'; files: number; failed: number } | { type: 'pdf-kept'; bytes: number } | { type: 'failed'; message: string };

/**
 * Whether the worker handles a same-origin GET at all. The live connection (socket.io), the API
 * (sessions, notes: always fresh, some private), the presenter's pages and the PDFs with speaker
 * notes never go through it: the browser fetches them as if there were no worker.
 */
export function mayKeep(url: URL): boolean {
  const path = url.pathname;
  if (path.startsWith('/socket.io') || path.startsWith('/api/') || path.startsWith('/present')) return false;
  if (path.endsWith('.pdf') && (url.searchParams.has('notes') || url.searchParams.has('handout'))) return false;
  return path.startsWith('/assets/') || path.startsWith('/decks/') || path.startsWith('/live/') || path === '/favicon.ico';
}

/** The response header that tells which client build a page was made with (server/http/offline.ts). */
export const BUILD_HEADER = 'X-Lectern-Build';

/**
 * How the worker answers a same-origin GET it may keep. Built files named by their content:
 * cache first. A page bundle (follow.js, deck.css: same name in every build): cache first only
 * for a page of the worker's own build, whose cache holds that build's bundles (then the browser
 * also keeps its compiled code for them); for a page of another build (a deploy the worker has
 * not caught up with yet), from the network. Everything else, pages and a deck's files: network
 * first, so an edited deck shows at once.
 */
export function strategyFor(url: URL, pageBuild: string | undefined, ownBuild: string): 'cache-first' | 'network-first' {
  if (isImmutable(url)) return 'cache-first';
  if (/^\/assets\/[^/]+\.(?:js|css)$/.test(url.pathname) && pageBuild === ownBuild) return 'cache-first';
  return 'network-first';
}

/** Built files named by their content (scripts/build-client.ts): the same URL is the same bytes. */
export function isImmutable(url: URL): boolean {
  return /^\/assets\/(?:chunks|files|styles)\/(?:[^/]+\/)*[^/]+-[A-Z0-9]{8}\.\w+$/.test(url.pathname);
}

/**
 * The files a page's own markup loads, resolved against `base`: scripts, styles, icons, slide
 * images. Links (<a href>) are pages the reader may go to, not files this page needs.
 */
export function referencedUrls(html: string, base: string): string[] {
  const out = new Set<string>();
  // Lectern's own markup: tags with quoted attribute values (server/render, server/http/pages.ts).
  const values: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][\w-]{0,30})(\s[^<>]{0,8192})>/g)) {
    if (tag[1]!.toLowerCase() === 'a') continue;
    for (const attribute of tag[2]!.matchAll(/\s(?:src|href|data-src|data-background-image|poster)="([^"]{1,2048})"/g)) values.push(attribute[1]!);
  }
  for (const raw of values) {
    const value = raw.replace(/&amp;/g, '&');
    if (value.startsWith('data:') || value.startsWith('#')) continue;
    try {
      const url = new URL(value, base);
      if (url.origin === new URL(base).origin && mayKeep(url) && !url.pathname.endsWith('.pdf')) out.add(url.href.replace(/#.*$/, ''));
    } catch {
      // not a URL: nothing to keep
    }
  }
  return [...out];
}

/** The web fonts a stylesheet names (url(...) of .woff2 files), resolved against the stylesheet's URL. */
export function fontUrls(css: string, base: string): string[] {
  const out = new Set<string>();
  for (const match of css.matchAll(/url\(\s*["']?([^"')\s]{1,512}\.woff2)["']?\s*\)/g)) {
    try {
      out.add(new URL(match[1]!, base).href);
    } catch {
      // not a URL
    }
  }
  return [...out];
}
