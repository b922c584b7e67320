import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { CacheAsideUsers } from '../patterns/cache-aside';
import { CacheClient } from '../patterns/client';
import { AppDatabase } from '../patterns/db';
import { DistributedLock } from '../patterns/distributed-lock';
import { UserInvalidation } from '../patterns/invalidation';
import { Leaderboard } from '../patterns/leaderboard';
import { InstanceCache, Notifications } from '../patterns/pubsub';
import { SlidingWindowRateLimiter } from '../patterns/rate-limiter';
import { ResilientUsers } from '../patterns/resilience';
import { SessionStore } from '../patterns/session-store';
import { WriteBehindUsers } from '../patterns/write-behind';
import { WriteThroughUsers } from '../patterns/write-through';

/** The outcome of one pattern's short workload. */
export interface WorkloadResult {
  readonly pattern: string;
  readonly operations: number;
  /** Latency of each operation in milliseconds. */
  readonly latencies: number[];
  readonly passed: boolean;
  /** What was checked, in a few words. */
  readonly check: string;
}

/** The clients and database a workload runs against. */
export interface WorkloadContext {
  /** The application's data cache (cluster mode enabled, RBAC user `app`). */
  readonly data: CacheClient;
  /** The session cache (cluster mode disabled). */
  readonly sessions: CacheClient;
  readonly db: AppDatabase;
}

/** Times `op` once and records its latency. */
async function timed<T>(latencies: number[], op: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await op();
  } finally {
    latencies.push(performance.now() - start);
  }
}

type Workload = (ctx: WorkloadContext) => Promise<WorkloadResult>;

const cacheAside: Workload = async ({ data, db }) => {
  const users = new CacheAsideUsers(data, db, 60);
  const latencies: number[] = [];
  const reads = db.reads;
  for (let i = 0; i < 500; i++) await timed(latencies, () => users.getUser(1 + (i % 50)));
  const dbReads = db.reads - reads;
  return { pattern: 'cache-aside (TTL)', operations: 500, latencies, passed: dbReads <= 50, check: `${dbReads} database reads for 500 gets of 50 users` };
};

const writeThrough: Workload = async ({ data, db }) => {
  const users = new WriteThroughUsers(data, db);
  const latencies: number[] = [];
  let stale = 0;
  for (let i = 0; i < 100; i++) {
    const written = await timed(latencies, () => users.updateUser(51 + (i % 10), { name: `wt ${i}` }));
    const read = await timed(latencies, () => users.getUser(written.id));
    if (read?.name !== written.name) stale++;
  }
  return { pattern: 'write-through', operations: 200, latencies, passed: stale === 0, check: `${stale} stale reads after writes` };
};

const writeBehind: Workload = async ({ data, db }) => {
  const users = new WriteBehindUsers(data, db, { batchSize: 100, intervalMs: 50 });
  const latencies: number[] = [];
  for (let i = 0; i < 500; i++) {
    await timed(latencies, () => users.saveUser({ id: 5000 + i, name: `wb ${i}`, email: `wb${i}@example.com` }));
  }
  await users.close();
  let missing = 0;
  for (let i = 0; i < 500; i++) if (db.getUser(5000 + i)?.name !== `wb ${i}`) missing++;
  return {
    pattern: 'write-behind (batched)',
    operations: 500,
    latencies,
    passed: missing === 0,
    check: `${users.batchesWritten} batches, ${missing} acknowledged writes lost on shutdown`,
  };
};

const invalidation: Workload = async ({ data, db }) => {
  const inv = new UserInvalidation(data, db);
  const latencies: number[] = [];
  let stale = 0;
  for (let i = 0; i < 100; i++) {
    await timed(latencies, () => inv.get(61));
    const updated = await timed(latencies, () => inv.updateAndInvalidate(61, { name: `inv ${i}` }));
    const read = await timed(latencies, () => inv.get(61));
    if (read?.name !== updated.name) stale++;
  }
  return { pattern: 'invalidation (event-based)', operations: 300, latencies, passed: stale === 0, check: `${stale} stale values after invalidation` };
};

const sessions: Workload = async ({ sessions: cache }) => {
  const store = new SessionStore(cache, 60);
  const latencies: number[] = [];
  let wrong = 0;
  for (let i = 0; i < 200; i++) {
    const session = { userId: String(i), email: `s${i}@example.com`, cart: [`item${i}`], loginTime: i };
    await timed(latencies, () => store.save(`demo-${i}`, session));
    const loaded = await timed(latencies, () => store.load(`demo-${i}`));
    if (JSON.stringify(loaded) !== JSON.stringify(session)) wrong++;
  }
  return { pattern: 'session store (hash + expiry)', operations: 400, latencies, passed: wrong === 0, check: `${wrong} sessions read back wrong` };
};

