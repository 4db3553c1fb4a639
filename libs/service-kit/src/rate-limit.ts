import { CodedError } from '@petition/subgraph';

export interface RateLimitOptions {
  /** Sustained requests per minute per caller; 0 turns the limit off. */
  perMinute: number;
  /** Requests a caller may make at once before the sustained rate applies. */
  burst: number;
  /** Callers remembered at most (memory stays bounded whatever the number of callers). */
  maxCallers?: number;
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per caller, in this process's memory (each gateway instance counts its own
 * callers; behind N instances a caller gets up to N times the rate). A bucket that has refilled is
 * the same as no bucket, so idle callers are forgotten first.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly capacity: number;
  private readonly maxCallers: number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions) {
    this.perMs = options.perMinute / 60_000;
    this.capacity = Math.max(1, options.burst);
    this.maxCallers = options.maxCallers ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get enabled() {
    return this.perMs > 0;
  }

  /** Callers currently remembered. */
  get size() {
    return this.buckets.size;
  }

  /** Takes `cost` tokens from the caller's bucket (a batch costs one per operation). */
  take(key: string, cost = 1): RateDecision {
    if (!this.enabled) return { allowed: true };
    const now = this.now();
    const bucket = this.refilled(key, now);
    // Map order is recency order: the oldest entries are the first to evict.
    this.buckets.delete(key);
    if (this.buckets.size >= this.maxCallers) this.evict(now);
    this.buckets.set(key, bucket);
    const needed = Math.min(cost, this.capacity);
    if (bucket.tokens >= needed) {
      bucket.tokens -= needed;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - bucket.tokens) / this.perMs / 1000)) };
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }

  /** Down to 90% of the bound: first the callers whose bucket is full again, then the least recent. */
  private evict(now: number) {
    const target = Math.floor(this.maxCallers * 0.9);
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size <= target) return;
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) return;
      this.buckets.delete(key);
    }
  }
}

/** The refusal a limited caller gets (HTTP 429 with `retry-after`). */
export function rateLimitedError(retryAfterSeconds: number) {
  return new CodedError('RATE_LIMITED', `请在 ${retryAfterSeconds} 秒后重试`, { retryAfterSeconds });
}
