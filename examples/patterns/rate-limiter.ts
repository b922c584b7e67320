import { randomUUID } from 'node:crypto';
import { CacheClient } from './client';

/**
 * Sliding-window rate limiter on a sorted set. The seed's version reads the count and adds the
 * request in separate round trips, so concurrent callers can all see `count < limit` and all get
 * in. Here the trim, count and add run as one Lua script: atomic on the server, correct under any
 * concurrency (one key, so it also works in cluster mode).
 */
const SLIDING_WINDOW = `
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
if redis.call('ZCARD', key) >= limit then return 0 end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, window)
return 1`;

export class SlidingWindowRateLimiter {
  constructor(private readonly cache: CacheClient, private readonly limit: number, private readonly windowMs: number) {}

  /** True when the request is allowed, false when the caller is over the limit in the window. */
  public async allow(callerId: string, now = Date.now()): Promise<boolean> {
    const allowed = await this.cache.eval(SLIDING_WINDOW, 1, `app:ratelimit:${callerId}`, now, this.windowMs, this.limit, `${now}-${randomUUID()}`);
    return allowed === 1;
  }
}