const rateLimiter: Workload = async ({ data }) => {
  const limiter = new SlidingWindowRateLimiter(data, 100, 60_000);
  const latencies: number[] = [];
  const caller = `demo-${Date.now()}`;
  const results = await Promise.all(Array.from({ length: 20 }, async () => {
    const allowed: boolean[] = [];
    for (let i = 0; i < 10; i++) allowed.push(await timed(latencies, () => limiter.allow(caller)));
    return allowed;
  }));
  const allowed = results.flat().filter(Boolean).length;
  return { pattern: 'rate limiter (sliding window)', operations: 200, latencies, passed: allowed === 100, check: `${allowed}/200 allowed, limit 100, 20 concurrent callers` };
};

const leaderboard: Workload = async ({ data }) => {
  const board = new Leaderboard(data, `demo-${Date.now()}`);
  const latencies: number[] = [];
  for (let i = 1; i <= 300; i++) await timed(latencies, () => board.setScore(`player:${i}`, i));
  const top = await timed(latencies, () => board.top(3));
  const rank = await timed(latencies, () => board.rank('player:1'));
  const around = await timed(latencies, () => board.around('player:150', 1));
  const passed = top.map((s) => s.player).join() === 'player:300,player:299,player:298' && rank === 300 && around.length === 3;
  return { pattern: 'leaderboard (top N, rank)', operations: latencies.length, latencies, passed, check: `top 3, rank ${rank} of 300, neighbours` };
};

const pubsub: Workload = async ({ data, db }) => {
  const publisher = new Notifications(data);
  const subscriber = new Notifications(data);
  const received: string[] = [];
  await subscriber.subscribe((n) => received.push(n.message));
  const latencies: number[] = [];
  for (let i = 0; i < 100; i++) await timed(latencies, () => publisher.publish({ type: 'demo', userId: String(i), message: `m${i}` }));
  const a = new InstanceCache(data, db);
  const b = new InstanceCache(data, db);
  await Promise.all([a.start(), b.start()]);
  await b.getUser(71);
  await a.updateUser(71, { name: 'pubsub-updated' });
  await waitFor(() => received.length === 100 && !b.local.has(71));
  const fresh = (await b.getUser(71))?.name === 'pubsub-updated';
  [publisher, subscriber, a, b].forEach((c) => c.close());
  return {
    pattern: 'pub/sub + cross-instance invalidation',
    operations: 100,
    latencies,
    passed: received.length === 100 && fresh,
    check: `${received.length}/100 delivered, other instance ${fresh ? 'fresh' : 'STALE'}`,
  };
};

const lock: Workload = async ({ data }) => {
  const locks = new DistributedLock(data);
  const latencies: number[] = [];
  let holders = 0;
  let maxHolders = 0;
  const worker = async () => {
    for (let i = 0; i < 20; i++) {
      const held = await timed(latencies, () => locks.acquire('demo', 2000, 5000));
      if (!held) throw new Error('lock not acquired');
      holders++;
      maxHolders = Math.max(maxHolders, holders);
      await new Promise((r) => setTimeout(r, 1));
      holders--;
      await timed(latencies, () => locks.release(held));
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return { pattern: 'distributed lock', operations: latencies.length, latencies, passed: maxHolders === 1, check: `at most ${maxHolders} holder(s), 3 contenders` };
};

const failureHandling: Workload = async ({ data, db }) => {
  // The application's view of a cache that went away: nothing listens on its port.
  const down = new Redis({ host: '127.0.0.1', port: 1, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 1000, lazyConnect: true });
  down.on('error', () => undefined);
  const healthy = new ResilientUsers(data, db);
  const users = new ResilientUsers(down, db, { timeoutMs: 200, resetTimeoutMs: 60_000 });
  for (let id = 81; id <= 85; id++) users.backup.set(id, (await healthy.getUser(id)).user!);
  const latencies: number[] = [];
  let failed = 0;
  for (let i = 0; i < 100; i++) {
    const { user } = await timed(latencies, () => users.getUser(81 + (i % 10)));
    if (!user) failed++;
  }
  const passed = failed === 0 && users.breaker.opened && users.served['local-backup'] > 0;
  const check = `breaker ${users.breaker.opened ? 'open' : 'closed'}, ${users.served['local-backup']} from LRU, ${users.served.database} from database`;
  users.shutdown();
  healthy.shutdown();
  down.disconnect();
  return { pattern: 'failure handling (breaker, fallback, LRU)', operations: 100, latencies, passed, check };
};

/** Every pattern of the seed, in the order the demo runs them. */
export const WORKLOADS: ReadonlyArray<Workload> = [
  cacheAside, writeThrough, writeBehind, invalidation, sessions, rateLimiter, leaderboard, pubsub, lock, failureHandling,
];

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The p-th percentile (0-100) of the values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
