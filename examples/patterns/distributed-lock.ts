import { randomUUID } from 'node:crypto';
import { CacheClient } from './client';

/** Deletes the lock only if it still holds our token (never someone else's lock after our TTL expired). */
const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** A lock held by this process. */
export interface Lock {
  readonly name: string;
  readonly token: string;
}

/** Single-instance distributed lock: SET NX PX to acquire, compare-and-delete in Lua to release. */
export class DistributedLock {
  constructor(private readonly cache: CacheClient) {}

  public async tryAcquire(name: string, ttlMs: number): Promise<Lock | undefined> {
    const token = `${process.pid}-${randomUUID()}`;
    const ok = await this.cache.set(`app:lock:${name}`, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? { name, token } : undefined;
  }

  /** Retries until acquired or `timeoutMs` passed. */
  public async acquire(name: string, ttlMs: number, timeoutMs: number): Promise<Lock | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lock = await this.tryAcquire(name, ttlMs);
      if (lock || Date.now() > deadline) return lock;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
    }
  }

  /** True when the lock was still ours and is now released. */
  public async release(lock: Lock): Promise<boolean> {
    return (await this.cache.eval(COMPARE_AND_DELETE, 1, `app:lock:${lock.name}`, lock.token)) === 1;
  }
}
