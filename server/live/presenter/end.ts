// `presenter:end`: the speaker ends the session for everyone. The store forgets it, so the key,
// the follow link and `GET /api/sessions/<id>` stop working on every process; the room hears
// `session:ended` (followers see "This session has ended").
import { endSchema } from '../../../shared/protocol.ts';
import type { LiveDeps } from '../deps.ts';
import { failure, refused } from '../acks.ts';
import { presenterHandler, type PresenterHandler } from './gate.ts';
import type { Expiry } from '../sessions/expiry.ts';

export function endHandler({ store, sessions }: Pick<LiveDeps, 'store' | 'sessions'>, expiry: Expiry): PresenterHandler {
  return presenterHandler(sessions, endSchema, async (session, _request, reply) => {
    const deleted = await store.delete(session.id).catch(failure);
    if (typeof deleted === 'string') return reply(refused(deleted));
    reply({ ok: true });
    expiry.announce(session.id, 'ended');
  });
}
