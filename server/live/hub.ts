// The live-session hub: socket.io handlers for the protocol in protocol.ts (issue #3). The hub
// keeps each loaded session in memory and is its one writer in this process: a move is checked
// (schema, role, rate, deck range), broadcast, acked, and only then handed to the store, which
// writes it off the hot path.
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
  TimerState,
} from './protocol.ts';
import { hashSecret, newPresenterKey, newSessionId, secretMatches } from './ids.ts';
import { clampPosition, step, type Position } from './navigation.ts';
import { KeyedLimiter, TokenBucket, type BucketOptions } from './rate-limit.ts';
import { joinSchema, navigateSchema, stepSchema, timerSchema } from './schemas.ts';
import { DeckShapes } from './shapes.ts';
import type { SessionRecord, SessionStore } from './store.ts';
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
}

/**
 * Added to `seq` when a session is loaded from the store by a new process: the last moves
 * before a crash may not have reached the disk, and clients that saw them must still find the
 * next state newer than theirs. Far more than the moves a rate-limited presenter makes while a
 * write is pending.
 */
export const RESTART_SEQ_GAP = 1000;

interface LiveSession {
  id: string;
  deck: string;
  keyHash: string;
  state: LiveState;
  timer: TimerState;
  /** socket id → role, for every connection in the session. */
  members: Map<string, LiveRole>;
  followers: number;
  presenceTimer?: NodeJS.Timeout;
  presenceSent: number;
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
  private readonly presenceIntervalMs: number;
  private readonly maxSessions: number;

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
    this.presenceIntervalMs = options.presenceIntervalMs ?? 500;
    this.maxSessions = options.maxSessions ?? 1000;
    const sweepMs = options.sweepIntervalMs ?? 10 * 60 * 1000;
    this.sweepTimer = setInterval(() => void this.sweep(), sweepMs);
    this.sweepTimer.unref();
  }

  attach(): void {
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    for (const session of this.sessions.values()) clearTimeout(session.presenceTimer);
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

  async describe(id: string): Promise<{ id: string; deck: string; state: LiveState; followers: number } | undefined> {
    const session = await this.load(id);
    return session && { id: session.id, deck: session.deck, state: session.state, followers: session.followers };
  }

  private fromRecord(record: SessionRecord): LiveSession {
    return {
      id: record.id,
      deck: record.deck,
      keyHash: record.keyHash,
      state: record.state,
      timer: record.timer,
      members: new Map(),
      followers: 0,
      presenceSent: 0,
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
          const session = this.sessions.get(id) ?? this.fromRecord(record);
          if (!this.sessions.has(id)) {
            session.state = { ...session.state, seq: session.state.seq + RESTART_SEQ_GAP };
            this.sessions.set(id, session);
            void this.persist(session);
          }
          return session;
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  private persist(session: LiveSession, activity = false): Promise<unknown> {
    const patch = activity
      ? { state: session.state, timer: session.timer, activeAt: Date.now() }
      : { state: session.state, timer: session.timer };
    return this.store.update(session.id, patch).catch((err: unknown) => {
      this.logger.error({ err, session: session.id }, 'session store update failed');
    });
  }

  private async sweep(): Promise<void> {
    try {
      for (const id of await this.store.expire()) {
        this.io.to(room(id)).emit('session:ended', { session: id, reason: 'expired' });
        const session = this.sessions.get(id);
        this.sessions.delete(id);
        if (!session) continue;
        clearTimeout(session.presenceTimer);
        for (const socketId of session.members.keys()) {
          const socket = this.io.sockets.sockets.get(socketId);
          if (socket) this.exit(socket);
        }
      }
    } catch (err) {
      this.logger.error({ err }, 'session expiry failed');
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
      const session = this.sessions.get(recovered.session);
      if (session) this.enter(socket, session, recovered.role);
      else setMembership(socket, undefined);
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
      this.move(session, position, paused ?? session.state.paused, reply);
    }));
    socket.on('presenter:step', guard('presenter:step', (payload, ack) => {
      const reply = replier<{ state: LiveState }>(ack);
      const session = this.presenterSession(socket, buckets.moves, reply);
      if (!session) return;
      const parsed = stepSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'bad-request' });
      const shape = this.shapes.peek(session.deck);
      if (!shape) return reply({ ok: false, error: 'unavailable' });
      this.move(session, step(shape, session.state, parsed.data.to), session.state.paused, reply);
    }));
    socket.on('presenter:timer', guard('presenter:timer', (payload, ack) => {
      const reply = replier<{ timer: TimerState }>(ack);
      const session = this.presenterSession(socket, buckets.moves, reply);
      if (!session) return;
      const parsed = timerSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'bad-request' });
      session.timer = applyTimer(session.timer, parsed.data.action);
      this.io.to(presentersRoom(session.id)).emit('session:timer', session.timer);
      reply({ ok: true, timer: session.timer });
      void this.persist(session, true);
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
    const session = await this.load(id);
    if (!session) return reply({ ok: false, error: 'unknown-session' });
    if (key !== undefined && !secretMatches(key, session.keyHash)) return reply({ ok: false, error: 'bad-key' });
    const role: LiveRole = key === undefined ? 'follower' : 'presenter';
    const extra: Partial<JoinResult> = {};
    if (role === 'presenter') {
      await this.shapes.shape(session.deck);
      extra.notes = await this.shapes.notes(session.deck);
      void this.persist(session, true);
    }
    if (socket.disconnected || !this.sessions.has(id)) return;
    this.enter(socket, session, role);
    // Read the state last: it is at least as new as any broadcast this socket got since entering.
    const result: JoinResult = { role, session: id, deck: session.deck, state: session.state, followers: session.followers, ...extra };
    if (role === 'presenter') result.timer = session.timer;
    if (typeof ack === 'function') reply({ ok: true, ...result });
    else socket.emit('session:state', session.state);
  }

  private enter(socket: LiveSocket, session: LiveSession, role: LiveRole): void {
    const previous = membership(socket);
    if (previous && previous.session !== session.id) this.exit(socket);
    const before = session.members.get(socket.id);
    session.members.set(socket.id, role);
    if (before !== role) {
      if (before === 'follower') session.followers--;
      if (role === 'follower') session.followers++;
      this.schedulePresence(session);
    }
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
    if (role === 'follower') {
      session.followers--;
      this.schedulePresence(session);
    }
  }

  /** Coalesced: thousands of joins at the start of a talk make a few broadcasts, not thousands. */
  private schedulePresence(session: LiveSession): void {
    if (session.presenceTimer) return;
    session.presenceTimer = setTimeout(() => {
      session.presenceTimer = undefined;
      if (session.followers === session.presenceSent) return;
      session.presenceSent = session.followers;
      this.io.to(room(session.id)).emit('session:presence', { followers: session.followers });
    }, this.presenceIntervalMs);
    session.presenceTimer.unref();
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

  private move(session: LiveSession, target: Position, paused: boolean, reply: (res: Ack<{ state: LiveState }>) => void): void {
    const shape = this.shapes.peek(session.deck);
    if (!shape) return reply({ ok: false, error: 'unavailable' });
    const position = clampPosition(shape, target);
    if (!position) return reply({ ok: false, error: 'out-of-range' });
    const s = session.state;
    if (position.h !== s.h || position.v !== s.v || position.f !== s.f || paused !== s.paused) {
      session.state = { ...position, paused, seq: s.seq + 1, at: Date.now() };
      this.io.to(room(session.id)).emit('session:state', session.state);
    }
    reply({ ok: true, state: session.state });
    void this.persist(session, true);
  }
}

/** The ack if the client sent one, else a no-op: a payload without an ack is handled, unanswered. */
function replier<T extends object = object>(ack: unknown): (res: Ack<T>) => void {
  return typeof ack === 'function' ? (res) => (ack as (res: Ack<T>) => void)(res) : () => {};
}
