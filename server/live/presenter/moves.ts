// Presenter moves, the hot path: `presenter:navigate` to a place, `presenter:step` the way
// reveal.js steps. A move is checked against the deck (h/v in range, f clamped), handed to the
// store, which assigns its `seq` atomically (one order for moves made on any process), then
// broadcast to the session's room and acked.
import type { LiveState } from '../../../shared/positions.ts';
import { navigateSchema, stepSchema } from '../../../shared/protocol.ts';
import type { LiveDeps } from '../deps.ts';
import { clampPosition, step } from './navigation.ts';
import type { MoveOutcome, MoveTarget } from '../stores/store.ts';
import { room } from '../membership/members.ts';
import { failure, refused, type Reply } from '../acks.ts';
import { presenterHandler, type PresenterHandler } from './gate.ts';
import { seen, type LiveSession } from '../sessions/sessions.ts';

type MoveDeps = Pick<LiveDeps, 'io' | 'store' | 'shapes' | 'sessions'>;
type MoveReply = Reply<{ state: LiveState }>;

export class Moves {
  readonly navigate: PresenterHandler;
  readonly step: PresenterHandler;

  /** `reached`: told of every move that changed the place (polls open on their slide). */
  constructor(
    private readonly deps: MoveDeps,
    private readonly reached: (session: LiveSession, state: LiveState) => void = () => {},
  ) {
    // `paused` left out keeps the blackout, in the store's own step.
    this.navigate = presenterHandler(deps.sessions, navigateSchema, (session, target, reply: MoveReply) => this.move(session, target, reply));
    this.step = presenterHandler(deps.sessions, stepSchema, (session, { to }, reply: MoveReply) => {
      const shape = deps.shapes.peek(session.deck);
      if (!shape) return reply(refused('unavailable'));
      return this.move(session, (state) => ({ ...step(shape, state, to), paused: state.paused }), reply);
    });
  }

  /** `target` is a place (navigate) or a function of the current state (step). */
  private async move(session: LiveSession, target: MoveTarget | ((state: LiveState) => MoveTarget), reply: MoveReply): Promise<void> {
    const { io, store, shapes } = this.deps;
    const shape = shapes.peek(session.deck);
    if (!shape) return reply(refused('unavailable'));
    let outcome: MoveOutcome;
    for (let attempt = 1; ; attempt++) {
      // A step depends on the current state: read it, and store only if nothing moved since.
      const current = typeof target === 'function' ? await store.get(session.id).catch(failure) : undefined;
      if (typeof current === 'string') return reply(refused(current));
      if (typeof target === 'function' && !current) return reply(refused('unknown-session'));
      const wanted = typeof target === 'function' ? target(current!.state) : target;
      const position = clampPosition(shape, wanted);
      if (!position) return reply(refused('out-of-range'));
      const moved = await store.move(session.id, { ...position, paused: wanted.paused }, { ifSeq: current?.state.seq }).catch(failure);
      if (typeof moved === 'string') return reply(refused(moved));
      outcome = moved;
      if (outcome.outcome !== 'conflict' || attempt === 5) break;
    }
    if (outcome.outcome === 'missing') return reply(refused('unknown-session'));
    // Five steps in a row overtaken by other moves: the presenters are racing each other.
    if (outcome.outcome === 'conflict') return reply(refused('rate-limited'));
    const state = seen(session, outcome.state);
    if (outcome.outcome === 'moved') io.to(room(session.id)).emit('session:state', state);
    reply({ ok: true, state });
    if (outcome.outcome === 'moved') this.reached(session, state);
  }
}
