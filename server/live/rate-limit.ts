// Token buckets: a stuck clicker or a key-guessing loop is slowed down, never disconnected
// (issue #3, "Bad input").

export interface BucketOptions {
  /** Burst size. */
  capacity: number;
  /** Tokens added per second. */
  perSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly options: BucketOptions, now = Date.now()) {
    this.tokens = options.capacity;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there (0: one is there now). */
  waitMs(now = Date.now()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.options.perSecond) * 1000);
  }

  /** Full again: nothing to remember for this owner. */
  isFull(now = Date.now()): boolean {
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

  constructor(private readonly options: BucketOptions, private readonly maxKeys = 10_000) {}

  take(key: string, now = Date.now()): boolean {
    return this.bucket(key, now).take(now);
  }

  /** Milliseconds until `key` has a token again, without taking one (0: it has one now). */
  waitMs(key: string, now = Date.now()): number {
    return this.buckets.get(key)?.waitMs(now) ?? 0;
  }

  private bucket(key: string, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      // Still full (many addresses at once): forget the oldest rather than grow without bound.
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = new TokenBucket(this.options, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  sweep(now = Date.now()): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
  }
}
