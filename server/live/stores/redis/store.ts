// SessionStore on Redis: every Lectern process sees the same sessions, keys and
// slides. A session is one hash with Redis's own TTL (renewed by presenter activity) plus an
// entry in an index sorted by activity, so expiry can still announce "session:ended"; one still
// waiting for a presenter is also in a zset by its deadline, and each creator's sessions are in
// a zset of their own (the per-address cap). `seq` is assigned inside Redis by the MOVE
// script, never by a process.
import { ErrorReply } from '@redis/client';
import { LecternError } from '../../../../shared/errors.ts';
import type { LiveState } from '../../../../shared/positions.ts';
import {
  SESSION_TTL_MS,
  capError,
  driverJson,
  isLive,
  sessionRecordSchema,
  type Clock,
  type DriverOutcome,
  type MoveOptions,
  type MoveOutcome,
  type MoveTarget,
  type SessionCaps,
  type SessionPatch,
  type SessionRecord,
  type SessionStore,
  storeUnavailable,
} from '../store.ts';
import type { RedisClient, RedisConnection } from './connection.ts';
import { COUNT, CREATE, EXPIRE, MOVE, SET_DRIVER, UPDATE, type Script } from './scripts.ts';
import type { Driver } from '../../../../shared/driver.ts';

export interface RedisStoreOptions {
  /** Prefix of every key (several Lectern installations may share one Redis). */
  prefix?: string;
  ttlMs?: number;
  /** A command that takes longer counts as Redis being away (a paused Redis keeps its socket). */
  commandTimeoutMs?: number;
  clock?: Clock;
}

/** Replies that mean "Redis is there but cannot serve yet" (loading its AOF after a restart...). */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN)\b/;

export class RedisSessionStore implements SessionStore {
  /** Other processes write the same sessions: the hub never trusts its copy in memory. */
  readonly shared = true;
  readonly prefix: string;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly now: Clock;

  constructor(
    private readonly connection: RedisConnection,
    options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'lectern:';
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
    this.timeoutMs = options.commandTimeoutMs ?? 1500;
    this.now = options.clock ?? Date.now;
  }

  private get client(): RedisClient {
    return this.connection.store;
  }

