// Live sessions as one feature module: `app.use((await attachLive(context)).router)` in app.ts.
import path from 'node:path';
import type express from 'express';
import type { AppContext } from '../context.ts';
import { LecternError } from '../../shared/errors.ts';
import { FileSessionStore } from './stores/file-store.ts';
import { errnoCode } from '../fs/atomic.ts';
import type { SessionStore } from './stores/store.ts';
import type { HubOptions } from './deps.ts';
import { LiveHub } from './hub.ts';
import type { AudienceStore } from './audience/store.ts';
import { FileAudienceStore } from './audience/file-store.ts';
import { RedisAudienceStore } from './audience/redis-store.ts';
import { liveRouter } from './routes.ts';
import { liveOffRouter } from './off.ts';

export interface LiveOptions extends HubOptions {
  /** Defaults to the file store in DATA_DIR/sessions. */
  store?: SessionStore;
  /** Defaults to the store kind the sessions use: Redis with REDIS_URL, else DATA_DIR/sessions. */
  audience?: AudienceStore;
  /** The file store's pause before retrying a failed write (tests shorten it). */
  retryMs?: number;
}

/** Starts sessions for whoever runs the server (`lectern present`): as the admin token would, waiting for nobody. */
export interface OperatorSessions {
  create(deck: string): Promise<{ id: string; key: string }>;
}

export interface AttachedLive {
  router: express.Router;
  /** Absent when live sessions are off (DATA_DIR not writable). */
  sessions?: OperatorSessions;
}

export async function attachLive(context: AppContext, options: LiveOptions = {}): Promise<AttachedLive> {
  // REDIS_URL: sessions and broadcasts shared with every other process on the same Redis.
  // Loaded only with REDIS_URL: the Redis client and adapter are a sixth of a cold start.
  const redis =
    !options.store && context.config.redisUrl
      ? await (await import('./stores/redis/index.ts')).attachRedis(context, context.config.redisUrl, { clock: options.clock })
      : undefined;
  const store =
    options.store ??
    redis?.store ??
    new FileSessionStore(path.join(context.config.dataDir, 'sessions'), { logger: context.logger, clock: options.clock, retryMs: options.retryMs });
  try {
    await store.open();
  } catch (err) {
    if (!(err instanceof LecternError && err.code === 'live-off')) throw err;
    // The decks do not need DATA_DIR: serve them, and say once, plainly, what is off and why.
    context.notice(`live sessions are off: DATA_DIR ${context.config.dataDir} is not writable (${errnoCode(err.cause)}); decks are still served`);
    return { router: liveOffRouter(context) };
  }
  const audience =
    options.audience ??
    (redis ? new RedisAudienceStore(redis.store) : new FileAudienceStore(path.join(context.config.dataDir, 'sessions'), { logger: context.logger }));
  await audience.open();
  const hub = new LiveHub({ io: context.io, store, audience, decks: context.decks, logger: context.logger }, { presence: redis?.presence, ...options });
  hub.attach();
  context.onClose(() => hub.close());
  return { router: liveRouter(context, hub), sessions: { create: (deck) => hub.create(deck) } };
}
