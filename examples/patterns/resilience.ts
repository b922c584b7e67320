import { createPool, Pool } from 'generic-pool';
import Redis, { RedisOptions } from 'ioredis';
import { LRUCache } from 'lru-cache';
import CircuitBreaker from 'opossum';
import { CacheClient } from './client';
import { AppDatabase, User } from './db';

/** Where a read was served from. */
export type Source = 'cache' | 'local-backup' | 'database';

/**
 * Failure handling of the seed, together:
 * - a circuit breaker (opossum) around cache calls: after failures it opens and the cache is
 *   bypassed (fail fast, no timeouts piling up); it half-opens after `resetTimeoutMs` to retry;
 * - fallback to the database when the cache cannot answer;
 * - a local LRU backup of recently read values, served while the cache is down to spare the database.
 */
export class ResilientUsers {
  public readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  public readonly backup = new LRUCache<number, User>({ max: 10_000 });
  public readonly served: Record<Source, number> = { 'cache': 0, 'local-backup': 0, 'database': 0 };

  constructor(private readonly cache: CacheClient, private readonly db: AppDatabase, options: { timeoutMs?: number; resetTimeoutMs?: number } = {}) {
    // Every cache call goes through the breaker, so each one has a timeout and counts.
    this.breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      timeout: options.timeoutMs ?? 250,
      resetTimeout: options.resetTimeoutMs ?? 1000,
      errorThresholdPercentage: 50,
      volumeThreshold: 5,
    });
    // Failures are handled by the fallback path below; keep opossum from logging unhandled rejections.
    this.breaker.on('failure', () => undefined);
  }

  public async getUser(id: number): Promise<{ user?: User; source: Source }> {
    try {
      const cached = (await this.breaker.fire(() => this.cache.get(`app:user:${id}`))) as string | null;
      if (cached) return this.serve(JSON.parse(cached) as User, 'cache');
    } catch {
      const backup = this.backup.get(id);
      if (backup) return this.serve(backup, 'local-backup');
    }
    const user = this.db.getUser(id);
    if (user) await this.breaker.fire(() => this.cache.set(`app:user:${id}`, JSON.stringify(user), 'EX', 3600)).catch(() => undefined);
    return this.serve(user, 'database');
  }

  private serve(user: User | undefined, source: Source): { user?: User; source: Source } {
    this.served[source]++;
    if (user) this.backup.set(user.id, user);
    return { user, source };
  }

  public shutdown(): void {
    this.breaker.shutdown();
  }
}

/**
 * A bounded pool of connections (generic-pool) for code that needs a dedicated connection per
 * operation (blocking commands, transactions, pub/sub): at most `max` connections, each checked
 * with PING before use so a broken connection is replaced instead of handed out.
 */
export function createConnectionPool(options: RedisOptions, max = 10): Pool<Redis> {
  return createPool<Redis>({
    create: async () => {
      const client = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 1 });
      await client.connect();
      return client;
    },
    destroy: async (client) => {
      client.disconnect();
    },
    validate: async (client) => (await client.ping().catch(() => 'down')) === 'PONG',
  }, { max, min: 0, testOnBorrow: true, acquireTimeoutMillis: 2000 });
}
