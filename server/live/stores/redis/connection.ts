// The Redis connections of one Lectern process. Two clients with opposite manners:
// - the store's fails fast while Redis is away, so a move is refused ("store-unavailable") and
//   the presenter sees it, instead of waiting in a queue the speaker cannot see;
// - the adapter's queues while Redis is away: the streams adapter resumes reading its stream
//   where it stopped, and a client without an offline queue would make its read loop spin.
import { EventEmitter } from 'node:events';
import { createClient } from '@redis/client';
import type { Logger } from 'pino';
import { LecternError } from '../../../../shared/errors.ts';

type SocketOptions = { connectTimeout: number; reconnectStrategy: (retries: number, cause: Error) => number | Error };

function newClient(url: string, socket: SocketOptions, failFast: boolean) {
  return createClient({ url, socket, disableOfflineQueue: failFast });
}

export type RedisClient = ReturnType<typeof newClient>;

/** REDIS_URL is set but Redis cannot be reached at start: one line for main.ts to print, then exit 1. */
function redisUnavailable(message: string, cause?: unknown): LecternError {
  return new LecternError('redis-unavailable', message, { cause });
}

/** The URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export interface RedisConnectionOptions {
  /** How long start-up keeps trying before it gives up (Redis may be starting beside us). */
  connectTimeoutMs?: number;
  /** Longest pause between reconnection attempts once running. */
  maxReconnectDelayMs?: number;
  /** Where a lost connection (and its return) is reported once running. */
  logger?: Logger;
}

/**
 * Reports a client's outage once: the client repeats its error on every reconnection attempt,
 * which would be a log line a second for as long as Redis is away. Errors before `running()` are
 * start-up's, which fails with them instead.
 */
function logOutages(client: RedisClient, role: string, logger: Logger | undefined, running: () => boolean): void {
  let down = false;
  client.on('error', (err: unknown) => {
    if (down || !running()) return;
    down = true;
    logger?.warn({ err, client: role }, 'lost the connection to Redis; reconnecting');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ client: role }, 'reconnected to Redis');
  });
}

/**
 * Reports whether the store can reach Redis: "down" on a dropped connection or a command that
 * timed out (a paused Redis keeps the socket open), "up" again once the client is ready.
 */
export class RedisConnection extends EventEmitter<{ status: [available: boolean] }> {
  private availableNow = true;

  private constructor(
    readonly store: RedisClient,
    readonly adapter: RedisClient,
  ) {
    super();
  }

  get available(): boolean {
    return this.availableNow;
  }

  /** Called by the store when a command fails for want of Redis. */
  markDown(): void {
    this.setAvailable(false);
  }

  /** Called by the store when a command succeeds. */
  markUp(): void {
    if (this.store.isReady) this.setAvailable(true);
  }

  private setAvailable(available: boolean): void {
    if (available === this.availableNow) return;
    this.availableNow = available;
    this.emit('status', available);
  }

  static async connect(url: string, options: RedisConnectionOptions = {}): Promise<RedisConnection> {
    const shown = redactRedisUrl(url);
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error('not redis:// or rediss://');
    } catch (err) {
      throw redisUnavailable(`REDIS_URL=${shown} is not a Redis URL (${(err as Error).message}): use redis://host:6379`, err);
    }
    const giveUpAt = Date.now() + (options.connectTimeoutMs ?? 3000);
    const maxDelay = options.maxReconnectDelayMs ?? 1000;
    let started = false;
    const socket = {
      connectTimeout: 2000,
      // Before the first connection: retry briefly, then fail start-up. After it: forever.
      reconnectStrategy: (retries: number, cause: Error) =>
        !started && Date.now() >= giveUpAt ? cause : Math.min(50 * 2 ** retries, started ? maxDelay : 250),
    };
    const store = newClient(url, socket, true);
    const adapter = newClient(url, socket, false);
    const connection = new RedisConnection(store, adapter);
    // Errors surface as the status, as failed commands and as one log line per outage; a client
    // without an 'error' listener would throw them.
    store.on('error', () => connection.setAvailable(false));
    store.on('end', () => connection.setAvailable(false));
    store.on('ready', () => connection.setAvailable(true));
    logOutages(store, 'store', options.logger, () => started);
    logOutages(adapter, 'adapter', options.logger, () => started);
    try {
      await Promise.all([store.connect(), adapter.connect()]);
    } catch (err) {
      await Promise.allSettled([store.isOpen && store.destroy(), adapter.isOpen && adapter.destroy()]);
      throw redisUnavailable(`cannot reach Redis at REDIS_URL=${shown}: ${(err as Error).message || String(err)}`, err);
    }
    started = true;
    connection.availableNow = true;
    return connection;
  }

  async close(): Promise<void> {
    this.removeAllListeners();
    await Promise.allSettled([this.store.isOpen && this.store.close(), this.adapter.isOpen && this.adapter.close()]);
  }
}
