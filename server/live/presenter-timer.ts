// `presenter:timer` (issue #3): Start / Pause / Reset of the presenters' elapsed-time clock,
// kept in the store so every presenter tab, on any process, and a restarted server show the
// same time. The clock itself is plain data (timer.ts).
import type { LecternIo } from '../context.ts';
import type { TimerState } from './protocol.ts';
import { timerSchema } from './schemas.ts';
import type { SessionStore } from './store.ts';
import { applyTimer } from './timer.ts';
import { presentersRoom } from './members.ts';
import { presenterHandler, storeFailure, type PresenterHandler, type Reply } from './requests.ts';
import type { LiveSession } from './sessions.ts';

export function timerHandler(io: LecternIo, store: SessionStore, sessions: ReadonlyMap<string, LiveSession>): PresenterHandler {
  return presenterHandler(sessions, timerSchema, async (session, { action }, reply: Reply<{ timer: TimerState }>) => {
    // Two presenter tabs pressing at once: the last write wins; the timer is the speaker's own.
    const record = await store.get(session.id).catch(storeFailure);
    if (record === 'store-unavailable') return reply({ ok: false, error: record });
    if (!record) return reply({ ok: false, error: 'unknown-session' });
    const timer = applyTimer(record.timer, action);
    const updated = await store.update(session.id, { timer, activeAt: Date.now() }).catch(storeFailure);
    if (updated === 'store-unavailable') return reply({ ok: false, error: updated });
    io.to(presentersRoom(session.id)).emit('session:timer', timer);
    reply({ ok: true, timer });
  });
}
