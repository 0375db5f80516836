// The presenter view's side of the sync, as plain logic (unit-tested in
// test/live/client-state.test.ts): which local moves to send, and when to show the session's
// state instead. Rules: never echo a state back; while our own moves are in flight, compare with
// the last one sent and leave the deck alone; once they are all answered, show what the session
// shows (another presenter tab moved, or the server clamped).
import type { LiveState, Position } from '../../shared/positions.ts';
import { samePosition } from './live-state.ts';

export interface Wanted extends Position {
  paused: boolean;
}

const same = (a: Wanted, b: Wanted) => samePosition(a, b) && a.paused === b.paused;

export class PresenterSync {
  live?: LiveState;
  private lastSent?: Wanted;
  private inFlight = 0;
  /** A move waits to be sent (rate-limited, or made while not joined); the deck keeps the local slide meanwhile. */
  retrying = false;

  /** The deck moved here: the payload to send, or undefined when the session already has it. */
  local(want: Wanted): Wanted | undefined {
    const current = this.inFlight > 0 ? this.lastSent : this.live;
    if (current && same(want, current)) return undefined;
    this.lastSent = want;
    this.inFlight++;
    return want;
  }

  /** A move of ours is still unanswered. */
  get pending(): boolean {
    return this.inFlight > 0;
  }

  /** The answer to a move we sent. */
  answered(state?: LiveState): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (state) this.accept(state);
  }

  /** A `session:state` broadcast (ignored when older than what we have). */
  accept(state: LiveState): void {
    if (!this.live || state.seq > this.live.seq) this.live = state;
  }

  /** A join snapshot: always wins (the server may have restarted); nothing of ours is in flight. */
  snapshot(state: LiveState): void {
    this.live = state;
    this.inFlight = 0;
    this.lastSent = undefined;
  }

  /** Where the deck must go now, given where it is, or undefined to leave it. */
  target(shown: Wanted): LiveState | undefined {
    if (!this.live || this.inFlight > 0 || this.retrying || same(shown, this.live)) return undefined;
    return this.live;
  }
}
