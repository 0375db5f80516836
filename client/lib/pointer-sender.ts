// What a presenter page sends of its laser pointer: at most one spot per
// POINTER_SEND_INTERVAL_MS, the newest (the server coalesces again for the room), and `off` at
// once. Time and timers are injected, so the rule is tested without a browser.
import { POINTER_SEND_INTERVAL_MS, type PointerSpot, type PointerUpdate } from '../../shared/pointer.ts';

/** At most one update per interval, the newest; `off` at once, dropping a spot held back. */
export class PointerSender {
  private last = Number.NEGATIVE_INFINITY;
  private held?: PointerSpot;
  private timer?: unknown;

  constructor(
    private readonly send: (update: PointerUpdate) => void,
    private readonly clock: () => number = () => performance.now(),
    private readonly timers: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void } = {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  ) {}

  spot(spot: PointerSpot): void {
    const wait = this.last + POINTER_SEND_INTERVAL_MS - this.clock();
    if (wait <= 0 && this.timer === undefined) return this.out(spot);
    this.held = spot;
    this.timer ??= this.timers.set(() => {
      this.timer = undefined;
      const held = this.held;
      this.held = undefined;
      if (held) this.out(held);
    }, Math.max(0, wait));
  }

  off(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.held = undefined;
    this.send({ off: true });
  }

  private out(spot: PointerSpot): void {
    this.last = this.clock();
    this.send(spot);
  }
}
