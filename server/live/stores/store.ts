// Where live sessions are kept: a folder of JSON files in DATA_DIR (file-store.ts) or Redis
// (redis/store.ts), behind one small interface, so every operation is async and the hub never
// holds a store-specific handle.
import * as z from 'zod/mini';
import { LecternError } from '../../../shared/errors.ts';
import type { LiveState, Position } from '../../../shared/positions.ts';
import { timerStateSchema, type TimerState } from '../../../shared/protocol.ts';
import { driverSchema, type Driver } from '../../../shared/driver.ts';

export interface SessionRecord {
  id: string;
  /** Deck slug. */
  deck: string;
  /** sha256 of the presenter key: the key itself is never stored. */
  keyHash: string;
  state: LiveState;
  timer: TimerState;
  createdAt: number;
  /** Last presenter action (join with the key, move, timer); sessions idle for the TTL expire. */
  activeAt: number;
  /**
   * Set while no presenter has joined: the session is dropped at this time unless one does
   * (anyone may create sessions; only those a speaker takes up are kept).
   */
  pendingUntil?: number;
  /** Who created it (an address key, address.ts), for the per-address cap; absent for the operator's. */
  creator?: string;
  /** The presenter who drives (shared/driver.ts); absent until a presenter with a seat joins. */
  driver?: Driver;
}

export type SessionPatch = Partial<Pick<SessionRecord, 'state' | 'timer' | 'activeAt'>> & {
  /** A presenter joined: the session no longer waits for one (pendingUntil goes). */
  claimed?: true;
};

/** Limits checked in the same step as a create, so concurrent creates cannot overshoot them. */
export interface SessionCaps {
  /** Live sessions in the store. */
  total: number;
  /** Live sessions with the record's `creator`. */
  perCreator: number;
}

/** A create refused by a cap: `total` (the store is full) or `creator` (this address has its share). */
export function capError(scope: 'total' | 'creator'): LecternError {
  return scope === 'total'
    ? new LecternError('too-many-sessions', 'too many live sessions')
    : new LecternError('too-many-from-address', 'too many live sessions from this address');
}

/** Whether a session still counts and can be found: not idle past the TTL, not waiting past its deadline. */
export function isLive(record: Pick<SessionRecord, 'activeAt' | 'pendingUntil'>, now: number, ttlMs: number): boolean {
  if (record.pendingUntil !== undefined && record.pendingUntil <= now) return false;
  return now - record.activeAt <= ttlMs;
}

/** Where a move goes; `paused` left out keeps the session's blackout as it is. */
export type MoveTarget = Position & { paused?: boolean };

export interface MoveOptions {
  /** Store only if the stored seq is still this one (a move computed from the state, e.g. a step). */
  ifSeq?: number;
  /** Added to seq; above 1 the state is written even when unchanged (a re-publish). */
  gap?: number;
  now?: number;
}

export type MoveOutcome =
  | { outcome: 'moved' | 'same'; state: LiveState }
  /** `ifSeq` no longer matched: the current state, to compute the move again from. */
  | { outcome: 'conflict'; state: LiveState }
  | { outcome: 'missing' };

/** The store cannot take it (Redis away, a disk that refuses writes): refused, never silently dropped. */
export function storeUnavailable(message: string, cause?: unknown): LecternError {
  return new LecternError('store-unavailable', message, { cause });
}

/** A driver change: written only if the stored driver is still the one it was computed from. */
export type DriverOutcome = 'set' | 'conflict' | 'missing';

/**
 * The driver as stored, keys in one order: a change compares the stored text with the driver it
 * was computed from, so equal drivers must serialize alike. '' for none.
 */
export function driverJson(driver: Driver | undefined): string {
  if (!driver) return '';
  const { seat, name, since, leftAt, request } = driver;
  return JSON.stringify({ seat, name, since, ...(leftAt !== undefined && { leftAt }), ...(request && { request: { seat: request.seat, name: request.name, at: request.at } }) });
}

/** `record` with `next` as its driver, if its driver is still `expected`: the compare-and-set of setDriver. */
export function swapDriver(record: SessionRecord | undefined, next: Driver | undefined, expected: Driver | undefined): SessionRecord | 'conflict' | 'missing' {
  if (!record) return 'missing';
  if (driverJson(record.driver) !== driverJson(expected)) return 'conflict';
  const swapped: SessionRecord = { ...record, driver: next };
  if (!next) delete swapped.driver;
  return swapped;
}

export interface SessionStore {
  /** Loads what an earlier run left; call once before anything else. */
  open(): Promise<void>;
  /** Undefined for a session that is gone or no longer live (isLive). */
  get(id: string): Promise<SessionRecord | undefined>;
  /**
   * False when the id is taken; capError() when `caps` refuse it. Resolves once the session
   * is durable (on disk, or in Redis): nothing is promised that a crash could lose.
   */
  create(record: SessionRecord, caps?: SessionCaps): Promise<boolean>;
  /** Resolves once the change is accepted; it reaches the disk (or Redis) shortly after. */
  update(id: string, patch: SessionPatch): Promise<SessionRecord | undefined>;
  /**
   * The one place `seq` is assigned: in one atomic step, a change of place gets the
   * stored seq + 1 and the time, and counts as presenter activity; the same place only counts
   * as activity. With several processes on one store, moves from all of them get one order.
   */
  move(id: string, target: MoveTarget, options?: MoveOptions): Promise<MoveOutcome>;
  /** Sets (or with undefined, removes) the driver if it is still `expected`: one atomic step, on any process. */
  setDriver(id: string, next: Driver | undefined, expected: Driver | undefined): Promise<DriverOutcome>;
  delete(id: string): Promise<void>;
  /** Removes sessions that are no longer live (isLive); resolves with their ids. */
  expire(now?: number): Promise<string[]>;
  /** Live sessions. */
  count(now?: number): Promise<number>;
  /** Writes everything pending and stops timers. */
  close(): Promise<void>;
  /** True when other processes write the same sessions (Redis): never trust a copy in memory. */
  readonly shared?: boolean;
  /** Stores that can go away (Redis) report it, and their return; returns the unsubscribe. */
  watchAvailability?(listener: (available: boolean) => void): () => void;
}

/** Sessions idle for longer than this expire. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** Sessions no presenter joins within this long after their creation are dropped. */
export const UNJOINED_TTL_MS = 10 * 60 * 1000;

/** Milliseconds since the epoch; injected by tests to move time without waiting. */
export type Clock = () => number;

// Bounds of what this store wrote, not of what a deck may hold: a file outside them was not
// written here (or was damaged by hand) and is set aside, never half-trusted.
const int = z.int();
export const sessionRecordSchema = z.object({
  id: z.string(),
  deck: z.string(),
  keyHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  state: z.object({
    h: int.check(z.gte(0)),
    v: int.check(z.gte(0)),
    f: int.check(z.gte(-1)),
    paused: z.boolean(),
    seq: int.check(z.gte(0)),
    at: z.number(),
  }),
  timer: timerStateSchema,
  createdAt: z.number(),
  activeAt: z.number(),
  pendingUntil: z.optional(z.number()),
  creator: z.optional(z.string().check(z.maxLength(64))),
  driver: z.optional(driverSchema),
}) satisfies z.ZodMiniType<SessionRecord>;
