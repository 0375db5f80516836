// `presenter:timer`: Start / Pause / Reset of the presenters' elapsed-time clock, kept in the
// store so every presenter tab, on any process, and a restarted server show the same time. The
// clock itself is plain data (shared/timer.ts), computed on the hub's clock.
import { timerSchema, type TimerState } from '../../../shared/protocol.ts';
import { applyTimer } from '../../../shared/timer.ts';
import type { LiveDeps } from '../deps.ts';
import { presentersRoom } from '../membership/members.ts';
import { failure, refused, type Reply } from '../acks.ts';
import { presenterHandler, type PresenterHandler } from './gate.ts';

export function timerHandler({ io, store, sessions, clock }: Pick<LiveDeps, 'io' | 'store' | 'sessions' | 'clock'>): PresenterHandler {
  return presenterHandler(sessions, timerSchema, async (session, { action }, reply: Reply<{ timer: TimerState }>) => {
    // Two presenter tabs pressing at once: the last write wins; the timer is the speaker's own.
    const record = await store.get(session.id).catch(failure);
    if (typeof record === 'string') return reply(refused(record));
    if (!record) return reply(refused('unknown-session'));
    const now = clock();
    const timer = applyTimer(record.timer, action, now);
    const updated = await store.update(session.id, { timer, activeAt: now }).catch(failure);
    if (typeof updated === 'string') return reply(refused(updated));
    io.to(presentersRoom(session.id)).emit('session:timer', timer);
    reply({ ok: true, timer });
  });
}
