// `presenter:draw`: the speaker's pen, relayed to the session's room. It passes the presenter gate
// with its own per-connection allowance. Segments are neither coalesced nor volatile — dropping
// one would leave a gap in the ink — and the allowance bounds what a follower's connection is
// asked to carry. Ink is kept by no server and no store: each page holds the current slide's
// strokes until the slide changes or the speaker clears them; a page that joins later sees
// only what is drawn after.
import { drawSchema } from '../../../shared/protocol.ts';
import type { LiveDeps } from '../deps.ts';
import { room } from '../membership/members.ts';
import { presenterHandler, type PresenterHandler } from './gate.ts';

/** One connection's handler: the room, but not the sender (its page drew the ink already). */
export function penHandler({ io, sessions }: Pick<LiveDeps, 'io' | 'sessions'>, socketId: string): PresenterHandler {
  return presenterHandler(sessions, drawSchema, (session, draw, reply) => {
    io.to(room(session.id)).except(socketId).emit('session:draw', draw);
    reply({ ok: true });
  });
}
