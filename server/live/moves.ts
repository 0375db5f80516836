// Presenter moves, the hot path (issue #3): `presenter:navigate` to a place, `presenter:step`
// the way reveal.js steps. A move is checked against the deck (h/v in range, f clamped), handed
// to the store, which assigns its `seq` atomically (issue #5: one order for moves made on any
// process), then broadcast to the session's room and acked.
import type { LecternIo } from '../context.ts';
import type { LiveState } from './protocol.ts';
import { clampPosition, step } from './navigation.ts';
import { navigateSchema, stepSchema } from './schemas.ts';
import type { DeckShapes } from './shapes.ts';
import type { MoveOutcome, MoveTarget, SessionStore } from './store.ts';
import { room } from './members.ts';
import { presenterHandler, storeFailure, type PresenterHandler, type Reply } from './requests.ts';
import { seen, type LiveSession } from './sessions.ts';

export class Moves {
  readonly navigate: PresenterHandler;
  readonly step: PresenterHandler;

  constructor(
    private readonly io: LecternIo,
    private readonly store: SessionStore,
    private readonly shapes: DeckShapes,
    sessions: ReadonlyMap<string, LiveSession>,
  ) {
    // `paused` left out keeps the blackout, in the store's own step.
    this.navigate = presenterHandler(sessions, navigateSchema, (session, target, reply: Reply<{ state: LiveState }>) =>
      this.move(session, target, reply),
    );
    this.step = presenterHandler(sessions, stepSchema, (session, { to }, reply: Reply<{ state: LiveState }>) => {
      const shape = this.shapes.peek(session.deck);
      if (!shape) return reply({ ok: false, error: 'unavailable' });
      return this.move(session, (state) => ({ ...step(shape, state, to), paused: state.paused }), reply);
    });
  }

  /** `target` is a place (navigate) or a function of the current state (step). */
  private async move(
    session: LiveSession,
    target: MoveTarget | ((state: LiveState) => MoveTarget),
    reply: Reply<{ state: LiveState }>,
  ): Promise<void> {
    const shape = this.shapes.peek(session.deck);
    if (!shape) return reply({ ok: false, error: 'unavailable' });
    let outcome: MoveOutcome | 'store-unavailable' = 'store-unavailable';
    for (let attempt = 0; attempt < 5; attempt++) {
      // A step depends on the current state: read it, and store only if nothing moved since.
      const current = typeof target === 'function' ? await this.store.get(session.id).catch(storeFailure) : undefined;
      if (current === 'store-unavailable') return reply({ ok: false, error: current });
      if (typeof target === 'function' && !current) return reply({ ok: false, error: 'unknown-session' });
      const wanted = typeof target === 'function' ? target(current!.state) : target;
      const position = clampPosition(shape, wanted);
      if (!position) return reply({ ok: false, error: 'out-of-range' });
      outcome = await this.store.move(session.id, { ...position, paused: wanted.paused }, { ifSeq: current?.state.seq }).catch(storeFailure);
      if (outcome === 'store-unavailable' || outcome.outcome !== 'conflict') break;
    }
    if (outcome === 'store-unavailable') return reply({ ok: false, error: outcome });
    if (outcome.outcome === 'missing') return reply({ ok: false, error: 'unknown-session' });
    // Five steps in a row overtaken by other moves: the presenters are racing each other.
    if (outcome.outcome === 'conflict') return reply({ ok: false, error: 'rate-limited' });
    const state = seen(session, outcome.state);
    if (outcome.outcome === 'moved') this.io.to(room(session.id)).emit('session:state', state);
    reply({ ok: true, state });
  }
}
