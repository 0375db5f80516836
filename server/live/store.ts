// Where live sessions are kept. The embedded default is a folder of JSON files in DATA_DIR
// (file-store.ts); a Redis store comes later (issue #3: "Keep the session store behind a small
// interface"), so every operation is async and the hub never holds a store-specific handle.
import { z } from 'zod';
import type { LiveState, TimerState } from './protocol.ts';

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
}

export type SessionPatch = Partial<Pick<SessionRecord, 'state' | 'timer' | 'activeAt'>>;

/** Where a move goes; `paused` left out keeps the session's blackout as it is. */
export interface MoveTarget {
  h: number;
  v: number;
  f: number;
  paused?: boolean;
}

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

/** The store cannot be reached (Redis away): the move is refused, never silently dropped. */
export class StoreUnavailableError extends Error {
  readonly code = 'store-unavailable';
}

export interface SessionStore {
  /** Loads what an earlier run left; call once before anything else. */
  open(): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  /** False when the id is taken. */
  create(record: SessionRecord): Promise<boolean>;
  /** Resolves once the change is accepted; it reaches the disk (or Redis) shortly after. */
  update(id: string, patch: SessionPatch): Promise<SessionRecord | undefined>;
  /**
   * The one place `seq` is assigned (issue #5): in one atomic step, a change of place gets the
   * stored seq + 1 and the time, and counts as presenter activity; the same place only counts
   * as activity. With several processes on one store, moves from all of them get one order.
   */
  move(id: string, target: MoveTarget, options?: MoveOptions): Promise<MoveOutcome>;
  delete(id: string): Promise<void>;
  /** Removes sessions idle for longer than the TTL; resolves with their ids. */
  expire(now?: number): Promise<string[]>;
  count(): Promise<number>;
  /** Writes everything pending and stops timers. */
  close(): Promise<void>;
  /** True when other processes write the same sessions (Redis): never trust a copy in memory. */
  readonly shared?: boolean;
  /** Stores that can go away (Redis) report it, and their return; returns the unsubscribe. */
  watchAvailability?(listener: (available: boolean) => void): () => void;
}

/** Sessions idle for longer than this expire (issue #3). */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

const int = z.number().int();
export const sessionRecordSchema = z.object({
  id: z.string(),
  deck: z.string(),
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
  state: z.object({ h: int.min(0), v: int.min(0), f: int.min(-1), paused: z.boolean(), seq: int.min(0), at: z.number() }),
  timer: z.object({ running: z.boolean(), elapsedMs: z.number().min(0), at: z.number() }),
  createdAt: z.number(),
  activeAt: z.number(),
});
