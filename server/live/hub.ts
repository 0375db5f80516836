// The live-session hub: socket.io handlers for the protocol in protocol.ts (issue #3). A move is
// checked (schema, role, rate, deck range), handed to the store, which assigns its `seq`
// atomically (issue #5: with several processes, one order for moves made on any of them), then
// broadcast and acked. The file store answers from memory and writes off the hot path; the Redis
// store answers in one round trip. The hub keeps only what is this process's own: its sockets'
// memberships and counts; state is always read from the store.
import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { LecternIo } from '../app.ts';
import type { DeckStore } from '../deck/store.ts';
import type {
  Ack,
  ClientToServerEvents,
  JoinResult,
  LiveError,
  LiveRole,
  LiveState,
  ServerToClientEvents,
  TimerRequest,
  TimerState,
} from './protocol.ts';
import { hashSecret, newPresenterKey, newSessionId, secretMatches } from './ids.ts';
import { clampPosition, step, type Position } from './navigation.ts';
import { KeyedLimiter, TokenBucket, type BucketOptions } from './rate-limit.ts';
import { joinSchema, navigateSchema, stepSchema, timerSchema } from './schemas.ts';
import { DeckShapes } from './shapes.ts';
import { FollowerCounts } from './follower-counts.ts';
import { LocalPresence, type Presence } from './presence.ts';
import { StoreUnavailableError, type MoveOutcome, type MoveTarget, type SessionRecord, type SessionStore } from './store.ts';
import { applyTimer } from './timer.ts';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface HubLimits {
  /** presenter:navigate/step/timer per presenter connection (a stuck clicker). */
  moves: BucketOptions;
  /** session:join per connection. */
  joins: BucketOptions;
  /** session:join with a key, per connection and per address (key guessing). */
  keyJoinsPerSocket: BucketOptions;
  keyJoinsPerAddress: BucketOptions;
}

export const DEFAULT_LIMITS: HubLimits = {
  moves: { capacity: 20, perSecond: 10 },
  joins: { capacity: 10, perSecond: 1 },
  keyJoinsPerSocket: { capacity: 5, perSecond: 0.2 },
  keyJoinsPerAddress: { capacity: 30, perSecond: 1 },
};

export interface HubOptions {
  limits?: Partial<HubLimits>;
  /** Follower counts are broadcast at most this often per session. */
  presenceIntervalMs?: number;
  /** How often idle sessions are looked for. */
  sweepIntervalMs?: number;
  maxSessions?: number;
  /** Follower counts across processes (Redis); alone, this process's count is the count. */
  presence?: Presence;
}

/**
 * Added to `seq` when a session is loaded from the store by a new process: the last moves
 * before a crash may not have reached the disk, and clients that saw them must still find the
 * next state newer than theirs. Far more than the moves a rate-limited presenter makes while a
 * write is pending.
 */
export const RESTART_SEQ_GAP = 1000;

/**
 * Added to `seq` when the store comes back after an outage (issue #5): a Redis restarted from
 * its append-only file may have lost its last second of moves, and clients that saw them must
 * still take the re-published state as newer than theirs.
 */
export const RESYNC_SEQ_GAP = 1000;

/** What this process holds of a session: what never changes, and its own connections. */
interface LiveSession {
  id: string;
  deck: string;
  keyHash: string;
  /** The newest state this process has seen: re-published after a store outage. */
  state: LiveState;
  /** socket id → role, for every connection in the session on this process. */
  members: Map<string, LiveRole>;
}

/** What a connection remembers; socket.io's connection state recovery restores it. */
interface Membership {
  session: string;
  role: LiveRole;
}

export class HubError extends Error {
  constructor(readonly code: 'too-many-sessions' | 'no-id') {
    super(code);
  }
}

const room = (id: string) => `live:${id}`;
const presentersRoom = (id: string) => `live:${id}:presenters`;
const KNOWN_EVENTS = new Set(['session:join', 'presenter:navigate', 'presenter:step', 'presenter:timer']);

function membership(socket: LiveSocket): Membership | undefined {
  // socket.data is untyped in LecternIo (app.ts declares no SocketData); this module owns `.live`.
  return (socket.data as { live?: Membership }).live;
}

function setMembership(socket: LiveSocket, value: Membership | undefined): void {
  (socket.data as { live?: Membership }).live = value;
}

