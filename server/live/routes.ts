// HTTP side of live sessions: create and describe sessions, the presenter view and the
// follower page. Every failure of the sessions API answers the JSON error body (http/errors.ts).
// Session ids are checked against their pattern before any lookup, so path-like ids are plain
// 404s. What anyone who reaches the port can do over and over is paced per address
// (address.ts): creating sessions (without the admin token), wrong admin tokens, and lookups of
// ids that do not exist (the hub's misses, shared with socket joins).
import express, { type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { LecternError, type ErrorCode } from '../../shared/errors.ts';
import { createSessionSchema, normalizeSessionId, type CreatedSession } from '../../shared/protocol.ts';
import type { AppContext } from '../context.ts';
import { bearerMatches } from '../http/auth.ts';
import { sendDeckError } from '../http/decks-routes.ts';
import { asHttpError, sendError } from '../http/errors.ts';
import type { LiveHub } from './hub.ts';
import { KeyedLimiter, type BucketOptions } from './rate-limit.ts';
import { addressKey } from './address.ts';
import { followerPage, joinPage, presenterPage } from './pages.ts';
import { followPath, presenterPath, requestOrigin, shareableOrigin } from './urls.ts';

const isStoreUnavailable = (err: unknown) => err instanceof LecternError && err.code === 'store-unavailable';

/** Sessions created without the admin token, per address: a burst, then one every 2 s. */
export const CREATIONS_PER_ADDRESS: BucketOptions = { capacity: 30, perSecond: 0.5 };
/**
 * Wrong admin tokens per address: 5, then one every 10 s. Past that the address is answered 429
 * without the token being checked, or the limit would not slow a guesser at all; a right token
 * never counts, and other addresses are not affected.
 */
export const ADMIN_FAILURES_PER_ADDRESS: BucketOptions = { capacity: 5, perSecond: 0.1 };

function jsonError(res: Response, code: ErrorCode, message: string): void {
  sendError(res, new LecternError(code, message), 'json');
}

/** What a refused creation tells the client, by the hub's code. */
const REFUSALS: Partial<Record<ErrorCode, string>> = {
  'too-many-from-address': 'this address already has as many live sessions as it may; sessions no presenter joins end after a few minutes',
  'too-many-sessions': 'the server holds too many live sessions; try again later',
  'no-free-id': 'the server holds too many live sessions; try again later',
};

const STORE_UNAVAILABLE = 'the session store (the disk, or Redis) cannot take it right now; try again shortly';
const BAD_BODY = 'send {"deck": "<slug>"} as application/json';

function retryAfter(res: Response, waitMs: number): void {
  res.set('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
}

export function liveRouter({ decks, config, logger }: AppContext, hub: LiveHub): express.Router {
  const router = express.Router();
  // Anyone may create a session, so creation is paced per address to protect DATA_DIR.
  const creations = new KeyedLimiter(CREATIONS_PER_ADDRESS, { clock: hub.clock });
  const adminFailures = new KeyedLimiter(ADMIN_FAILURES_PER_ADDRESS, { clock: hub.clock });

  /** Bearer check, constant time; 'throttled' when this address has failed too often. */
  const authorize = (req: Request, token: string, address: string): true | 'missing' | 'wrong' | 'throttled' => {
    const header = req.get('authorization');
    if (header === undefined) return 'missing';
    if (adminFailures.waitMs(address) > 0) return 'throttled';
    if (bearerMatches(header, token)) return true;
    adminFailures.take(address);
    return 'wrong';
  };

  /** The address may look ids up (else answered 429); it counts a miss through `miss`. */
  const lookupAllowed = (req: Request, res: Response, kind: 'json' | 'html'): boolean => {
    const waitMs = hub.misses.waitMs(addressKey(req.ip));
    if (waitMs === 0) return true;
    retryAfter(res, waitMs);
    const message = 'too many session codes that do not exist were tried from this network; try again shortly';
    const detail = `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
    sendError(res, new LecternError('rate-limited', message), kind, { heading: 'Too many unknown session codes', detail });
    return false;
  };
  const miss = (req: Request) => hub.misses.take(addressKey(req.ip));

  router.post('/api/sessions', express.json({ limit: '2kb', strict: true }), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const address = addressKey(req.ip);
    if (config.adminToken) {
      const auth = authorize(req, config.adminToken, address);
      if (auth === 'throttled') {
        retryAfter(res, adminFailures.waitMs(address));
        return jsonError(res, 'rate-limited', 'too many wrong admin tokens from this address; try again later');
      }
      if (auth !== true) {
        res.set('WWW-Authenticate', 'Bearer realm="lectern"');
        return jsonError(res, 'unauthorized', 'creating sessions needs Authorization: Bearer <LECTERN_ADMIN_TOKEN>');
      }
    } else if (!creations.take(address)) {
      retryAfter(res, creations.waitMs(address));
      return jsonError(res, 'rate-limited', 'too many sessions created from this address; try again shortly');
    }
    const parsed = createSessionSchema.safeParse(req.body);
    if (!parsed.success) return jsonError(res, 'bad-request', BAD_BODY);
    try {
      await decks.load(parsed.data.deck);
    } catch (err) {
      return sendDeckError(res, err, 'json');
    }
    let created: { id: string; key: string };
    try {
      // The operator's sessions (with the token) wait for nobody and count against no address.
      created = await hub.create(parsed.data.deck, config.adminToken ? {} : { creator: address });
    } catch (err) {
      const code = err instanceof LecternError ? err.code : undefined;
      const refusal = code && REFUSALS[code];
      if (!code || !refusal) throw err;
      if (code === 'too-many-from-address') res.set('Retry-After', '60');
      return jsonError(res, code, refusal);
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

  router.use(hub.exportRouter());

  router.get('/api/sessions/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!lookupAllowed(req, res, 'json')) return;
    const id = normalizeSessionId(req.params.id);
    const session = id && (await hub.describe(id));
    if (!session) {
      miss(req);
      return jsonError(res, 'not-found', 'no such session');
    }
    res.json(session);
  });

  // Every failure on the API answers JSON: a store out of reach, bad JSON or an oversized body
  // (said in the API's own words), and anything unexpected (logged).
  router.use('/api/sessions', (err: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    const { error, unexpected, fromExpress } = asHttpError(err);
    if (unexpected) logger.error({ err, url: req.originalUrl }, 'session request failed');
    if (error.code === 'store-unavailable') {
      res.set('Retry-After', '2');
      return jsonError(res, error.code, STORE_UNAVAILABLE);
    }
    sendError(res, fromExpress ? new LecternError(error.code, BAD_BODY) : error, 'json');
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
    if (!lookupAllowed(req, res, 'html')) return;
    let session;
    try {
      session = id && (await hub.describe(id));
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      res.set('Retry-After', '2');
      const detail = 'The server is reconnecting to its session store. Reload in a moment.';
      return sendError(res, new LecternError('store-unavailable', STORE_UNAVAILABLE), 'html', { heading: 'Live sessions are reconnecting', detail });
    }
    if (!session) {
      miss(req);
      const detail = 'Check the code: sessions end after a day without the speaker.';
      return sendError(res, new LecternError('not-found', 'no such live session'), 'html', { heading: 'No such live session', detail });
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
