// How sessions end (issue #3): a presenter ends one (`presenter:end`), it sits idle (no
// presenter action) for the store's TTL, or no presenter took it up in time; the store drops
// it, everyone in it hears `session:ended`, and this process lets go of it and its sockets.
import type { Logger } from 'pino';
import type { LecternIo } from '../app.ts';
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
    this.io.to(room(id)).emit('session:ended', { session: id, reason });
    this.drop(id);
  }

  private async sweep(): Promise<void> {
    try {
      for (const id of await this.store.expire(this.clock())) this.announce(id, 'expired');
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
      if (socket) this.members.exit(socket);
    }
  }
}
