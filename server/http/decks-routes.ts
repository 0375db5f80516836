// The deck routes: the JSON API, the index and deck pages, and files beside folder decks.
import express, { type Request, type Response } from 'express';
import { LecternError } from '../../shared/errors.ts';
import type { AppContext } from '../context.ts';
import { publicSlides, slideNotes } from '../render/reveal.ts';
import { mayReadNotes } from './auth.ts';
import type { DeckStore } from '../decks/store.ts';
import type { LoadedDeck } from '../decks/load.ts';
import { resolveDeckAsset } from '../decks/assets.ts';
import { deckPage, indexPage } from './pages.ts';
import { clientDir, DECK_STYLESHEET } from './assets.ts';
import { sendError, type ErrorFormat } from './errors.ts';
import { DECK_FILE_CSP } from './security.ts';
import expressStaticGzip from 'express-static-gzip';

export { clientDir };

/** A deck that could not be loaded (DeckStore.load), answered in `format`; anything else is rethrown. */
export function sendDeckError(res: Response, err: unknown, format: ErrorFormat): void {
  if (!(err instanceof LecternError)) throw err;
  sendError(res, err, format, err.code === 'not-found' ? { heading: 'Deck not found' } : {});
}

/** dist/client/chunks/* and dist/client/files/*: named by their content hash (scripts/build-client.ts). */
const HASHED_ASSET = /[\\/](chunks|files|styles)[\\/](?:[^\\/]+[\\/])*[^\\/]+-[A-Z0-9]{8}\.\w+(\.(br|gz))?$/;

export function decksRouter({ decks, config }: AppContext): express.Router {
  const router = express.Router();

  // The build's .br/.gz twins to browsers that accept them (scripts/build-client.ts), else the file.
  // Chunks and fonts have content hashes in their names: cached for good. Page bundles (deck.js,
  // follow.css, ...) keep their names across builds, so browsers check them on every load (a
  // 304 while unchanged): a bundle cached from before a redeploy would ask for chunks that no
  // longer exist.
  router.use(
    '/assets',
    expressStaticGzip(clientDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      serveStatic: {
        index: false,
        dotfiles: 'deny',
        fallthrough: true,
        setHeaders: (res, file) => {
          res.setHeader('Cache-Control', HASHED_ASSET.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
        },
      },
    }),
  );

  router.get('/api/decks', async (_req, res) => {
    res.json(await decks.list());
  });

  router.get('/api/decks/:slug', async (req, res) => {
    try {
      const { slug, deck } = await decks.load(req.params.slug);
      res.json({ slug, meta: deck.meta, warnings: deck.warnings, slides: publicSlides(deck).map(({ h, v, title, html, poll }) => ({ h, v, title, html, ...(poll && { poll }) })) });
    } catch (err) {
      sendDeckError(res, err, 'json');
    }
  });

  // The deck page's local speaker view (S) asks for the notes here: they are never in a public
  // page, so only the machine Lectern runs on, or the admin token, gets them.
  router.get('/api/decks/:slug/notes', async (req, res) => {
    res.set('Cache-Control', 'private, no-store');
    if (!mayReadNotes(req, config)) {
      return sendError(res, new LecternError('forbidden', 'speaker notes are private: they are for the machine running Lectern, or the admin token'), 'json');
    }
    try {
      res.json({ notes: slideNotes((await decks.load(req.params.slug)).deck) });
    } catch (err) {
      sendDeckError(res, err, 'json');
    }
  });

  router.get('/', async (_req, res) => {
    res.type('html').send(indexPage(await decks.list()));
  });

  router.get('/decks/:slug', async (req, res, next) => {
    const { slug } = req.params;
    if (slug.endsWith('.pdf')) return next();
    let loaded: LoadedDeck;
    try {
      loaded = await decks.load(slug);
    } catch (err) {
      return sendDeckError(res, err, 'html');
    }
    // A folder deck's relative image paths resolve against its URL: serve it at "/decks/<slug>/".
    if (loaded.assetDir && !req.path.endsWith('/')) {
      return res.redirect(302, `/decks/${encodeURIComponent(slug)}/${req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : ''}`);
    }
    res.type('html').send(deckPage(loaded, { watch: config.watch }));
  });

  router.get('/decks/:slug/*asset', async (req: Request<{ slug: string; asset: string[] }>, res, next) => {
    const { slug, asset } = req.params;
    if (asset.length === 1 && asset[0] === DECK_STYLESHEET) {
      const loaded = await loadedOrUndefined(decks, slug);
      return loaded ? sendStylesheet(req, res, loaded) : next();
    }
    const file = await resolveAsset(decks, slug, asset);
    if (!file) return next();
    res.sendFile(file, {
      dotfiles: 'deny',
      headers: { 'Content-Security-Policy': DECK_FILE_CSP },
    });
  });

  return router;
}

/** The deck, or undefined when it is not one or does not load (its error is its page's). */
async function loadedOrUndefined(decks: DeckStore, slug: string): Promise<LoadedDeck | undefined> {
  try {
    return await decks.load(slug);
  } catch (err) {
    if (err instanceof LecternError) return undefined;
    throw err;
  }
}

/**
 * The file for /decks/<slug>/<...asset>: inside the deck's folder and of a served type; for a
 * deck file that shares its folder with other files, only one the deck loads (DeckStore.assetDirOf).
 */
async function resolveAsset(decks: DeckStore, slug: string, segments: string[]): Promise<string | undefined> {
  const where = await decks.assetDirOf(slug);
  if (where === undefined) return undefined;
  if (where.servedOnly && !(await loadedOrUndefined(decks, slug))?.served?.has(segments.join('/'))) return undefined;
  return resolveDeckAsset(where.dir, segments, where.types);
}

/** The deck's own stylesheet, sanitized and scoped; cached for good under its hash (assets.ts deckStyles). */
function sendStylesheet(req: Request, res: Response, loaded: LoadedDeck): void {
  if (!loaded.stylesheet) {
    res.status(404).type('text/css').send('/* this deck has no stylesheet */\n');
    return;
  }
  const current = req.query.v === loaded.stylesheet.hash;
  res.setHeader('Cache-Control', current ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.type('text/css').send(loaded.stylesheet.css);
}
