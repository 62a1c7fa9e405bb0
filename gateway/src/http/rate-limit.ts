import { AppError } from '@todo/contracts';
import type { Middleware, RequestContext } from './context.js';
import { errorResponse } from './errors.js';

export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many requests may come at once. */
  burst: number;
}

/**
 * Token buckets by key, in memory. Per replica: a limit is a guard against floods, not an exact quota.
 * Idle buckets are forgotten so the map does not grow without bound.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token; returns 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.limit.perSecond);
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond >= this.limit.burst)
        this.buckets.delete(key);
    }
  }
}

/** 429 with Retry-After when the bucket of `keyOf(ctx)` is empty. */
export function rateLimit(buckets: TokenBuckets, keyOf: (ctx: RequestContext) => string): Middleware {
  return async (ctx, next) => {
    const wait = buckets.take(keyOf(ctx));
    if (wait === 0) return next(ctx);
    return errorResponse(new AppError('rate_limited', `Too many requests; retry in ${wait} s`), {
      'retry-after': String(wait),
    });
  };
}
