// Live sessions as one feature module: `app.use(await attachLive(context))` in app.ts.
import path from 'node:path';
import type express from 'express';
import type { AppContext } from '../context.ts';
import { DataDirError, FileSessionStore } from './file-store.ts';
import { LiveHub, type HubOptions } from './hub.ts';
import { liveRouter } from './routes.ts';
import { liveOffRouter } from './off.ts';
import { attachRedis } from './redis/index.ts';
import type { SessionStore } from './store.ts';

export interface LiveOptions extends HubOptions {
  /** Defaults to the file store in DATA_DIR/sessions. */
  store?: SessionStore;
  /** The file store's pause before retrying a failed write (tests shorten it). */
  retryMs?: number;
}

export async function attachLive(context: AppContext, options: LiveOptions = {}): Promise<express.Router> {
  // REDIS_URL: sessions and broadcasts shared with every other process on the same Redis (issue #5).
  const redis = !options.store && context.config.redisUrl ? await attachRedis(context, context.config.redisUrl, { clock: options.clock }) : undefined;
  const store =
    options.store ??
    redis?.store ??
    new FileSessionStore(path.join(context.config.dataDir, 'sessions'), { logger: context.logger, clock: options.clock, retryMs: options.retryMs });
  try {
    await store.open();
  } catch (err) {
    if (!(err instanceof DataDirError)) throw err;
    // The decks do not need DATA_DIR: serve them, and say once, plainly, what is off and why.
    context.notice(`live sessions are off: DATA_DIR ${context.config.dataDir} is not writable (${err.code}); decks are still served`);
    return liveOffRouter(context);
  }
  const hub = new LiveHub(context.io, store, context.decks, context.logger, { presence: redis?.presence, ...options });
  hub.attach();
  context.onClose(() => hub.close());
  return liveRouter(context, hub);
}
