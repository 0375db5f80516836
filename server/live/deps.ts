// What the live hub is built from: the options (with their defaults) and the one dependency
// object every part of the hub receives, so no part takes a list of positional collaborators
// and each names, by Pick<LiveDeps, …>, exactly what it uses.
import type { Logger } from 'pino';
import type { LecternIo } from '../context.ts';
import type { KeyedLimiter, BucketOptions } from './rate-limit.ts';
import type { TrustProxy } from './address.ts';
import type { Clock, SessionStore } from './stores/store.ts';
import type { LiveSessions } from './sessions/sessions.ts';
import type { Members } from './membership/members.ts';
import type { FollowerCounts, Presence } from './membership/presence.ts';
import type { DeckShapes } from './presenter/shapes.ts';
import type { AudienceStore } from './audience/store.ts';
import type { Drivers } from './presenter/driver.ts';

export interface HubLimits {
  /** presenter:navigate/step/timer per presenter connection (a stuck clicker). */
  moves: BucketOptions;
  /**
   * presenter:pointer per presenter connection, apart from moves: a page sends at most 30 a
   * second, and the room gets at most 30 a second per session whatever comes in (the rest is
   * coalesced), so this only stops a runaway client; a burst is coalesced, not refused.
   */
  pointer: BucketOptions;
  /** presenter:draw per presenter connection: pen segments are relayed, never coalesced, so these bound them. */
  draw: BucketOptions;
  /** session:join per connection. */
  joins: BucketOptions;
  /** Wrong presenter keys per connection, and per address and session; the right key always counts nothing. */
  wrongKeysPerSocket: BucketOptions;
  wrongKeysPerAddress: BucketOptions;
  /**
   * Lookups of ids that do not exist (HTTP and joins) per address: the sign of someone guessing
   * codes. Generous, so a room behind one NAT with a few mistyped codes never meets it.
   */
  misses: BucketOptions;
}

export const DEFAULT_LIMITS: HubLimits = {
  moves: { capacity: 20, perSecond: 10 },
  pointer: { capacity: 1000, perSecond: 250 },
  draw: { capacity: 120, perSecond: 60 },
  joins: { capacity: 10, perSecond: 1 },
  wrongKeysPerSocket: { capacity: 5, perSecond: 0.2 },
  wrongKeysPerAddress: { capacity: 30, perSecond: 1 },
  misses: { capacity: 120, perSecond: 2 },
};

/** Live sessions at once, and per creating address (IPv6: per /64) for sessions made without the admin token. */
export const DEFAULT_MAX_SESSIONS = 1000;
export const DEFAULT_MAX_SESSIONS_PER_ADDRESS = 20;

export interface HubOptions {
  limits?: Partial<HubLimits>;
  /** Follower counts are broadcast at most this often per session. */
  presenceIntervalMs?: number;
  /** How often idle sessions, and sessions no presenter took up, are looked for. */
  sweepIntervalMs?: number;
  maxSessions?: number;
  maxSessionsPerAddress?: number;
  /** An anonymous session no presenter joins within this long is dropped (10 minutes). */
  unjoinedTtlMs?: number;
  /**
   * Session time (activity, deadlines, expiry) and the rate limits' token refills. Tests inject
   * one to move time instead of waiting; the store is given the same one.
   */
  clock?: Clock;
  /** How long a driver who dropped keeps the controls (shared/driver.ts DRIVER_GRACE_MS). */
  driverGraceMs?: number;
  /** Follower counts across processes (Redis); alone, this process's count is the count. */
  presence?: Presence;
  /** Whose X-Forwarded-For to believe for per-address limits: the app's `trust proxy` (loopback by default). */
  trustProxy?: TrustProxy;
}

/** Everything a part of the hub may use; hub.ts builds it once. */
export interface LiveDeps {
  io: LecternIo;
  store: SessionStore;
  /** Each session's questions and votes, kept the way the sessions are (file or Redis). */
  audience: AudienceStore;
  /** This process's sessions; `sessions.byId` is the hot path's one Map lookup per move. */
  sessions: LiveSessions;
  /** Each deck's structure (for range checks and steps) and notes, kept in memory. */
  shapes: DeckShapes;
  members: Members;
  /** Who drives each session (the gate asks them through `sessions.drivers`). */
  drivers: Drivers;
  counts: FollowerCounts;
  logger: Logger;
  clock: Clock;
  limits: HubLimits;
  /** Lookups of ids that do not exist, by address; the HTTP routes count into it too. */
  misses: KeyedLimiter;
  trustProxy: TrustProxy;
}
