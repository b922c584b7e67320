import { CacheClient } from './client';
import { AppDatabase, User } from './db';

/**
 * Cache-aside (lazy loading): read the cache; on a miss read the database and fill the cache
 * with a TTL. A cache error never breaks the read: it falls through to the database.
 */
export class CacheAsideUsers {
  constructor(private readonly cache: CacheClient, private readonly db: AppDatabase, private readonly ttlSeconds = 3600) {}

  public async getUser(id: number): Promise<User | undefined> {
    const key = `app:user:${id}`;
    const cached = await this.cache.get(key).catch(() => null);
    if (cached) return JSON.parse(cached) as User;
    const user = this.db.getUser(id);
    if (user) await this.cache.set(key, JSON.stringify(user), 'EX', this.ttlSeconds).catch(() => undefined);
    return user;
  }
}
