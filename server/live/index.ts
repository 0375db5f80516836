// Live sessions as one feature module: `app.use(await attachLive(context))` in app.ts.
import path from 'node:path';
import type express from 'express';
import type { AppContext } from '../app.ts';
import { FileSessionStore } from './file-store.ts';
import { LiveHub, type HubOptions } from './hub.ts';
import { liveRouter } from './routes.ts';
import { attachRedis } from './redis/index.ts';
import type { SessionStore } from './store.ts';

export interface LiveOptions extends HubOptions {
  /** Defaults to the file store in DATA_DIR/sessions. */
  store?: SessionStore;
}

export async function attachLive(context: AppContext, options: LiveOptions = {}): Promise<express.Router> {
  // REDIS_URL: sessions and broadcasts shared with every other process on the same Redis (issue #5).
  const redis = !options.store && context.config.redisUrl ? await attachRedis(context, context.config.redisUrl) : undefined;
  const store = options.store ?? redis?.store ?? new FileSessionStore(path.join(context.config.dataDir, 'sessions'), { logger: context.logger });
  await store.open();
  const hub = new LiveHub(context.io, store, context.decks, context.logger, { presence: redis?.presence, ...options });
  hub.attach();
  context.onClose(() => hub.close());
  return liveRouter(context, hub);
}
