// Token buckets: a stuck clicker or a key-guessing loop is slowed down, never disconnected.
// Time comes from a clock the hub injects (tests move it instead of waiting for tokens).
import type { Clock } from './stores/store.ts';

export interface BucketOptions {
  /** Burst size. */
  capacity: number;
  /** Tokens added per second. */
  perSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly options: BucketOptions,
    private readonly clock: Clock = Date.now,
    now = clock(),
  ) {
    this.tokens = options.capacity;
    this.last = now;
  }

  take(now = this.clock()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there (0: one is there now). */
  waitMs(now = this.clock()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.options.perSecond) * 1000);
  }

  /** Full again: nothing to remember for this owner. */
  isFull(now = this.clock()): boolean {
    this.refill(now);
    return this.tokens >= this.options.capacity;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(this.options.capacity, this.tokens + elapsed * this.options.perSecond);
    this.last = now;
  }
}

/** One bucket per key (an address), forgetting keys whose bucket has filled up again. */
export class KeyedLimiter {
  private buckets = new Map<string, TokenBucket>();
  private readonly maxKeys: number;
  private readonly clock: Clock;

  constructor(
    private readonly options: BucketOptions,
    { maxKeys = 10_000, clock = Date.now }: { maxKeys?: number; clock?: Clock } = {},
  ) {
    this.maxKeys = maxKeys;
    this.clock = clock;
  }

  take(key: string, now = this.clock()): boolean {
    return this.bucket(key, now).take(now);
  }

  /** Milliseconds until `key` has a token again, without taking one (0: it has one now). */
  waitMs(key: string, now = this.clock()): number {
    return this.buckets.get(key)?.waitMs(now) ?? 0;
  }

  private bucket(key: string, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      // Still full (many addresses at once): forget the oldest rather than grow without bound.
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = new TokenBucket(this.options, this.clock, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  sweep(now = this.clock()): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
  }
}
