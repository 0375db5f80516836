// How sessions end: a presenter ends one (`presenter:end`), it sits idle (no
// presenter action) for the store's TTL, or no presenter took it up in time; the store drops
// it, everyone in it hears `session:ended`, and this process lets go of it and its sockets.
import type { Logger } from 'pino';
import type { LecternIo } from '../context.ts';
import type { Clock, SessionStore } from './store.ts';
import type { FollowerCounts } from './follower-counts.ts';
import { room, type Members } from './members.ts';
import type { LiveSession } from './sessions.ts';

export class Expiry {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: LecternIo,
    private readonly store: SessionStore,
    /** This process's sessions: expired ones are deleted from it. */
    private readonly sessions: Map<string, LiveSession>,
    private readonly members: Members,
    private readonly counts: FollowerCounts,
    private readonly logger: Logger,
    intervalMs: number,
    private readonly clock: Clock = Date.now,
  ) {
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Announces a session the store no longer holds to its room (on every process) and lets go of it here. */
  announce(id: string, reason: 'ended' | 'expired'): void {
    // This process's members are told directly: a broadcast through the Redis adapter reaches
    // local sockets only after its round trip to Redis, when drop() has taken them out of the room.
    const local = [...(this.sessions.get(id)?.members.keys() ?? [])];
    for (const socketId of local) this.io.sockets.sockets.get(socketId)?.emit('session:ended', { session: id, reason });
    this.io.to(room(id)).except(local).emit('session:ended', { session: id, reason });
    this.drop(id);
  }

  private async sweep(): Promise<void> {
    try {
      // Held here but no longer in a shared store: another process expired (and announced) them,
      // or they lapsed and the expire below removes (and announces) them. Looked up first, and
      // the clock read after, so expire() sees every session get() no longer returned.
      const gone: string[] = [];
      if (this.store.shared) {
        for (const id of [...this.sessions.keys()]) if (!(await this.store.get(id))) gone.push(id);
      }
      for (const id of await this.store.expire(this.clock())) this.announce(id, 'expired');
      for (const id of gone) this.drop(id);
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
      if (socket) this.members.exit(socket);
    }
  }
}
