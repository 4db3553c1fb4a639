import { RateLimiter, rateLimitedError } from './rate-limit';

describe('RateLimiter (token bucket per caller)', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a burst through, then the sustained rate, and says when to retry', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3, now: clock });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000; // one token a second
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    // Another caller has a bucket of its own.
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('refills up to the burst only, however long the caller was idle', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 2, now: clock });
    limiter.take('a');
    now += 3_600_000;
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, false]);
  });

  it('a batch costs one token per operation; a refusal takes nothing', () => {
    const limiter = new RateLimiter({ perMinute: 6, burst: 5, now: clock });
    expect(limiter.take('a', 4).allowed).toBe(true);
    expect(limiter.take('a', 3)).toEqual({ allowed: false, retryAfterSeconds: 20 }); // 2 tokens missing at one per 10 s
    expect(limiter.take('a', 1).allowed).toBe(true);
  });

  it('is off at 0 per minute', () => {
    const limiter = new RateLimiter({ perMinute: 0, burst: 1, now: clock });
    expect(limiter.enabled).toBe(false);
    for (let i = 0; i < 1000; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('remembers a bounded number of callers', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 2, maxCallers: 100, now: clock });
    for (let i = 0; i < 10_000; i++) limiter.take(`caller-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });

  it('forgets idle (refilled) callers first: a limited caller stays limited', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 2, maxCallers: 3, now: clock });
    limiter.take('busy');
    limiter.take('busy'); // empty
    limiter.take('idle-1');
    limiter.take('idle-2');
    now += 1000; // the idle ones are full again, the busy one has one token
    limiter.take('new'); // over the bound
    expect(limiter.size).toBeLessThanOrEqual(3);
    expect(limiter.take('busy').allowed).toBe(true);
    expect(limiter.take('busy').allowed).toBe(false); // not forgotten (a fresh bucket would hold 2)
  });

  it('the refusal is RATE_LIMITED in Chinese with the wait', () => {
    const error = rateLimitedError(7);
    expect(error.message).toMatch(/请求过于频繁.*7 秒.*\(RATE_LIMITED\)$/);
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 7 });
  });
});
