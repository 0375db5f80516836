// What a live page believes, as a pure reducer (unit-tested in test/live/client-state.test.ts):
// a broadcast older than the state we have is ignored, a join snapshot always wins (the server
// may have restarted), and a reader who moves away from the live slide is "browsing" until
// they press "Back to live" or land on the live slide again.
import type { LiveState, Position } from '../../shared/positions.ts';

export interface FollowModel {
  live?: LiveState;
  mode: 'live' | 'browsing';
}

export type FollowEvent =
  | { type: 'snapshot'; state: LiveState }
  | { type: 'state'; state: LiveState }
  | { type: 'local'; at: Position }
  | { type: 'back-to-live' };

export interface FollowStep {
  model: FollowModel;
  /** Where the deck must go now, if anywhere. */
  goto?: Position;
}

export const initialFollowModel = (state?: LiveState): FollowModel => ({ live: state, mode: 'live' });

export function samePosition(a: Position, b: Position): boolean {
  return a.h === b.h && a.v === b.v && a.f === b.f;
}

/** reveal.js reports f undefined on a slide without fragments; the protocol says -1. */
export function toPosition(indices: { h: number; v?: number; f?: number }): Position {
  return { h: indices.h, v: indices.v ?? 0, f: indices.f ?? -1 };
}

const at = ({ h, v, f }: LiveState): Position => ({ h, v, f });

export function followReducer(model: FollowModel, event: FollowEvent): FollowStep {
  switch (event.type) {
    case 'snapshot': {
      const next = { ...model, live: event.state };
      return { model: next, goto: next.mode === 'live' ? at(event.state) : undefined };
    }
    case 'state': {
      if (model.live && event.state.seq <= model.live.seq) return { model };
      const next = { ...model, live: event.state };
      return { model: next, goto: next.mode === 'live' ? at(event.state) : undefined };
    }
    case 'local': {
      if (!model.live) return { model };
      const mode = samePosition(event.at, at(model.live)) ? 'live' : 'browsing';
      return { model: mode === model.mode ? model : { ...model, mode } };
    }
    case 'back-to-live':
      return { model: { ...model, mode: 'live' }, goto: model.live ? at(model.live) : undefined };
  }
}
