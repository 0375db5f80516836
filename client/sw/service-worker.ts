// Lectern's service worker: keeps a deck readable when the room's Wi-Fi goes. A page that shows
// a deck (follower or deck page) asks it to keep that page, the deck page, their bundles, styles,
// fonts and the deck's images; later it answers those from its cache when the network fails.
//
// Freshness: pages, page bundles and a deck's files are fetched from the network first, so an
// edited deck or a new deploy shows at once whenever the server answers, and the cache only
// stands in when it does not (or is too slow to be of use). Built files named by their content
// are answered from the cache first: their URL changes whenever their bytes do. Each build has
// its own cache (its name carries the build's id); a new build's worker deletes the older ones,
// and the open pages ask it to keep their deck again.
import { BUILD_HEADER, CACHE_PREFIX, fontUrls, isImmutable, mayKeep, referencedUrls, strategyFor, type FromWorker, type ToWorker } from '../../shared/offline.ts';

// The worker's global scope: the page program's DOM types have no service-worker types, so the
// few members used are declared here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  /** The page that asked (empty for a navigation), and the page a navigation makes. */
  readonly clientId: string;
  readonly resultingClientId: string;
  /** A navigation's response, fetched while the worker starts (navigation preload). */
  readonly preloadResponse?: Promise<Response | undefined>;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}
interface WorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly registration: { readonly navigationPreload?: { enable(): Promise<void> } };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

declare const LECTERN_BUILD: string;
const scope = globalThis as unknown as WorkerScope;
const CACHE = `${CACHE_PREFIX}${LECTERN_BUILD}`;
/** How long a page waits for the network before a kept copy is shown instead. */
const NETWORK_PATIENCE_MS = 6000;
/** A page kept this recently is not fetched again to be kept. */
const RECENT_MS = 60_000;
/** Fetches at once while keeping a deck: enough to be quick, few enough to leave room for the page. */
const PARALLEL = 4;

scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));
scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      // A page's request starts while the worker wakes up, rather than after.
      await scope.registration.navigationPreload?.enable();
      await scope.clients.claim();
    })(),
  );
});

/** A copy a cache can hand to a navigation (a redirected response cannot answer one). */
async function storable(response: Response): Promise<Response> {
  if (!response.redirected) return response;
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function put(cache: Cache, url: string, response: Response): Promise<void> {
  await cache.put(url, await storable(response));
}

function withPatience(request: Promise<Response>, ms: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the network is too slow')), ms);
    request.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

async function fromCache(request: Request, url: URL): Promise<Response | undefined> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  // /decks/<slug> redirects to /decks/<slug>/ (a folder deck, whose images are relative to it):
  // the kept page is under the latter, and the reader is sent there as the server would.
  if (request.mode === 'navigate' && url.pathname.startsWith('/decks/') && !url.pathname.endsWith('/')) {
    const folder = `${url.origin}${url.pathname}/${url.search}`;
    if (await cache.match(folder, { ignoreVary: true })) return Response.redirect(folder, 302);
  }
  return undefined;
}

/** Keeps a fresh response, unless the kept copy has the same ETag (the same bytes: no write). */
async function refresh(url: string, response: Response): Promise<void> {
  const cache = await caches.open(CACHE);
  const etag = response.headers.get('etag');
  if (etag && (await cache.match(url, { ignoreVary: true }))?.headers.get('etag') === etag) return;
  await put(cache, url, response);
}

async function networkFirst(event: FetchEvent, url: URL): Promise<Response> {
  const request = event.request;
  const preloaded = request.mode === 'navigate' && event.preloadResponse ? event.preloadResponse.catch(() => undefined) : Promise.resolve(undefined);
  const network = preloaded.then((response) => response ?? fetch(request));
  // A fresh copy replaces the kept one, whatever the page's wait: PDFs are kept only when asked for.
  event.waitUntil(
    network
      .then(async (response) => {
        if (response.ok && response.type === 'basic' && !url.pathname.endsWith('.pdf')) await refresh(request.url, response.clone());
      })
      .catch(() => undefined),
  );
  try {
    const response = await withPatience(network.then((r) => r.clone()), NETWORK_PATIENCE_MS);
    // A session that has ended: its kept follower page still shows the deck (and says it ended).
    if (response.status === 404 && request.mode === 'navigate' && url.pathname.startsWith('/live/')) return (await fromCache(request, url)) ?? response;
    return response;
  } catch (error) {
    const kept = await fromCache(request, url);
    if (kept) return kept;
    // Nothing kept: wait for the network after all, or fail as the browser would.
    return network.catch(() => {
      throw error;
    });
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

/** The client build of each page this worker answered, by its client id (the most recent few). */
const pageBuilds = new Map<string, string>();
const PAGES_REMEMBERED = 64;

function rememberPage(event: FetchEvent, response: Response): Response {
  if (!event.resultingClientId) return response;
  pageBuilds.set(event.resultingClientId, response.headers.get(BUILD_HEADER) ?? '');
  if (pageBuilds.size > PAGES_REMEMBERED) pageBuilds.delete(pageBuilds.keys().next().value!);
  return response;
}

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin || !mayKeep(url)) return;
  // A range of a video or audio file: the browser asks the network itself.
  if (request.headers.has('range')) return;
  if (request.mode === 'navigate') return event.respondWith(networkFirst(event, url).then((response) => rememberPage(event, response)));
  event.respondWith(strategyFor(url, pageBuilds.get(event.clientId), LECTERN_BUILD) === 'cache-first' ? cacheFirst(request) : networkFirst(event, url));
});

