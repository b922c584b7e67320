import { LRUCache } from 'lru-cache';
import { CacheClient } from './client';
import { AppDatabase, User } from './db';

/** A notification as the seed publishes it. */
export interface Notification {
  readonly type: string;
  readonly userId: string;
  readonly message: string;
}

/** Real-time notifications over pub/sub: publishers and subscribers on separate connections. */
export class Notifications {
  private readonly subscriber: CacheClient;

  constructor(private readonly cache: CacheClient, private readonly channel = 'app:notifications') {
    this.subscriber = cache.duplicate();
  }

  /** Publishes and returns how many subscribers received it. */
  public publish(notification: Notification): Promise<number> {
    return this.cache.publish(this.channel, JSON.stringify(notification));
  }

  public async subscribe(onNotification: (n: Notification) => void): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) onNotification(JSON.parse(message) as Notification);
    });
    await this.subscriber.subscribe(this.channel);
  }

  public close(): void {
    this.subscriber.disconnect();
  }
}

/**
 * Cross-instance cache invalidation: every application instance keeps a small in-process LRU of
 * users in front of the shared cache; an update publishes the key on `app:invalidate`, and every
 * instance drops it, so no instance serves a stale copy after the update is acknowledged.
 */
export class InstanceCache {
  public readonly local = new LRUCache<number, User>({ max: 1000 });
  private readonly subscriber: CacheClient;
  private ready?: Promise<unknown>;

  constructor(private readonly cache: CacheClient, private readonly db: AppDatabase, private readonly channel = 'app:invalidate') {
    this.subscriber = cache.duplicate();
  }

  public start(): Promise<unknown> {
    this.subscriber.on('message', (channel: string, id: string) => {
      if (channel === this.channel) this.local.delete(Number(id));
    });
    this.ready = this.subscriber.subscribe(this.channel);
    return this.ready;
  }

  public async getUser(id: number): Promise<User | undefined> {
    const local = this.local.get(id);
    if (local) return local;
    const cached = await this.cache.get(`app:user:${id}`);
    const user = cached ? (JSON.parse(cached) as User) : this.db.getUser(id);
    if (user) {
      if (!cached) await this.cache.set(`app:user:${id}`, JSON.stringify(user), 'EX', 3600);
      this.local.set(id, user);
    }
    return user;
  }

  /** Updates the database, drops the shared copy, and tells every instance to drop theirs. */
  public async updateUser(id: number, changes: { name?: string; email?: string }): Promise<User> {
    const user = this.db.updateUser(id, changes);
    await this.cache.del(`app:user:${id}`);
    this.local.delete(id);
    await this.cache.publish(this.channel, String(id));
    return user;
  }

  public close(): void {
    this.subscriber.disconnect();
  }
}