/** The client's address; behind a proxy on loopback (app.ts trusts one), the forwarded one. */
function clientAddress(socket: LiveSocket): string {
  const direct = socket.handshake.address;
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  if (typeof forwarded === 'string' && /^(::ffff:)?127\.|^::1$/.test(direct)) return forwarded.split(',')[0].trim();
  return direct;
}

export class LiveHub {
  readonly shapes: DeckShapes;
  private sessions = new Map<string, LiveSession>();
  private loading = new Map<string, Promise<LiveSession | undefined>>();
  private readonly limits: HubLimits;
  private readonly keyJoinsByAddress: KeyedLimiter;
  private sweepTimer?: NodeJS.Timeout;
  private readonly maxSessions: number;
  private readonly counts: FollowerCounts;
  private unwatchStore?: () => void;

  constructor(
    private readonly io: LecternIo,
    private readonly store: SessionStore,
    decks: DeckStore,
    private readonly logger: Logger,
    options: HubOptions = {},
  ) {
    this.shapes = new DeckShapes(decks);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.keyJoinsByAddress = new KeyedLimiter(this.limits.keyJoinsPerAddress);
    this.maxSessions = options.maxSessions ?? 1000;
    this.counts = new FollowerCounts(
      options.presence ?? new LocalPresence(),
      (id, followers, localOnly) => (localOnly ? this.io.local : this.io).to(room(id)).emit('session:presence', { followers }),
      (id) => (this.sessions.get(id)?.members.size ?? 0) > 0,
      options.presenceIntervalMs ?? 500,
      logger,
    );
    this.unwatchStore = store.watchAvailability?.((available) => this.onStoreStatus(available));
    const sweepMs = options.sweepIntervalMs ?? 10 * 60 * 1000;
    this.sweepTimer = setInterval(() => void this.sweep(), sweepMs);
    this.sweepTimer.unref();
  }

  attach(): void {
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.unwatchStore?.();
    await this.counts.close();
    await this.store.close();
  }

  // ------------------------------------------------------------------ sessions

  /** A new session on `deck` (already known to exist); the key is returned once, never stored. */
  async create(deck: string): Promise<{ id: string; key: string }> {
    if ((await this.store.count()) >= this.maxSessions) throw new HubError('too-many-sessions');
    const key = newPresenterKey();
    const now = Date.now();
    for (let attempt = 0; attempt < 20; attempt++) {
      const record: SessionRecord = {
        id: newSessionId(),
        deck,
        keyHash: hashSecret(key),
        state: { h: 0, v: 0, f: -1, paused: false, seq: 1, at: now },
        timer: { running: false, elapsedMs: 0, at: now },
        createdAt: now,
        activeAt: now,
      };
      if (await this.store.create(record)) {
        this.sessions.set(record.id, this.fromRecord(record));
        return { id: record.id, key };
      }
    }
    throw new HubError('no-id');
  }

  /** The same answer on every process: state from the store, followers summed over processes. */
  async describe(id: string): Promise<{ id: string; deck: string; state: LiveState; followers: number } | undefined> {
    const session = await this.load(id);
    if (!session) return undefined;
    const [record, followers] = await Promise.all([this.store.get(id), this.counts.total(id)]);
    return record && { id: session.id, deck: session.deck, state: this.seen(session, record.state), followers };
  }

  private fromRecord(record: SessionRecord): LiveSession {
    return {
      id: record.id,
      deck: record.deck,
      keyHash: record.keyHash,
      state: record.state,
      members: new Map(),
    };
  }

