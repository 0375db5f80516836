// Scale-out on Redis, switched on by REDIS_URL: socket.io's Redis Streams adapter
// carries broadcasts between processes, RedisSessionStore holds the sessions, RedisPresence
// sums follower counts. Why the streams adapter rather than @socket.io/redis-adapter (pub/sub):
// - Redis restarted mid-talk: pub/sub drops whatever is published while a subscriber is
//   disconnected; a stream is read from the last offset seen, so every process catches up.
// - connection state recovery (app.ts turns it on): the pub/sub adapter does not support it;
//   the streams adapter keeps the recovery data in Redis, so a phone that drops for a moment
//   gets its missed broadcasts back, even from another process.
import type { AppContext } from '../../../context.ts';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RedisConnection } from './connection.ts';
import { RedisPresence } from './presence.ts';
import { RedisSessionStore, type RedisStoreOptions } from './store.ts';

export interface ScaleOut {
  store: RedisSessionStore;
  presence: RedisPresence;
}

export async function attachRedis(context: AppContext, url: string, options: Pick<RedisStoreOptions, 'clock'> = {}, prefix = 'lectern:'): Promise<ScaleOut> {
  const connection = await RedisConnection.connect(url, { logger: context.logger });
  context.io.adapter(
    createAdapter(connection.adapter, {
      streamName: `${prefix}socket.io`,
      channelPrefix: `${prefix}socket.io`,
      sessionKeyPrefix: `${prefix}sio:session:`,
      // An idle process re-polls this often; new entries wake it at once. Short, so a closing
      // server is not held open by a blocked read.
      blockTimeInMs: 1000,
    }),
  );
  const store = new RedisSessionStore(connection, { prefix, ...options });
  const presence = new RedisPresence(store);
  context.onClose(() => connection.close());
  return { store, presence };
}
