// GET /decks/<slug>.pdf (?notes=1, ?handout=2|3|6, ?fragments=1): the "Download PDF" buttons.
// One exporter (one browser) per server, at most two exports at once, finished PDFs cached by
// deck content and options. Handouts carry speaker notes, so they are only for the machine the
// server runs on, or for whoever holds the admin token.
import express, { type Response } from 'express';
import { LecternError, type ErrorCode } from '../../shared/errors.ts';
import type { AppContext } from '../context.ts';
import type { LoadedDeck } from '../decks/load.ts';
import { mayReadNotes } from '../http/auth.ts';
import { sendDeckError } from '../http/decks-routes.ts';
import { preferredFormat, sendError } from '../http/errors.ts';
import { PdfExporter } from './exporter.ts';
import { describeBlocked } from './guard.ts';
import { describeMissingGlyphs, missingGlyphsHeader } from './fonts.ts';
import { PdfCache, type CachedPdf } from './cache.ts';
import { Limiter } from './limiter.ts';
import { optionsKey, type ExportOptions } from './options.ts';

export interface PdfRouteOptions {
  exporter?: PdfExporter;
  /** Exports running at once (each is a browser tab). */
  concurrency?: number;
  /** Cache size in bytes; 0 turns the cache off. */
  cacheBytes?: number;
}

/** Bumped when the PDF layout changes, so browsers drop PDFs cached under an old ETag. */
const LAYOUT_VERSION = 1;

/** Failures that are the deck's (its author fixes them), answered as on the deck page. */
const DECK_CODES: ReadonlySet<ErrorCode> = new Set(['not-found', 'front-matter', 'too-large', 'too-complex', 'unreadable', 'empty']);

function sendPdf(res: Response, slug: string, entry: CachedPdf, options: ExportOptions, cache: 'hit' | 'miss'): void {
  const name = `${slug}${options.notes ? '-notes' : options.handout ? `-handout-${options.handout}up` : ''}.pdf`;
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Content-Length': String(entry.pdf.byteLength),
    ETag: entry.etag,
    // Revalidate every time (cheap: 304 by ETag); notes never sit in a shared cache.
    'Cache-Control': options.notes ? 'private, no-cache' : 'no-cache',
    'X-Lectern-Cache': cache,
    'X-Lectern-Pages': String(entry.pages),
  });
  if (entry.missingGlyphs) res.set('X-Lectern-Missing-Glyphs', entry.missingGlyphs);
  res.end(Buffer.from(entry.pdf.buffer, entry.pdf.byteOffset, entry.pdf.byteLength));
}

export function pdfRouter(context: AppContext, options: PdfRouteOptions = {}): express.Router {
  const { decks, config, logger } = context;
  const exporter =
    options.exporter ??
    new PdfExporter({
      egress: { allowHttp: config.exportAllowHttp },
      onNotice: (message) => logger.warn(`PDF export: ${message}`),
      onError: (err, urlPath) => logger.error({ err, path: urlPath }, 'PDF print server failed a request'),
    });
  const limiter = new Limiter(options.concurrency ?? 2);
  const cache = new PdfCache(options.cacheBytes ?? 64 * 1024 * 1024);
  const inFlight = new Map<string, Promise<CachedPdf>>();
  context.onClose(() => exporter.close());

  const render = (loaded: LoadedDeck, exportOptions: ExportOptions, etag: string): Promise<CachedPdf> => {
    const family = `${loaded.slug}|${optionsKey(exportOptions)}`;
    const key = PdfCache.key(family, loaded.hash);
    const cached = options.cacheBytes === 0 ? undefined : cache.get(key);
    if (cached) return Promise.resolve(cached);
    // Twelve people pressing "Download PDF" at once share one export.
    let pending = inFlight.get(key);
    if (!pending) {
      pending = limiter
        .run(() => exporter.export(loaded, exportOptions))
        .then(({ pdf, pages, blocked, missingGlyphs }) => {
          if (blocked.length > 0) logger.warn({ slug: loaded.slug, blocked: describeBlocked(blocked) }, "PDF export: some of the deck's external files were not loaded");
          const glyphs = describeMissingGlyphs(missingGlyphs);
          if (glyphs) logger.warn({ slug: loaded.slug }, `PDF export: ${glyphs}`);
          const entry: CachedPdf = { pdf, pages, etag, missingGlyphs: missingGlyphsHeader(missingGlyphs) };
          if (options.cacheBytes !== 0) cache.set(family, loaded.hash, entry);
          return entry;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };

  const router = express.Router();
  router.get('/decks/:file', async (req, res, next) => {
    const { file } = req.params;
    if (!file.endsWith('.pdf')) return next();
    const slug = file.slice(0, -'.pdf'.length);
    const perSheet = Number(req.query.handout);
    const exportOptions: ExportOptions = { notes: req.query.notes === '1', fragments: req.query.fragments === '1', handout: perSheet === 2 || perSheet === 3 || perSheet === 6 ? perSheet : undefined, paper: req.query.paper === 'letter' ? 'letter' : undefined };
    const format = preferredFormat(req);
    if (exportOptions.notes && !mayReadNotes(req, config)) {
      res.set('Cache-Control', 'no-store');
      const detail = 'Handouts with notes can be downloaded on the machine running Lectern, or with the admin token.';
      return sendError(res, new LecternError('forbidden', 'speaker notes are private: handouts with notes are for the machine running Lectern, or the admin token'), format, { heading: 'Speaker notes are private', detail });
    }
    let loaded: LoadedDeck;
    try {
      loaded = await decks.load(slug);
    } catch (err) {
      return sendDeckError(res, err, format);
    }
    const etag = `"${loaded.hash.slice(0, 24)}-${optionsKey(exportOptions)}-v${LAYOUT_VERSION}"`;
    if (req.get('if-none-match') === etag) {
      res.set('ETag', etag);
      return res.status(304).end();
    }
    const hit = options.cacheBytes === 0 ? undefined : cache.get(PdfCache.key(`${loaded.slug}|${optionsKey(exportOptions)}`, loaded.hash));
    try {
      const entry = hit ?? (await render(loaded, exportOptions, etag));
      sendPdf(res, loaded.slug, entry, exportOptions, hit ? 'hit' : 'miss');
    } catch (err) {
      sendExportError(res, err, format, (failed) => logger.error({ err: failed, slug }, 'PDF export failed'));
    }
  });
  return router;
}

/**
 * An export that failed: the deck's own errors as on the deck page, a full queue as "busy", and
 * the rest (logged) as unavailable (no browser: 503, with why) or failed (500: the log has why).
 */
function sendExportError(res: Response, err: unknown, format: 'html' | 'json', log: (err: unknown) => void): void {
  const known = err instanceof LecternError ? err : undefined;
  if (known && DECK_CODES.has(known.code)) return sendDeckError(res, known, format);
  if (known?.code === 'busy') {
    res.set('Retry-After', '5');
    return sendError(res, known, format, { heading: 'Busy exporting', detail: 'Many PDFs are being made right now: try again in a few seconds.' });
  }
  log(err);
  const unavailable = known !== undefined && known.status === 503;
  const message = unavailable ? `PDF export is not available on this server: ${known.message}` : 'the PDF could not be made; the server log has the details';
  const answer = new LecternError(unavailable ? known.code : (known?.code ?? 'internal'), message, { cause: err });
  sendError(res, answer, format, { heading: 'PDF export failed', detail: unavailable ? message : 'The PDF could not be made; the server log has the details.' });
}
