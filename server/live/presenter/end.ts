// `presenter:end` (issue #3): the speaker ends the session for everyone. The store forgets it,
// so the key, the follow link and `GET /api/sessions/<id>` stop working on every process; the
// room hears `session:ended` (followers see "This session has ended").
import { endSchema } from './schemas.ts';
import type { SessionStore } from './store.ts';
import { presenterHandler, storeFailure, type PresenterHandler } from './requests.ts';
import type { LiveSession } from './sessions.ts';
import type { Expiry } from './expiry.ts';

export function endHandler(store: SessionStore, sessions: ReadonlyMap<string, LiveSession>, expiry: Expiry): PresenterHandler {
  return presenterHandler(sessions, endSchema, async (session, _request, reply) => {
    const deleted = await store.delete(session.id).catch(storeFailure);
    if (deleted === 'store-unavailable') return reply({ ok: false, error: deleted });
    reply({ ok: true });
    expiry.announce(session.id, 'ended');
  });
}