/** Fetches `urls` into the cache, a few at a time; what fails is counted, not fatal. */
async function keepAll(cache: Cache, urls: Iterable<string>): Promise<{ files: number; failed: number }> {
  const queue = [...new Set(urls)];
  let files = 0;
  let failed = 0;
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      try {
        if (isImmutable(new URL(url)) && (await cache.match(url))) {
          files++;
          continue;
        }
        const response = await fetch(url, { cache: 'no-cache' });
        if (!response.ok || response.type !== 'basic') throw new Error(String(response.status));
        if (response.headers.get('content-type')?.startsWith('text/css')) queue.push(...fontUrls(await response.clone().text(), url));
        // Under the URL that answered: a redirected page belongs where its relative links work.
        await put(cache, response.url, response);
        files++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { files, failed };
}

async function keep(message: Extract<ToWorker, { type: 'keep' }>): Promise<FromWorker> {
  const cache = await caches.open(CACHE);
  const urls: string[] = [];
  let failed = 0;
  for (const page of [message.page, message.deck]) {
    if (!page || !mayKeep(new URL(page))) continue;
    try {
      // The page's own load, if this worker answered it a moment ago, is kept already.
      const recent = await cache.match(page);
      if (recent && Date.now() - Date.parse(recent.headers.get('date') ?? '') < RECENT_MS) {
        urls.push(...referencedUrls(await recent.text(), page));
        continue;
      }
      const response = await fetch(page, { cache: 'no-cache' });
      if (!response.ok) throw new Error(String(response.status));
      const html = await response.clone().text();
      // Under the URL the server answered at: a folder deck's page only works at /decks/<slug>/.
      await put(cache, response.url, response);
      urls.push(...referencedUrls(html, response.url));
    } catch {
      // Without the page itself there is nothing to read offline.
      if (page === message.page) return { type: 'failed', message: `${page} did not load` };
      failed++;
    }
  }
  const origin = scope.location.origin;
  for (const loaded of message.loaded) {
    try {
      const url = new URL(loaded);
      if (url.origin === origin && mayKeep(url) && !url.pathname.endsWith('.pdf')) urls.push(url.href);
    } catch {
      failed++;
    }
  }
  const result = await keepAll(cache, urls);
  return { type: 'kept', files: result.files, failed: result.failed + failed };
}

async function keepPdf(url: string): Promise<FromWorker> {
  const target = new URL(url);
  if (target.origin !== scope.location.origin || !mayKeep(target)) return { type: 'failed', message: 'not a PDF this worker keeps' };
  const response = await fetch(target.href);
  if (!response.ok) return { type: 'failed', message: `the PDF did not download (${response.status})` };
  const bytes = (await response.clone().arrayBuffer()).byteLength;
  await put(await caches.open(CACHE), target.href, response);
  return { type: 'pdf-kept', bytes };
}

function isToWorker(data: unknown): data is ToWorker {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<Record<string, unknown>>;
  if (message.type === 'keep') return typeof message.page === 'string' && Array.isArray(message.loaded) && message.loaded.every((u) => typeof u === 'string');
  return message.type === 'keep-pdf' && typeof message.url === 'string';
}

scope.addEventListener('message', (event) => {
  const reply = event.ports[0];
  const data = event.data;
  if (!isToWorker(data)) return;
  const work = (data.type === 'keep' ? keep(data) : keepPdf(data.url)).catch((error: unknown): FromWorker => ({ type: 'failed', message: String(error) }));
  event.waitUntil(work.then((answer) => reply?.postMessage(answer)));
});
