// The sessions this process holds (issue #3): what never changes about each (deck, key hash),
// the newest state it has seen, and its own connections. The store stays the truth for state;
// this is what the hub looks up by id, once per request, without a round trip.
import type { Logger } from 'pino';
import type { LiveRole, LiveState } from './protocol.ts';
import { hashSecret, newPresenterKey, newSessionId } from './ids.ts';
import type { SessionRecord, SessionStore } from './store.ts';

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
}

export class HubError extends Error {
  constructor(readonly code: 'too-many-sessions' | 'no-id') {
    super(code);
  }
}

/** Remembers the newest state seen; returns the one given. */
export function seen(session: LiveSession, state: LiveState): LiveState {
  if (state.seq > session.state.seq) session.state = state;
  return state;
}

function fromRecord(record: SessionRecord): LiveSession {
  return { id: record.id, deck: record.deck, keyHash: record.keyHash, state: record.state, members: new Map() };
}

export class LiveSessions {
  /** By id; the hot path reads it directly (one Map lookup per move). */
  readonly byId = new Map<string, LiveSession>();
  private loading = new Map<string, Promise<LiveSession | undefined>>();

  constructor(
    private readonly store: SessionStore,
    private readonly logger: Logger,
    private readonly maxSessions: number,
  ) {}

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
        this.byId.set(record.id, fromRecord(record));
        return { id: record.id, key };
      }
    }
    throw new HubError('no-id');
  }

  /** The session from memory, else from the store (one read however many ask at once). */
  load(id: string): Promise<LiveSession | undefined> {
    const live = this.byId.get(id);
    if (live) return Promise.resolve(live);
    let loading = this.loading.get(id);
    if (!loading) {
      loading = this.store
        .get(id)
        .then((record) => {
          if (!record) return undefined;
          const known = this.byId.get(id);
          if (known) return known;
          const session = fromRecord(record);
          this.byId.set(id, session);
          // A store shared with other processes keeps seq itself; one that only this process
          // writes may have lost its last moves in a crash (see RESTART_SEQ_GAP).
          if (!this.store.shared) {
            const { h, v, f, paused } = record.state;
            void this.store
              .move(id, { h, v, f, paused }, { gap: RESTART_SEQ_GAP })
              .then((outcome) => outcome.outcome !== 'missing' && seen(session, outcome.state))
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
  touch(session: LiveSession): void {
    this.store.update(session.id, { activeAt: Date.now() }).catch((err: unknown) => {
      this.logger.error({ err, session: session.id }, 'session store update failed');
    });
  }
}
