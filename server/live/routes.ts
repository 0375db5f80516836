// HTTP side of live sessions (issue #3): create and describe sessions, the presenter view and
// the follower page. Session ids are checked against their pattern before any lookup, so
// path-like ids are plain 404s.
import express, { type Request, type Response } from 'express';
import QRCode from 'qrcode';
import type { AppContext } from '../app.ts';
import { DeckError } from '../deck/model.ts';
import { sendDeckError } from '../http/decks-routes.ts';
import { errorPage } from '../http/pages.ts';
import { normalizeSessionId, secretMatches, hashSecret } from './ids.ts';
import { HubError, type LiveHub } from './hub.ts';
import { KeyedLimiter } from './rate-limit.ts';
import { createSessionSchema } from './schemas.ts';
import { followerPage, joinPage, presenterPage } from './pages.ts';
import { StoreUnavailableError } from './store.ts';
import { followPath, presenterPath, requestOrigin, shareableOrigin } from './urls.ts';

export interface CreatedSession {
  id: string;
  presenterKey: string;
  presenterUrl: string;
  followUrl: string;
}

function jsonError(res: Response, status: number, error: string, message: string): void {
  res.status(status).json({ error, message });
}

/** Bearer check, constant time; a server without LECTERN_ADMIN_TOKEN lets anyone create sessions. */
function authorized(req: Request, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return Boolean(match && secretMatches(match[1], hashSecret(token)));
}

export function liveRouter({ decks, config }: AppContext, hub: LiveHub): express.Router {
  const router = express.Router();
  // Anonymous creation is allowed (issue #3), so it is paced per address to protect DATA_DIR.
  const creations = new KeyedLimiter({ capacity: 30, perSecond: 0.5 });

  router.post('/api/sessions', express.json({ limit: '2kb', strict: true }), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!authorized(req, config.adminToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="lectern"');
      return jsonError(res, 401, 'unauthorized', 'creating sessions needs Authorization: Bearer <LECTERN_ADMIN_TOKEN>');
    }
    if (!config.adminToken && !creations.take(req.ip ?? 'unknown')) {
      res.set('Retry-After', '2');
      return jsonError(res, 429, 'rate-limited', 'too many sessions created from this address; try again shortly');
    }
    const parsed = createSessionSchema.safeParse(req.body);
    if (!parsed.success) return jsonError(res, 400, 'bad-request', 'send {"deck": "<slug>"} as application/json');
    try {
      await decks.load(parsed.data.deck);
    } catch (err) {
      if (err instanceof DeckError) return sendDeckError(res, err, 'json');
      throw err;
    }
    let created: { id: string; key: string };
    try {
      created = await hub.create(parsed.data.deck);
    } catch (err) {
      if (err instanceof HubError) return jsonError(res, 503, err.code, 'the server holds too many live sessions; try again later');
      throw err;
    }
    const origin = requestOrigin(req);
    const body: CreatedSession = {
      id: created.id,
      presenterKey: created.key,
      // The key rides in the fragment: browsers send it neither to the server nor in Referer.
      presenterUrl: `${origin}${presenterPath(created.id)}#key=${created.key}`,
      followUrl: `${origin}${followPath(created.id)}`,
    };
    res.status(201).location(followPath(created.id)).json(body);
  });

  router.get('/api/sessions/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const id = normalizeSessionId(req.params.id);
    const session = id && (await hub.describe(id));
    if (!session) return jsonError(res, 404, 'not-found', 'no such session');
    res.json(session);
  });

  // Bad JSON or an oversized body on the API answers JSON, not the HTML error page.
  router.use('/api/sessions', (err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: express.NextFunction) => {
    if (err instanceof StoreUnavailableError) {
      res.set('Retry-After', '2');
      return jsonError(res, 503, 'store-unavailable', 'the session store (Redis) is reconnecting; try again shortly');
    }
    if (!err.status || err.status >= 500) return next(err);
    jsonError(res, err.status, err.status === 413 ? 'too-large' : 'bad-request', 'send {"deck": "<slug>"} as application/json');
  });

  router.get('/live', (req, res) => {
    const raw = req.query.session;
    if (raw === undefined) return res.type('html').send(joinPage());
    const id = normalizeSessionId(typeof raw === 'string' ? raw.trim() : undefined);
    if (!id) return res.status(400).type('html').send(joinPage('That is not a session code: it has six letters and digits.'));
    res.redirect(303, followPath(id));
  });

  const page = (kind: 'follow' | 'present') => async (req: Request<{ id: string }>, res: Response) => {
    const id = normalizeSessionId(req.params.id);
    if (id && id !== req.params.id) return res.redirect(301, kind === 'follow' ? followPath(id) : presenterPath(id));
    let session;
    try {
      session = id && (await hub.describe(id));
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      res.set('Retry-After', '2');
      return res.status(503).type('html').send(errorPage(503, 'Live sessions are reconnecting', 'The server is reconnecting to its session store. Reload in a moment.'));
    }
    if (!session) {
      return res.status(404).type('html').send(errorPage(404, 'No such live session', 'Check the code: sessions end after a day without the speaker.'));
    }
    let loaded;
    try {
      loaded = await decks.load(session.deck);
    } catch (err) {
      return sendDeckError(res, err, 'html');
    }
    res.set('Cache-Control', 'no-store');
    if (kind === 'follow') return res.type('html').send(followerPage(loaded, session.id, session.state));
    const followUrl = `${shareableOrigin(req, config)}${followPath(session.id)}`;
    const qr = await QRCode.toString(followUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#14213d', light: '#ffffff' } });
    res.type('html').send(presenterPage(loaded, session.id, followUrl, qr));
  };
  router.get('/live/:id', page('follow'));
  router.get('/present/:id', page('present'));

  return router;
}
