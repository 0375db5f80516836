// The live-session hub: socket.io handlers for the protocol in shared/protocol.ts, wired from one
// module per concept — sessions/ (this process's sessions, how they end, store outages),
// membership/ (joins, who is in which session, follower counts), presenter/ (moves, the timer,
// ending a session). It builds the one LiveDeps object they all take. State is always read from
// the store (with several processes, one order for moves made on any of them); the hub keeps
// only what is this process's own: its sockets' memberships and counts.
import type { Logger } from 'pino';
import type { LecternIo } from '../context.ts';
import type { DeckStore } from '../decks/store.ts';
import type { SessionDescription } from '../../shared/protocol.ts';
import { KeyedLimiter, TokenBucket } from './rate-limit.ts';
import { TRUST_LOOPBACK } from './address.ts';
import { refused, replier } from './acks.ts';
import { DEFAULT_LIMITS, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_ADDRESS, type HubOptions, type LiveDeps } from './deps.ts';
import { UNJOINED_TTL_MS, type SessionStore } from './stores/store.ts';
import { LiveSessions, seen, type CreateRequest } from './sessions/sessions.ts';
import { Expiry } from './sessions/expiry.ts';
import { StoreOutage } from './sessions/outage.ts';
import { Joins } from './membership/join.ts';
import { Members, membership, room, type LiveSocket } from './membership/members.ts';
import { FollowerCounts, LocalPresence } from './membership/presence.ts';
import { DeckShapes } from './presenter/shapes.ts';
import { Moves } from './presenter/moves.ts';
import { timerHandler } from './presenter/timer.ts';
import { endHandler } from './presenter/end.ts';
import { Drivers, seatOf } from './presenter/driver.ts';
import { PointerRelay } from './presenter/pointer.ts';
import { penHandler } from './presenter/pen.ts';
import type { PresenterHandler } from './presenter/gate.ts';
import type { AudienceStore } from './audience/store.ts';
import { Audience } from './audience/questions.ts';
import { audienceExportRouter } from './audience/export-route.ts';
import type express from 'express';

/** What the hub is given by the app: the socket.io server, the session store, the decks, a logger. */
export interface HubBase {
  io: LecternIo;
  store: SessionStore;
  audience: AudienceStore;
  decks: DeckStore;
  logger: Logger;
}

const KNOWN_EVENTS = new Set([
  'session:join',
  'presenter:navigate',
  'presenter:step',
  'presenter:timer',
  'presenter:end',
  'presenter:driver',
  'presenter:question',
  'presenter:questions',
  'audience:ask',
  'audience:vote',
  'audience:react',
  'poll:answer',
  'presenter:poll',
  'presenter:pointer',
  'presenter:draw',
]);

export class LiveHub {
  private readonly deps: LiveDeps;
  private readonly joins: Joins;
  private readonly moves: Moves;
  private readonly timer: PresenterHandler;
  private readonly end: PresenterHandler;
  private readonly driver: PresenterHandler;
  private readonly audience: Audience;
  private readonly moderation: PresenterHandler;
  private readonly modeSwitch: PresenterHandler;
  private readonly pollControl: PresenterHandler;
  private readonly pointer: PointerRelay;
  private readonly outage: StoreOutage;
  private readonly expiry: Expiry;

  constructor({ io, store, audience, decks, logger }: HubBase, options: HubOptions = {}) {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const clock = options.clock ?? Date.now;
    const drivers = new Drivers({ io, store, clock }, options.driverGraceMs);
    const sessions = new LiveSessions(
      { store, logger, clock, drivers },
      {
        caps: { total: options.maxSessions ?? DEFAULT_MAX_SESSIONS, perCreator: options.maxSessionsPerAddress ?? DEFAULT_MAX_SESSIONS_PER_ADDRESS },
        unjoinedTtlMs: options.unjoinedTtlMs ?? UNJOINED_TTL_MS,
      },
    );
    const counts = new FollowerCounts({
      presence: options.presence ?? new LocalPresence(),
      emit: (id, followers, localOnly) => (localOnly ? io.local : io).to(room(id)).emit('session:presence', { followers }),
      hasMembers: (id) => (sessions.byId.get(id)?.members.size ?? 0) > 0,
      intervalMs: options.presenceIntervalMs ?? 500,
      logger,
    });
    this.deps = {
      io,
      store,
      audience,
      sessions,
      shapes: new DeckShapes(decks, logger),
      members: new Members(sessions.byId, counts),
      drivers,
      counts,
      logger,
      clock,
      limits,
      misses: new KeyedLimiter(limits.misses, { clock }),
      trustProxy: options.trustProxy ?? TRUST_LOOPBACK,
    };
    this.audience = new Audience(this.deps);
    this.moderation = this.audience.moderation();
    this.modeSwitch = this.audience.modeSwitch();
    this.pollControl = this.audience.polls.handler();
    this.joins = new Joins(this.deps, (session, role, who) => this.audience.snapshot(session, role, who));
    this.moves = new Moves(this.deps, (session, state) => this.audience.polls.reached(session, state.h, state.v));
    this.timer = timerHandler(this.deps);
    this.outage = new StoreOutage(this.deps);
    this.expiry = new Expiry(this.deps, options.sweepIntervalMs ?? 60 * 1000);
    this.end = endHandler(this.deps, this.expiry);
    this.driver = drivers.handler(sessions);
    this.pointer = new PointerRelay(this.deps);
  }

  /** The presenter's export of questions and poll results (HTTP). */
  exportRouter(): express.Router {
    return audienceExportRouter(this.deps);
  }

