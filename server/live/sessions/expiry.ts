// How sessions end: a presenter ends one (`presenter:end`), it sits idle (no
// presenter action) for the store's TTL, or no presenter took it up in time; the store drops
// it, everyone in it hears `session:ended`, and this process lets go of it and its sockets.
import type { LiveDeps } from '../deps.ts';
import { room } from '../membership/members.ts';

type ExpiryDeps = Pick<LiveDeps, 'io' | 'store' | 'audience' | 'sessions' | 'members' | 'counts' | 'logger' | 'clock'>;

export class Expiry {
  private readonly timer: NodeJS.Timeout;

  /** Looks for sessions to end every `intervalMs`, on the deps' clock (tests move it). */
  constructor(
    private readonly deps: ExpiryDeps,
    intervalMs: number,
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
    const { io, sessions } = this.deps;
    const local = [...(sessions.byId.get(id)?.members.keys() ?? [])];
    for (const socketId of local) io.sockets.sockets.get(socketId)?.emit('session:ended', { session: id, reason });
    io.to(room(id)).except(local).emit('session:ended', { session: id, reason });
    this.drop(id);
  }

  /** One look for sessions to end; runs on the interval, and tests may call it after moving the clock. */
  async sweep(): Promise<void> {
    const { store, sessions, clock, logger } = this.deps;
    try {
      // Held here but no longer in a shared store: another process expired (and announced) them,
      // or they lapsed and the expire below removes (and announces) them. Looked up first, and
      // the clock read after, so expire() sees every session get() no longer returned.
      const gone: string[] = [];
      if (store.shared) {
        for (const id of [...sessions.byId.keys()]) if (!(await store.get(id))) gone.push(id);
      }
      for (const id of await store.expire(clock())) this.announce(id, 'expired');
      for (const id of gone) this.drop(id);
    } catch (err) {
      logger.error({ err }, 'session expiry failed');
    }
  }

  private drop(id: string): void {
    const { io, sessions, members, counts, audience, logger } = this.deps;
    const session = sessions.byId.get(id);
    sessions.byId.delete(id);
    counts.forget(id);
    // The questions end with the session (on Redis, whichever process lets go first removes them).
    audience.drop(id).catch((err: unknown) => logger.warn({ err, session: id }, 'audience data not removed'));
    if (!session) return;
    for (const socketId of session.members.keys()) {
      const socket = io.sockets.sockets.get(socketId);
      if (socket) members.exit(socket);
    }
  }
}
