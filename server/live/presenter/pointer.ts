// `presenter:pointer`: the speaker's laser pointer, relayed to the session's room. It passes the
// presenter gate like every presenter:* request (so whoever may move may point), with its own
// per-connection allowance, then a per-session coalescer: the room gets at most
// POINTER_PER_SECOND updates a second, the newest always. Emits are volatile, so a follower
// whose connection is busy skips positions instead of queueing them; once the pointer has been
// still for a moment, its last update (the resting spot, or off) goes out once more, reliably,
// so it reaches every follower. Emits go through the socket.io adapter's room broadcast (with
// Redis, every process's members get them); nothing is written to the session store.
import { POINTER_PER_SECOND, pointerSchema, type PointerUpdate } from '../../../shared/protocol.ts';
import type { LiveDeps } from '../deps.ts';
import { room } from '../membership/members.ts';
import { presenterHandler, type PresenterHandler } from './gate.ts';
import { Coalescer, type Timers } from './coalesce.ts';

/** Still this long, the pointer's last update is sent again reliably. */
const POINTER_SETTLE_MS = 150;

interface Pending {
  /** The sender's connection: the presenter page draws its own dot and needs no echo. */
  from: string;
  pointer: PointerUpdate;
}

export class PointerRelay {
  private readonly coalescer: Coalescer<Pending>;

  constructor(private readonly deps: Pick<LiveDeps, 'io' | 'sessions' | 'clock'>, timers?: Timers) {
    const { io, clock } = deps;
    this.coalescer = new Coalescer<Pending>((id, { from, pointer }) => io.to(room(id)).except(from).volatile.emit('session:pointer', pointer), {
      intervalMs: 1000 / POINTER_PER_SECOND,
      clock,
      timers,
      settleMs: POINTER_SETTLE_MS,
      settle: (id, { from, pointer }) => io.to(room(id)).except(from).emit('session:pointer', pointer),
    });
  }

  /** One connection's handler (the gate's action needs to know which socket points). */
  handlerFor(socketId: string): PresenterHandler {
    return presenterHandler(this.deps.sessions, pointerSchema, (session, pointer, reply) => {
      this.coalescer.push(session.id, { from: socketId, pointer });
      reply({ ok: true });
    });
  }

  close(): void {
    this.coalescer.close();
  }
}