  /** Misses by address (HTTP lookups and joins of unknown ids); the routes consult it too. */
  get misses(): KeyedLimiter {
    return this.deps.misses;
  }

  /** The live sessions' clock (injected by tests), for every limit that refills with time. */
  get clock(): () => number {
    return this.deps.clock;
  }

  attach(): void {
    this.deps.io.on('connection', (socket) => this.onConnection(socket));
  }

  async close(): Promise<void> {
    this.expiry.close();
    this.outage.close();
    this.audience.close();
    this.pointer.close();
    await this.deps.counts.close();
    await this.deps.audience.close();
    await this.deps.store.close();
  }

  /** A new session on `deck` (already known to exist); the key is returned once, never stored. */
  create(deck: string, request?: CreateRequest): Promise<{ id: string; key: string }> {
    return this.deps.sessions.create(deck, request);
  }

  /** The same answer on every process: state from the store, followers summed over processes. */
  async describe(id: string): Promise<SessionDescription | undefined> {
    const { sessions, store, counts } = this.deps;
    const session = await sessions.load(id);
    if (!session) return undefined;
    const [record, followers] = await Promise.all([store.get(id), counts.total(id)]);
    return record && { id: session.id, deck: session.deck, state: seen(session, record.state), followers };
  }

  private onConnection(socket: LiveSocket): void {
    const { limits, clock, logger, members } = this.deps;
    const buckets = {
      moves: new TokenBucket(limits.moves, clock),
      joins: new TokenBucket(limits.joins, clock),
      wrongKeys: new TokenBucket(limits.wrongKeysPerSocket, clock),
      pointer: new TokenBucket(limits.pointer, clock),
      draw: new TokenBucket(limits.draw, clock),
    };
    const pointer = this.pointer.handlerFor(socket.id);
    const pen = penHandler(this.deps, socket.id);
    this.joins.recover(socket);

    const guard =
      <A extends unknown[]>(name: string, fn: (...args: A) => void | Promise<void>) =>
      (...args: A) => {
        try {
          const result = fn(...args);
          if (result instanceof Promise) result.catch((err: unknown) => logger.error({ err, event: name }, 'live handler failed'));
        } catch (err) {
          logger.error({ err, event: name }, 'live handler failed');
        }
      };

    socket.on('session:join', guard('session:join', (payload, ack) => this.joins.join(socket, buckets, payload, ack)));
    socket.on('presenter:navigate', guard('presenter:navigate', (payload, ack) => this.moves.navigate(socket, buckets.moves, payload, ack)));
    socket.on('presenter:step', guard('presenter:step', (payload, ack) => this.moves.step(socket, buckets.moves, payload, ack)));
    socket.on('presenter:timer', guard('presenter:timer', (payload, ack) => this.timer(socket, buckets.moves, payload, ack)));
    socket.on('presenter:end', guard('presenter:end', (payload, ack) => this.end(socket, buckets.moves, payload, ack)));
    socket.on('presenter:driver', guard('presenter:driver', (payload, ack) => this.driver(socket, buckets.moves, payload, ack)));
    socket.on('presenter:question', guard('presenter:question', (payload, ack) => this.moderation(socket, buckets.moves, payload, ack)));
    socket.on('presenter:questions', guard('presenter:questions', (payload, ack) => this.modeSwitch(socket, buckets.moves, payload, ack)));
    socket.on('audience:ask', guard('audience:ask', (payload, ack) => this.audience.ask(socket, payload, ack)));
    socket.on('audience:vote', guard('audience:vote', (payload, ack) => this.audience.vote(socket, payload, ack)));
    socket.on('audience:react', guard('audience:react', (payload, ack) => this.audience.react(socket, payload, ack)));
    socket.on('poll:answer', guard('poll:answer', (payload, ack) => this.audience.answer(socket, payload, ack)));
    socket.on('presenter:poll', guard('presenter:poll', (payload, ack) => this.pollControl(socket, buckets.moves, payload, ack)));
    socket.on('presenter:pointer', guard('presenter:pointer', (payload, ack) => pointer(socket, buckets.pointer, payload, ack)));
    socket.on('presenter:draw', guard('presenter:draw', (payload, ack) => pen(socket, buckets.draw, payload, ack)));
    // Unknown events of this module's namespaces get an answer instead of a silent time-out;
    // other namespaces belong to other modules.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event !== 'string' || KNOWN_EVENTS.has(event) || !/^(session|presenter|audience|poll):/.test(event)) return;
      replier(args[args.length - 1])(refused('unknown-event'));
    });
    // Only the hub's count: socket.data must keep `.live`, since socket.io saved that very object
    // for connection state recovery (socket.io/dist/socket.js `_onclose`).
    socket.on('disconnect', () => {
      const current = membership(socket);
      if (!current) return;
      members.remove(current.session, socket.id);
      if (current.role === 'presenter') this.presenterLeft(current.session, seatOf(current).seat);
    });
  }

  /** The driver's grace starts once none of its seat's connections is left on this process. */
  private presenterLeft(id: string, seat: string): void {
    const { sessions, io, drivers, logger } = this.deps;
    const session = sessions.byId.get(id);
    if (!session) return;
    for (const [socketId, role] of session.members) {
      if (role === 'presenter' && seatOf(io.of('/').sockets.get(socketId)?.data.live ?? {}).seat === seat) return;
    }
    drivers.left(id, seat).catch((err: unknown) => logger.error({ err, session: id }, 'driver update failed'));
  }
}
