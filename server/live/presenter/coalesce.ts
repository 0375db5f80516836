// Coalescing by key (a session): at most one delivery per interval, the first at once (no added
// latency when updates are sparse), the ones in between replaced by the newest, and the newest
// always delivered at the end of the interval. Updates that come faster than the interval are
// dropped except the last — what a laser pointer needs: where it is now, never where it was.
// Deliveries may be lossy (volatile emits skip a busy connection), so once a key has been quiet
// for `settleMs` its last value is handed to `settle`, which sends it reliably: wherever the
// pointer comes to rest, or its "off", reaches everyone. Then the key is forgotten.
// Time and timers are injected, so tests step through intervals without waiting.
import type { Clock } from '../stores/store.ts';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending delivery never keeps the process alive.
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Slot<T> {
  /** When this key last delivered, and what. */
  last: number;
  value: T;
  pending?: T;
  timer?: unknown;
  settleTimer?: unknown;
}

export interface CoalescerOptions<T> {
  intervalMs: number;
  clock?: Clock;
  timers?: Timers;
  /** Keys remembered at most; idle ones are forgotten first (one per session, so the sessions' cap). */
  maxKeys?: number;
  /** Quiet this long after its last delivery, a key's last value goes to `settle` (at least the interval). */
  settleMs?: number;
  settle?: (key: string, value: T) => void;
}

export class Coalescer<T> {
  private readonly slots = new Map<string, Slot<T>>();
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly maxKeys: number;
  private readonly settleMs: number;
  private readonly settle?: (key: string, value: T) => void;

  constructor(
    private readonly deliver: (key: string, value: T) => void,
    { intervalMs, clock = Date.now, timers = realTimers, maxKeys = 10_000, settleMs = intervalMs * 3, settle }: CoalescerOptions<T>,
  ) {
    this.intervalMs = intervalMs;
    this.clock = clock;
    this.timers = timers;
    this.maxKeys = maxKeys;
    this.settleMs = Math.max(settleMs, intervalMs);
    this.settle = settle;
  }

  push(key: string, value: T): void {
    const now = this.clock();
    const slot = this.slots.get(key);
    if (!slot || (slot.timer === undefined && now - slot.last >= this.intervalMs)) {
      if (!slot) this.makeRoom(now);
      const fresh: Slot<T> = slot ?? { last: now, value };
      this.slots.set(key, fresh);
      this.out(key, fresh, value, now);
      return;
    }
    slot.pending = value;
    if (slot.timer === undefined) slot.timer = this.timers.set(() => this.flush(key), slot.last + this.intervalMs - now);
  }

  /** Drops what `key` holds (its session ended): nothing more is delivered for it. */
  forget(key: string): void {
    const slot = this.slots.get(key);
    if (slot?.timer !== undefined) this.timers.clear(slot.timer);
    if (slot?.settleTimer !== undefined) this.timers.clear(slot.settleTimer);
    this.slots.delete(key);
  }

  /** How many keys are remembered (tests check it stays bounded). */
  get size(): number {
    return this.slots.size;
  }

  close(): void {
    for (const key of [...this.slots.keys()]) this.forget(key);
  }

  private flush(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    slot.timer = undefined;
    if (slot.pending === undefined) return;
    const value = slot.pending;
    slot.pending = undefined;
    this.out(key, slot, value, this.clock());
  }

  private out(key: string, slot: Slot<T>, value: T, now: number): void {
    slot.last = now;
    slot.value = value;
    if (this.settle) {
      if (slot.settleTimer !== undefined) this.timers.clear(slot.settleTimer);
      slot.settleTimer = this.timers.set(() => this.settled(key), this.settleMs);
    }
    this.deliver(key, value);
  }

  private settled(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    slot.settleTimer = undefined;
    // Something still waits for its interval: that delivery re-arms the settle.
    if (slot.timer !== undefined) return;
    this.slots.delete(key);
    this.settle?.(key, slot.value);
  }

  private makeRoom(now: number): void {
    if (this.slots.size < this.maxKeys) return;
    for (const [key, slot] of this.slots) {
      if (slot.timer === undefined && now - slot.last >= this.intervalMs) this.forget(key);
    }
    // Every key busy within this very interval: forget the oldest rather than grow.
    if (this.slots.size >= this.maxKeys) this.forget(this.slots.keys().next().value!);
  }
}
