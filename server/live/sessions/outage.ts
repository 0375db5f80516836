// While the session store is away (Redis): presenters on this process hear
// `session:status` when it goes and when it comes back, and on the way back each session with
// members here is re-published with a seq far ahead, so every follower is certain to be on what
// the store holds (one process wins: ifSeq).
import type { LiveDeps } from '../deps.ts';
import { presentersRoom, room } from '../membership/members.ts';
import { seen, type LiveSession } from '../sessions/sessions.ts';

/**
 * Added to `seq` when the store comes back after an outage: a Redis restarted from
 * its append-only file may have lost its last second of moves, and clients that saw them must
 * still take the re-published state as newer than theirs.
 */
export const RESYNC_SEQ_GAP = 1000;

export class StoreOutage {
  private readonly unwatch?: () => void;

  constructor(private readonly deps: Pick<LiveDeps, 'io' | 'store' | 'sessions' | 'logger'>) {
    this.unwatch = deps.store.watchAvailability?.((available) => this.onStatus(available));
  }

  close(): void {
    this.unwatch?.();
  }

  private onStatus(available: boolean): void {
    const { io, sessions, logger } = this.deps;
    logger[available ? 'info' : 'warn']({ available }, available ? 'session store is back' : 'session store unavailable');
    for (const session of sessions.byId.values()) {
      if (session.members.size === 0) continue;
      io.local.to(presentersRoom(session.id)).emit('session:status', { store: available ? 'ok' : 'reconnecting' });
      if (available) void this.resync(session);
    }
  }

  private async resync(session: LiveSession): Promise<void> {
    const { io, store, logger } = this.deps;
    try {
      const record = await store.get(session.id);
      if (!record) return;
      // What followers were last shown wins over what a restarted store kept, if newer.
      const best = session.state.seq > record.state.seq ? session.state : record.state;
      const { h, v, f, paused } = best;
      const outcome = await store.move(session.id, { h, v, f, paused }, { gap: RESYNC_SEQ_GAP + Math.max(0, best.seq - record.state.seq), ifSeq: record.state.seq });
      if (outcome.outcome === 'moved') io.to(room(session.id)).emit('session:state', seen(session, outcome.state));
    } catch (err) {
      logger.warn({ err, session: session.id }, 'session re-publish after store outage failed');
    }
  }
}
