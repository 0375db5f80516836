// The live-session hub: socket.io handlers for the protocol in protocol.ts (issue #3), wired from
// one module per concern — joins (join.ts), presenter moves (moves.ts), the presenters' timer
// (presenter-timer.ts), who is in which session (members.ts), follower counts
// (follower-counts.ts), the store's comings and goings (store-status.ts), expiry (expiry.ts).
// State is always read from the store (issue #5: with several processes, one order for moves
// made on any of them); the hub keeps only what is this process's own: its sockets'
// memberships and counts (sessions.ts).
import type { Logger } from 'pino';
import type { LecternIo } from '../context.ts';
import type { DeckStore } from '../decks/store.ts';
import type { Ack, LiveState } from './protocol.ts';
import { KeyedLimiter, TokenBucket, type BucketOptions } from './rate-limit.ts';
import { DeckShapes } from './shapes.ts';
import { FollowerCounts } from './follower-counts.ts';
import { LocalPresence, type Presence } from './presence.ts';
import { UNJOINED_TTL_MS, type Clock, type SessionStore } from './store.ts';
import { Expiry } from './expiry.ts';
import { Joins, type TrustProxy } from './join.ts';
import { Members, membership, room, type LiveSocket } from './members.ts';
import { Moves } from './moves.ts';
import { timerHandler } from './presenter-timer.ts';
import { endHandler } from './end.ts';
import type { PresenterHandler } from './requests.ts';
import { LiveSessions, seen, type CreateRequest } from './sessions.ts';
import { StoreStatus } from './store-status.ts';

export { HubError, RESTART_SEQ_GAP } from './sessions.ts';
export { RESYNC_SEQ_GAP } from './store-status.ts';

export interface HubLimits {
  /** presenter:navigate/step/timer per presenter connection (a stuck clicker). */
  moves: BucketOptions;
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
  /** Injected by tests to move time; the store is given the same one. */
  clock?: Clock;
  /** Follower counts across processes (Redis); alone, this process's count is the count. */
  presence?: Presence;
  /** Whose X-Forwarded-For to believe for per-address limits: the app's `trust proxy` (loopback by default). */
  trustProxy?: TrustProxy;
}

const KNOWN_EVENTS = new Set(['session:join', 'presenter:navigate', 'presenter:step', 'presenter:timer', 'presenter:end']);

export class LiveHub {
  readonly shapes: DeckShapes;
  /** Misses by address (HTTP lookups and joins of unknown ids); the routes consult it too. */
  readonly misses: KeyedLimiter;
  private readonly limits: HubLimits;
  private readonly sessions: LiveSessions;
  private readonly counts: FollowerCounts;
  private readonly members: Members;
  private readonly joins: Joins;
  private readonly moves: Moves;
  private readonly timer: PresenterHandler;
  private readonly end: PresenterHandler;
  private readonly status: StoreStatus;
  private readonly expiry: Expiry;

  constructor(
    private readonly io: LecternIo,
    private readonly store: SessionStore,
    decks: DeckStore,
    private readonly logger: Logger,
    options: HubOptions = {},
  ) {
    this.shapes = new DeckShapes(decks);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const clock = options.clock ?? Date.now;
    this.sessions = new LiveSessions(store, logger, {
      caps: { total: options.maxSessions ?? DEFAULT_MAX_SESSIONS, perCreator: options.maxSessionsPerAddress ?? DEFAULT_MAX_SESSIONS_PER_ADDRESS },
      unjoinedTtlMs: options.unjoinedTtlMs ?? UNJOINED_TTL_MS,
      clock,
    });
    this.misses = new KeyedLimiter(this.limits.misses);
    const sessions = this.sessions.byId;
    this.counts = new FollowerCounts(
      options.presence ?? new LocalPresence(),
      (id, followers, localOnly) => (localOnly ? io.local : io).to(room(id)).emit('session:presence', { followers }),
      (id) => (sessions.get(id)?.members.size ?? 0) > 0,
      options.presenceIntervalMs ?? 500,
      logger,
    );
    this.members = new Members(sessions, this.counts);
    this.joins = new Joins(this.sessions, this.members, store, this.shapes, this.counts, this.limits.wrongKeysPerAddress, this.misses, options.trustProxy);
    this.moves = new Moves(io, store, this.shapes, sessions);
    this.timer = timerHandler(io, store, sessions);
    this.status = new StoreStatus(io, store, sessions, logger);
    this.expiry = new Expiry(io, store, sessions, this.members, this.counts, logger, options.sweepIntervalMs ?? 60 * 1000, clock);
    this.end = endHandler(store, sessions, this.expiry);
  }

  attach(): void {
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  async close(): Promise<void> {
    this.expiry.close();
    this.status.close();
    await this.counts.close();
    await this.store.close();
  }

  /** A new session on `deck` (already known to exist); the key is returned once, never stored. */
  create(deck: string, request?: CreateRequest): Promise<{ id: string; key: string }> {
    return this.sessions.create(deck, request);
  }

  /** The same answer on every process: state from the store, followers summed over processes. */
  async describe(id: string): Promise<{ id: string; deck: string; state: LiveState; followers: number } | undefined> {
    const session = await this.sessions.load(id);
    if (!session) return undefined;
    const [record, followers] = await Promise.all([this.store.get(id), this.counts.total(id)]);
    return record && { id: session.id, deck: session.deck, state: seen(session, record.state), followers };
  }

  private onConnection(socket: LiveSocket): void {
    const buckets = {
      moves: new TokenBucket(this.limits.moves),
      joins: new TokenBucket(this.limits.joins),
      wrongKeys: new TokenBucket(this.limits.wrongKeysPerSocket),
    };
    this.joins.recover(socket);

    const guard =
      <A extends unknown[]>(name: string, fn: (...args: A) => void | Promise<void>) =>
      (...args: A) => {
        try {
          const result = fn(...args);
          if (result instanceof Promise) result.catch((err: unknown) => this.logger.error({ err, event: name }, 'live handler failed'));
        } catch (err) {
          this.logger.error({ err, event: name }, 'live handler failed');
        }
      };

    socket.on('session:join', guard('session:join', (payload, ack) => this.joins.join(socket, buckets, payload, ack)));
    socket.on('presenter:navigate', guard('presenter:navigate', (payload, ack) => this.moves.navigate(socket, buckets.moves, payload, ack)));
    socket.on('presenter:step', guard('presenter:step', (payload, ack) => this.moves.step(socket, buckets.moves, payload, ack)));
    socket.on('presenter:timer', guard('presenter:timer', (payload, ack) => this.timer(socket, buckets.moves, payload, ack)));
    socket.on('presenter:end', guard('presenter:end', (payload, ack) => this.end(socket, buckets.moves, payload, ack)));
    // Unknown events of this module's namespaces get an answer instead of a silent time-out;
    // other namespaces belong to other modules.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event !== 'string' || KNOWN_EVENTS.has(event) || !/^(session|presenter):/.test(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') (ack as (res: Ack) => void)({ ok: false, error: 'unknown-event' });
    });
    // Only the hub's count: socket.data must keep `.live`, since socket.io saved that very object
    // for connection state recovery (socket.io/dist/socket.js `_onclose`).
    socket.on('disconnect', () => {
      const current = membership(socket);
      if (current) this.members.remove(current.session, socket.id);
    });
  }
}
