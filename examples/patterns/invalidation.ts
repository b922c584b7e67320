import { CacheClient } from './client';
import { AppDatabase, User } from './db';

/**
 * Three invalidation strategies of the seed, side by side:
 * - TTL: entries expire on their own (`getWithTtl`);
 * - event-based: the database update is followed by a delete of the key (`updateAndInvalidate`),
 *   so the next read repopulates it — invalidate rather than update to avoid racing writers;
 * - version-keyed: the key carries the row version (`app:user:<id>:v<version>`); a new version is a
 *   new key and old ones simply expire.
 */
export class UserInvalidation {
  constructor(private readonly cache: CacheClient, private readonly db: AppDatabase) {}

  public async getWithTtl(id: number, ttlSeconds: number): Promise<User | undefined> {
    const key = `app:ttl:user:${id}`;
    const cached = await this.cache.get(key);
    if (cached) return JSON.parse(cached) as User;
    const user = this.db.getUser(id);
    if (user) await this.cache.set(key, JSON.stringify(user), 'PX', Math.round(ttlSeconds * 1000));
    return user;
  }

  public async get(id: number): Promise<User | undefined> {
    const cached = await this.cache.get(`app:user:${id}`);
    if (cached) return JSON.parse(cached) as User;
    const user = this.db.getUser(id);
    if (user) await this.cache.set(`app:user:${id}`, JSON.stringify(user), 'EX', 3600);
    return user;
  }

  public async updateAndInvalidate(id: number, changes: { name?: string; email?: string }): Promise<User> {
    const user = this.db.updateUser(id, changes);
    await this.cache.del(`app:user:${id}`);
    return user;
  }

  /** Reads the current version from the database's row and the value from its versioned key. */
  public async getVersioned(id: number, version: number): Promise<User | undefined> {
    const key = `app:user:${id}:v${version}`;
    const cached = await this.cache.get(key);
    if (cached) return JSON.parse(cached) as User;
    const user = this.db.getUser(id);
    if (user && user.version === version) await this.cache.set(key, JSON.stringify(user), 'EX', 3600);
    return user;
  }
}
