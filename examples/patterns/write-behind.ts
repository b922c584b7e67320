import { CacheClient } from './client';
import { AppDatabase, User } from './db';

/**
 * Write-behind (write-back): a write is acknowledged once it is in the cache and in the
 * in-process queue; the queue is written to the database in batches, asynchronously.
 *
 * - `flush()` writes the pending batch; it runs every `intervalMs` and when `batchSize` is reached.
 * - `close()` flushes everything before returning: no acknowledged write is lost on a clean shutdown.
 * - When the cache fails, writes are still acknowledged from the queue (the cache write is
 *   skipped and counted in `cacheFailures`), so the database still gets them; what is lost on a
 *   crash of the process is exactly `pending`, the trade-off write-behind makes.
 */
export class WriteBehindUsers {
  public cacheFailures = 0;
  public batchesWritten = 0;
  private queue = new Map<number, Omit<User, 'version'>>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly cache: CacheClient,
    private readonly db: AppDatabase,
    private readonly options: { batchSize?: number; intervalMs?: number } = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.intervalMs ?? 100);
    this.timer.unref();
  }

  /** Number of writes acknowledged but not yet in the database. */
  public get pending(): number {
    return this.queue.size;
  }

  public async saveUser(user: Omit<User, 'version'>): Promise<void> {
    try {
      await this.cache.set(`app:user:${user.id}`, JSON.stringify(user));
    } catch {
      this.cacheFailures++;
    }
    this.queue.set(user.id, user); // later writes of the same user coalesce
    if (this.queue.size >= (this.options.batchSize ?? 100)) await this.flush();
  }

  /** Writes the pending batch to the database in one transaction. */
  public flush(): Promise<void> {
    this.flushing = this.flushing.then(() => {
      if (this.queue.size === 0) return;
      const batch = [...this.queue.values()];
      this.queue = new Map();
      this.db.upsertUsers(batch);
      this.batchesWritten++;
    });
    return this.flushing;
  }

  public async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
