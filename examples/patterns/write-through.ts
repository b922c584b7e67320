import { CacheClient } from './client';
import { AppDatabase, User } from './db';

/**
 * Write-through: every write goes to the database and then to the cache, synchronously,
 * so reads through the cache are never stale. If the cache write fails the key is deleted
 * (best effort) so a later read repopulates it from the database.
 */
export class WriteThroughUsers {
  constructor(private readonly cache: CacheClient, private readonly db: AppDatabase) {}

  public async updateUser(id: number, changes: { name?: string; email?: string }): Promise<User> {
    const user = this.db.updateUser(id, changes);
    try {
      await this.cache.set(`app:user:${id}`, JSON.stringify(user));
    } catch {
      await this.cache.del(`app:user:${id}`).catch(() => undefined);
    }
    return user;
  }

  public async getUser(id: number): Promise<User | undefined> {
    const cached = await this.cache.get(`app:user:${id}`);
    if (cached) return JSON.parse(cached) as User;
    const user = this.db.getUser(id);
    if (user) await this.cache.set(`app:user:${id}`, JSON.stringify(user));
    return user;
  }
}