  private load(id: string): Promise<LiveSession | undefined> {
    const live = this.sessions.get(id);
    if (live) return Promise.resolve(live);
    let loading = this.loading.get(id);
    if (!loading) {
      loading = this.store
        .get(id)
        .then((record) => {
          if (!record) return undefined;
          const known = this.sessions.get(id);
          if (known) return known;
          const session = this.fromRecord(record);
          this.sessions.set(id, session);
          // A store shared with other processes keeps seq itself; one that only this process
          // writes may have lost its last moves in a crash (see RESTART_SEQ_GAP).
          if (!this.store.shared) {
            const { h, v, f, paused } = record.state;
            void this.store
              .move(id, { h, v, f, paused }, { gap: RESTART_SEQ_GAP })
              .then((outcome) => outcome.outcome !== 'missing' && this.seen(session, outcome.state))
              .catch((err: unknown) => this.logger.error({ err, session: id }, 'session store update failed'));
          }
          return session;
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  /** Records presenter activity (sessions idle for the TTL expire); never on the hot path. */
  private touch(session: LiveSession): void {
    this.store.update(session.id, { activeAt: Date.now() }).catch((err: unknown) => {
      this.logger.error({ err, session: session.id }, 'session store update failed');
    });
  }

  /** Remembers the newest state seen; returns the one given. */
  private seen(session: LiveSession, state: LiveState): LiveState {
    if (state.seq > session.state.seq) session.state = state;
    return state;
  }

  /**
   * The store went away or came back (Redis). Presenters on this process are told either way;
   * on the way back, each session with members here is re-published with a seq far ahead, so
   * every follower is certain to be on what the store holds (one process wins: ifSeq).
   */
  private onStoreStatus(available: boolean): void {
    this.logger[available ? 'info' : 'warn']({ available }, available ? 'session store is back' : 'session store unavailable');
    for (const session of this.sessions.values()) {
      if (session.members.size === 0) continue;
      this.io.local.to(presentersRoom(session.id)).emit('session:status', { store: available ? 'ok' : 'reconnecting' });
      if (available) void this.resync(session);
    }
  }

  private async resync(session: LiveSession): Promise<void> {
    try {
      const record = await this.store.get(session.id);
      if (!record) return;
      // What followers were last shown wins over what a restarted store kept, if newer.
      const best = session.state.seq > record.state.seq ? session.state : record.state;
      const { h, v, f, paused } = best;
      const outcome = await this.store.move(session.id, { h, v, f, paused }, { gap: RESYNC_SEQ_GAP + Math.max(0, best.seq - record.state.seq), ifSeq: record.state.seq });
      if (outcome.outcome === 'moved') this.io.to(room(session.id)).emit('session:state', this.seen(session, outcome.state));
    } catch (err) {
      this.logger.warn({ err, session: session.id }, 'session re-publish after store outage failed');
    }
  }

  private async sweep(): Promise<void> {
    try {
      for (const id of await this.store.expire()) {
        this.io.to(room(id)).emit('session:ended', { session: id, reason: 'expired' });
        this.drop(id);
      }
      // Another process may have expired (and announced) sessions this one still holds.
      if (this.store.shared) {
        for (const id of [...this.sessions.keys()]) if (!(await this.store.get(id))) this.drop(id);
      }
    } catch (err) {
      this.logger.error({ err }, 'session expiry failed');
    }
  }

  private drop(id: string): void {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    this.counts.forget(id);
    if (!session) return;
    for (const socketId of session.members.keys()) {
      const socket = this.io.sockets.sockets.get(socketId);
      if (socket) this.exit(socket);
    }
  }

  // ------------------------------------------------------------------ connections

  private onConnection(socket: LiveSocket): void {
    const buckets = {
      moves: new TokenBucket(this.limits.moves),
      joins: new TokenBucket(this.limits.joins),
      keyJoins: new TokenBucket(this.limits.keyJoinsPerSocket),
    };
    // A short drop healed by connection state recovery: socket.data and the rooms came back,
    // the hub's count did not.
    const recovered = membership(socket);
    if (socket.recovered && recovered) {
      // With Redis the connection may have been recovered by another process than before.
      void this.load(recovered.session).then(
        (session) => {
          if (session && socket.connected) this.enter(socket, session, recovered.role);
          else setMembership(socket, undefined);
        },
        () => setMembership(socket, undefined),
      );
    }

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

    socket.on('session:join', guard('session:join', (payload, ack) => this.join(socket, buckets, payload, ack)));
    socket.on('presenter:navigate', guard('presenter:navigate', (payload, ack) => {
      const reply = replier<{ state: LiveState }>(ack);
      const session = this.presenterSession(socket, buckets.moves, reply);
      if (!session) return;
      const parsed = navigateSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'bad-request' });
      const { paused, ...position } = parsed.data;
      return this.move(session, { ...position, paused }, reply);
    }));
    socket.on('presenter:step', guard('presenter:step', (payload, ack) => {
      const reply = replier<{ state: LiveState }>(ack);
      const session = this.presenterSession(socket, buckets.moves, reply);
      if (!session) return;
      const parsed = stepSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'bad-request' });
      const shape = this.shapes.peek(session.deck);
      if (!shape) return reply({ ok: false, error: 'unavailable' });
      const to = parsed.data.to;
      return this.move(session, (state) => ({ ...step(shape, state, to), paused: state.paused }), reply);
    }));
    socket.on('presenter:timer', guard('presenter:timer', (payload, ack) => {
      const reply = replier<{ timer: TimerState }>(ack);
      const session = this.presenterSession(socket, buckets.moves, reply);
      if (!session) return;
      const parsed = timerSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'bad-request' });
      return this.timer(session, parsed.data.action, reply);
    }));
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
      if (current) this.removeMember(current.session, socket.id);
    });
  }

  private async join(
    socket: LiveSocket,
    buckets: { joins: TokenBucket; keyJoins: TokenBucket },
    payload: unknown,
    ack: unknown,
  ): Promise<void> {
    const reply = replier<JoinResult>(ack);
    if (!buckets.joins.take()) return reply({ ok: false, error: 'rate-limited' });
    const parsed = joinSchema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, error: 'bad-request' });
    const { session: id, key } = parsed.data;
    if (key !== undefined && !(buckets.keyJoins.take() && this.keyJoinsByAddress.take(clientAddress(socket)))) {
      return reply({ ok: false, error: 'rate-limited' });
    }
    const session = await this.load(id).catch(storeFailure);
    if (session === 'store-unavailable') return reply({ ok: false, error: session });
    if (!session) return reply({ ok: false, error: 'unknown-session' });
    if (key !== undefined && !secretMatches(key, session.keyHash)) return reply({ ok: false, error: 'bad-key' });
    const role: LiveRole = key === undefined ? 'follower' : 'presenter';
    const extra: Partial<JoinResult> = {};
    if (role === 'presenter') {
      await this.shapes.shape(session.deck);
      extra.notes = await this.shapes.notes(session.deck);
      this.touch(session);
    }
    if (socket.disconnected || !this.sessions.has(id)) return;
    this.enter(socket, session, role);
    // Read the state last: it is at least as new as any broadcast this socket got since entering.
    const read = await Promise.all([this.store.get(id), this.counts.total(id)]).catch(storeFailure);
    if (read === 'store-unavailable' || !read[0]) {
      this.exit(socket);
      return reply({ ok: false, error: read === 'store-unavailable' ? read : 'unknown-session' });
    }
    const [record, followers] = read;
    const state = this.seen(session, record.state);
    const result: JoinResult = { role, session: id, deck: session.deck, state, followers, ...extra };
    if (role === 'presenter') result.timer = record.timer;
    if (typeof ack === 'function') reply({ ok: true, ...result });
    else socket.emit('session:state', state);
    if (this.store.shared) await this.recheck(socket, session, state);
  }

  /**
   * Shared store only: a move made on another process can reach this socket (through the
   * adapter's connection to Redis) before the reply to our read of the state (through the
   * store's), so the snapshot just sent may be older than a broadcast the client already has.
   * A second read after the ack finds that move, and the client gets it again, as a broadcast.
   */
  private async recheck(socket: LiveSocket, session: LiveSession, sent: LiveState): Promise<void> {
    const again = await this.store.get(session.id).catch(() => undefined);
    if (again && again.state.seq > sent.seq && socket.connected) socket.emit('session:state', this.seen(session, again.state));
  }

  private enter(socket: LiveSocket, session: LiveSession, role: LiveRole): void {
    const previous = membership(socket);
    if (previous && previous.session !== session.id) this.exit(socket);
    const before = session.members.get(socket.id);
    session.members.set(socket.id, role);
    if (before !== role) this.counts.add(session.id, (role === 'follower' ? 1 : 0) - (before === 'follower' ? 1 : 0));
    void socket.join(room(session.id));
    if (role === 'presenter') void socket.join(presentersRoom(session.id));
    else void socket.leave(presentersRoom(session.id));
    setMembership(socket, { session: session.id, role });
  }

  /** Leaves the session for good (another join, expiry): rooms, role and count. */
  private exit(socket: LiveSocket): void {
    const current = membership(socket);
    if (!current) return;
    setMembership(socket, undefined);
    void socket.leave(room(current.session));
    void socket.leave(presentersRoom(current.session));
    this.removeMember(current.session, socket.id);
  }

  private removeMember(id: string, socketId: string): void {
    const session = this.sessions.get(id);
    const role = session?.members.get(socketId);
    if (!session || !role) return;
    session.members.delete(socketId);
    if (role === 'follower') this.counts.add(id, -1);
  }

  // ------------------------------------------------------------------ moves (the hot path)

  private presenterSession(socket: LiveSocket, moves: TokenBucket, reply: (res: { ok: false; error: LiveError }) => void): LiveSession | undefined {
    const current = membership(socket);
    const fail = (error: LiveError) => {
      reply({ ok: false, error });
      return undefined;
    };
    if (!current) return fail('not-joined');
    if (current.role !== 'presenter') return fail('forbidden');
    if (!moves.take()) return fail('rate-limited');
    return this.sessions.get(current.session) ?? fail('unknown-session');
  }

  /**
   * `target` is a place (navigate; `paused` left out keeps the blackout, in the store's own
   * step) or a function of the current state (step).
   */
  private async move(
    session: LiveSession,
    target: MoveTarget | ((state: LiveState) => MoveTarget),
    reply: (res: Ack<{ state: LiveState }>) => void,
  ): Promise<void> {
    const shape = this.shapes.peek(session.deck);
    if (!shape) return reply({ ok: false, error: 'unavailable' });
    let outcome: MoveOutcome | 'store-unavailable' = 'store-unavailable';
    for (let attempt = 0; attempt < 5; attempt++) {
      // A step depends on the current state: read it, and store only if nothing moved since.
      const current = typeof target === 'function' ? await this.store.get(session.id).catch(storeFailure) : undefined;
      if (current === 'store-unavailable') return reply({ ok: false, error: current });
      if (typeof target === 'function' && !current) return reply({ ok: false, error: 'unknown-session' });
      const wanted = typeof target === 'function' ? target(current!.state) : target;
      const position = clampPosition(shape, wanted);
      if (!position) return reply({ ok: false, error: 'out-of-range' });
      outcome = await this.store.move(session.id, { ...position, paused: wanted.paused }, { ifSeq: current?.state.seq }).catch(storeFailure);
      if (outcome === 'store-unavailable' || outcome.outcome !== 'conflict') break;
    }
    if (outcome === 'store-unavailable') return reply({ ok: false, error: outcome });
    if (outcome.outcome === 'missing') return reply({ ok: false, error: 'unknown-session' });
    // Five steps in a row overtaken by other moves: the presenters are racing each other.
    if (outcome.outcome === 'conflict') return reply({ ok: false, error: 'rate-limited' });
    const state = this.seen(session, outcome.state);
    if (outcome.outcome === 'moved') this.io.to(room(session.id)).emit('session:state', state);
    reply({ ok: true, state });
  }

  private async timer(session: LiveSession, action: TimerRequest['action'], reply: (res: Ack<{ timer: TimerState }>) => void): Promise<void> {
    // Two presenter tabs pressing at once: the last write wins; the timer is the speaker's own.
    const record = await this.store.get(session.id).catch(storeFailure);
    if (record === 'store-unavailable') return reply({ ok: false, error: record });
    if (!record) return reply({ ok: false, error: 'unknown-session' });
    const timer = applyTimer(record.timer, action);
    const updated = await this.store.update(session.id, { timer, activeAt: Date.now() }).catch(storeFailure);
    if (updated === 'store-unavailable') return reply({ ok: false, error: updated });
    this.io.to(presentersRoom(session.id)).emit('session:timer', timer);
    reply({ ok: true, timer });
  }
}

/** A store that cannot be reached becomes the ack's error; anything else is a bug and is thrown. */
function storeFailure(err: unknown): 'store-unavailable' {
  if (err instanceof StoreUnavailableError) return 'store-unavailable';
  throw err;
}

/** The ack if the client sent one, else a no-op: a payload without an ack is handled, unanswered. */
function replier<T extends object = object>(ack: unknown): (res: Ack<T>) => void {
  return typeof ack === 'function' ? (res) => (ack as (res: Ack<T>) => void)(res) : () => {};
}
