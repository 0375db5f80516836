// The sessions this process holds: what never changes about each (deck, key hash), the newest
// state it has seen, and its own connections. The store stays the truth for state; this is what
// the hub looks up by id, once per request, without a round trip.
import { LecternError } from '../../../shared/errors.ts';
import type { LiveState } from '../../../shared/positions.ts';
import type { LiveErrorCode, LiveRole } from '../../../shared/protocol.ts';
import type { Membership } from '../membership/members.ts';
import type { LiveDeps } from '../deps.ts';
import { hashSecret, newPresenterKey, newSessionId } from './ids.ts';
import type { SessionCaps, SessionRecord } from '../stores/store.ts';

/**
 * Added to `seq` when a session is loaded from the store by a new process: the last moves
 * before a crash may not have reached the disk, and clients that saw them must still find the
 * next state newer than theirs. Far more than the moves a rate-limited presenter makes while a
 * write is pending.
 */
export const RESTART_SEQ_GAP = 1000;

/** What this process holds of a session: what never changes, and its own connections. */
export interface LiveSession {
  id: string;
  deck: string;
  keyHash: string;
  /** The newest state this process has seen: re-published after a store outage. */
  state: LiveState;
  /** socket id → role, for every connection in the session on this process. */
  members: Map<string, LiveRole>;
  /** No presenter had joined when this process last read it: the first presenter claims it. */
  pending: boolean;
}

/** What the presenter gate needs of the drivers (presenter/driver.ts): may this presenter change what the room sees now? */
export interface DriverGate {
  check(session: LiveSession, member: Membership): Promise<true | LiveErrorCode>;
}

/** Who asks for a session: anyone (`creator`, their address key) or the operator (no creator). */
export interface CreateRequest {
  /** The creator's address key (addressKey()); absent for a request with the admin token. */
  creator?: string;
}

export interface SessionLimits {
  caps: SessionCaps;
  /** An anonymous session no presenter joins within this long is dropped. */
  unjoinedTtlMs: number;
}

/** Remembers the newest state seen; returns the one given. */
export function seen(session: LiveSession, state: LiveState): LiveState {
  if (state.seq > session.state.seq) session.state = state;
  return state;
}

function fromRecord(record: SessionRecord): LiveSession {
  return { id: record.id, deck: record.deck, keyHash: record.keyHash, state: record.state, members: new Map(), pending: record.pendingUntil !== undefined };
}

export class LiveSessions {
  /** By id; the hot path reads it directly (one Map lookup per move). */
  readonly byId = new Map<string, LiveSession>();
  private loading = new Map<string, Promise<LiveSession | undefined>>();

  /** The gate (presenter/gate.ts) finds the drivers here, beside the sessions it looks up. */
  readonly drivers: DriverGate;

  constructor(
    private readonly deps: Pick<LiveDeps, 'store' | 'logger' | 'clock'> & { drivers: DriverGate },
    private readonly limits: SessionLimits,
  ) {
    this.drivers = deps.drivers;
  }

  /**
   * A new session on `deck` (already known to exist); the key is returned once, never stored.
   * Anonymous sessions count against their address's share and wait for a presenter; the
   * operator's (created with the admin token) are kept like any joined session. Refusals are
   * LecternErrors: `too-many-sessions`, `too-many-from-address` (the caps), `no-free-id`,
   * `store-unavailable`.
   */
  async create(deck: string, request: CreateRequest = {}): Promise<{ id: string; key: string }> {
    const key = newPresenterKey();
    const now = this.deps.clock();
    for (let attempt = 0; attempt < 20; attempt++) {
      const record: SessionRecord = {
        id: newSessionId(),
        deck,
        keyHash: hashSecret(key),
        state: { h: 0, v: 0, f: -1, paused: false, seq: 1, at: now },
        timer: { running: false, elapsedMs: 0, at: now },
        createdAt: now,
        activeAt: now,
        ...(request.creator !== undefined && { creator: request.creator, pendingUntil: now + this.limits.unjoinedTtlMs }),
      };
      if (await this.deps.store.create(record, this.limits.caps)) {
        this.byId.set(record.id, fromRecord(record));
        return { id: record.id, key };
      }
    }
    throw new LecternError('no-free-id', 'no free session id was found; try again');
  }

  /** The session from memory, else from the store (one read however many ask at once). */
  load(id: string): Promise<LiveSession | undefined> {
    const live = this.byId.get(id);
    if (live) return Promise.resolve(live);
    let loading = this.loading.get(id);
    if (!loading) {
      const { store, logger } = this.deps;
      loading = store
        .get(id)
        .then((record) => {
          if (!record) return undefined;
          const known = this.byId.get(id);
          if (known) return known;
          const session = fromRecord(record);
          this.byId.set(id, session);
          // A store shared with other processes keeps seq itself; one that only this process
          // writes may have lost its last moves in a crash (see RESTART_SEQ_GAP).
          if (!store.shared) {
            const { h, v, f, paused } = record.state;
            void store
              .move(id, { h, v, f, paused }, { gap: RESTART_SEQ_GAP })
              .then((outcome) => outcome.outcome !== 'missing' && seen(session, outcome.state))
              .catch((err: unknown) => logger.error({ err, session: id }, 'session store update failed'));
          }
          return session;
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  /**
   * A presenter joined. A session still waiting for one is claimed before the join is answered
   * (false: it is gone, its deadline passed); otherwise the activity is recorded in the
   * background (sessions idle for the TTL expire), off the join's path.
   */
  async presenterJoined(session: LiveSession): Promise<boolean> {
    const { store, logger, clock } = this.deps;
    const activeAt = clock();
    if (session.pending) {
      if (!(await store.update(session.id, { activeAt, claimed: true }))) return false;
      session.pending = false;
      return true;
    }
    store.update(session.id, { activeAt }).catch((err: unknown) => {
      logger.error({ err, session: session.id }, 'session store update failed');
    });
    return true;
  }
}