  sessionKey(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  get indexKey(): string {
    return `${this.prefix}sessions`;
  }

  presenceKey(id: string): string {
    return `${this.prefix}presence:${id}`;
  }

  /** Sessions waiting for a presenter, by deadline. */
  get pendingKey(): string {
    return `${this.prefix}pending`;
  }

  creatorKey(creator: string | undefined): string {
    return `${this.prefix}creator:${creator ?? ''}`;
  }

  async open(): Promise<void> {
    await this.call(() => this.client.ping());
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const hash = await this.call(() => this.client.hGetAll(this.sessionKey(id)));
    const record = this.parse(id, hash);
    return record && isLive(record, this.now(), this.ttlMs) ? record : undefined;
  }

  async create(record: SessionRecord, caps?: SessionCaps): Promise<boolean> {
    const fields = Object.entries(this.fields(record)).flat();
    const now = record.createdAt;
    const created = await this.runScript(
      CREATE,
      [this.sessionKey(record.id), this.indexKey, this.pendingKey, this.creatorKey(record.creator)],
      [record.id, this.ttlMs, now, now - this.ttlMs, record.pendingUntil ?? '', caps?.total ?? '', caps?.perCreator ?? '', record.creator ?? '', record.activeAt, ...fields],
    );
    if (created === -1) throw capError('total');
    if (created === -2) throw capError('creator');
    return created === 1;
  }

  async update(id: string, patch: SessionPatch): Promise<SessionRecord | undefined> {
    const s = patch.state;
    const args: Array<string | number> = [id, this.ttlMs, this.now(), patch.activeAt ?? '', patch.timer ? JSON.stringify(patch.timer) : '', patch.claimed ? 1 : ''];
    if (s) args.push(s.h, s.v, s.f, s.paused ? 1 : 0, s.seq, s.at);
    const reply = await this.runScript(UPDATE, [this.sessionKey(id), this.indexKey, this.pendingKey], args);
    return Array.isArray(reply) ? this.parse(id, pairs(reply)) : undefined;
  }

  async setDriver(id: string, next: Driver | undefined, expected: Driver | undefined): Promise<DriverOutcome> {
    const reply = await this.runScript(SET_DRIVER, [this.sessionKey(id)], [driverJson(expected), driverJson(next)]);
    if (reply !== 'set' && reply !== 'conflict' && reply !== 'missing') throw new Error(`unexpected SET_DRIVER reply ${JSON.stringify(reply)}`);
    return reply;
  }

  async move(id: string, target: MoveTarget, options: MoveOptions = {}): Promise<MoveOutcome> {
    const now = options.now ?? this.now();
    const reply = await this.runScript(
      MOVE,
      [this.sessionKey(id), this.indexKey],
      [id, target.h, target.v, target.f, target.paused === undefined ? '' : target.paused ? 1 : 0, options.ifSeq ?? '', options.gap ?? 1, now, this.ttlMs],
    );
    if (!Array.isArray(reply) || typeof reply[0] !== 'string') throw new Error(`unexpected MOVE reply ${JSON.stringify(reply)}`);
    const outcome = reply[0];
    if (outcome === 'missing') return { outcome };
    if (outcome !== 'moved' && outcome !== 'same' && outcome !== 'conflict') throw new Error(`unexpected MOVE outcome ${outcome}`);
    if (reply.length !== 7) throw new Error(`unexpected MOVE reply ${JSON.stringify(reply)}`);
    const [h, v, f, paused, seq, at] = reply.slice(1).map(Number) as [number, number, number, number, number, number];
    const state: LiveState = { h, v, f, paused: paused === 1, seq, at };
    return { outcome, state };
  }

  async delete(id: string): Promise<void> {
    await this.call(() =>
      this.client.multi().del([this.sessionKey(id), this.presenceKey(id)]).zRem(this.indexKey, id).zRem(this.pendingKey, id).exec(),
    );
  }

  async expire(now = this.now()): Promise<string[]> {
    const cutoff = now - this.ttlMs;
    const [idle, lapsed] = await Promise.all([
      this.call(() => this.client.zRangeByScore(this.indexKey, '-inf', cutoff)),
      this.call(() => this.client.zRangeByScore(this.pendingKey, '-inf', now)),
    ]);
    const expired: string[] = [];
    for (const id of new Set([...idle, ...lapsed])) {
      const removed = await this.runScript(EXPIRE, [this.sessionKey(id), this.indexKey, this.presenceKey(id), this.pendingKey], [id, cutoff, now]);
      if (removed === 1) expired.push(id);
    }
    return expired;
  }

  async count(now = this.now()): Promise<number> {
    return Number(await this.runScript(COUNT, [this.indexKey, this.pendingKey], [now - this.ttlMs, now]));
  }

  /** The connection is shared with the adapter and closed with it (redis/index.ts). */
  async close(): Promise<void> {}

  watchAvailability(listener: (available: boolean) => void): () => void {
    this.connection.on('status', listener);
    return () => this.connection.off('status', listener);
  }

  get available(): boolean {
    return this.connection.available;
  }

  // ---------------------------------------------------------------- plumbing

  private fields(record: SessionRecord): Record<string, string> {
    const { state: s } = record;
    return {
      deck: record.deck,
      keyHash: record.keyHash,
      h: String(s.h),
      v: String(s.v),
      f: String(s.f),
      paused: s.paused ? '1' : '0',
      seq: String(s.seq),
      at: String(s.at),
      timer: JSON.stringify(record.timer),
      createdAt: String(record.createdAt),
      activeAt: String(record.activeAt),
      ...(record.pendingUntil !== undefined && { pendingUntil: String(record.pendingUntil) }),
      ...(record.creator !== undefined && { creator: record.creator }),
      ...(record.driver && { driver: driverJson(record.driver) }),
    };
  }

  private parse(id: string, hash: Record<string, string>): SessionRecord | undefined {
    if (!hash.keyHash) return undefined;
    const json = (text: string | undefined): unknown => {
      try {
        return JSON.parse(text ?? 'null');
      } catch {
        return null;
      }
    };
    const timer = json(hash.timer);
    const parsed = sessionRecordSchema.safeParse({
      id,
      deck: hash.deck,
      keyHash: hash.keyHash,
      state: { h: Number(hash.h), v: Number(hash.v), f: Number(hash.f), paused: hash.paused === '1', seq: Number(hash.seq), at: Number(hash.at) },
      timer,
      createdAt: Number(hash.createdAt),
      activeAt: Number(hash.activeAt),
      ...(hash.pendingUntil !== undefined && { pendingUntil: Number(hash.pendingUntil) }),
      ...(hash.creator !== undefined && { creator: hash.creator }),
      ...(hash.driver !== undefined && { driver: json(hash.driver) }),
    });
    // Not written by this store (or damaged by hand): as good as absent, never half-trusted.
    return parsed.success ? parsed.data : undefined;
  }

  runScript(script: Script, keys: string[], args: Array<string | number>): Promise<unknown> {
    return this.call(() => script.run(this.client, keys, args));
  }

  /** One command: fails fast with `store-unavailable` while Redis is away, and says so. */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    if (!this.client.isReady) {
      this.connection.markDown();
      throw storeUnavailable('Redis is not connected');
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(storeUnavailable(`Redis did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const result = await Promise.race([command(), timeout]);
      this.connection.markUp();
      return result;
    } catch (err) {
      if (err instanceof ErrorReply && !TRANSIENT_REPLY.test(err.message)) throw err; // a bug, not an outage
      this.connection.markDown();
      throw err instanceof LecternError ? err : storeUnavailable((err as Error).message, err);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** [k1, v1, k2, v2, ...] from a script → { k1: v1, ... }. */
function pairs(flat: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  return out;
}
