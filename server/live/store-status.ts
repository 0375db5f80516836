// While the session store is away (Redis, issue #5): presenters on this process hear
// `session:status` when it goes and when it comes back, and on the way back each session with
// members here is re-published with a seq far ahead, so every follower is certain to be on what
// the store holds (one process wins: ifSeq).
import type { Logger } from 'pino';
import type { LecternIo } from '../context.ts';
import type { SessionStore } from './store.ts';
import { presentersRoom, room } from './members.ts';
import { seen, type LiveSession } from './sessions.ts';

/**
 * Added to `seq` when the store comes back after an outage (issue #5): a Redis restarted from
 * its append-only file may have lost its last second of moves, and clients that saw them must
 * still take the re-published state as newer than theirs.
 */
export const RESYNC_SEQ_GAP = 1000;

export class StoreStatus {
  private readonly unwatch?: () => void;

  constructor(
    private readonly io: LecternIo,
    private readonly store: SessionStore,
    private readonly sessions: ReadonlyMap<string, LiveSession>,
    private readonly logger: Logger,
  ) {
    this.unwatch = store.watchAvailability?.((available) => this.onStatus(available));
  }

  close(): void {
    this.unwatch?.();
  }

  private onStatus(available: boolean): void {
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
      if (outcome.outcome === 'moved') this.io.to(room(session.id)).emit('session:state', seen(session, outcome.state));
    } catch (err) {
      this.logger.warn({ err, session: session.id }, 'session re-publish after store outage failed');
    }
  }
}
