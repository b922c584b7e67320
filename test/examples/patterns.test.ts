import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import Redis from 'ioredis';
import { EXAMPLE_CONTEXT, ExampleStack } from '../../examples/example-stack';
import { appCredentials, connect, redisOptions } from '../../examples/lib/connect';
import { CacheAsideUsers } from '../../examples/patterns/cache-aside';
import { CacheClient } from '../../examples/patterns/client';
import { AppDatabase } from '../../examples/patterns/db';
import { DistributedLock } from '../../examples/patterns/distributed-lock';
import { UserInvalidation } from '../../examples/patterns/invalidation';
import { Leaderboard } from '../../examples/patterns/leaderboard';
import { InstanceCache, Notifications } from '../../examples/patterns/pubsub';
import { SlidingWindowRateLimiter } from '../../examples/patterns/rate-limiter';
import { createConnectionPool, ResilientUsers } from '../../examples/patterns/resilience';
import { SessionStore } from '../../examples/patterns/session-store';
import { WriteBehindUsers } from '../../examples/patterns/write-behind';
import { WriteThroughUsers } from '../../examples/patterns/write-through';
import { useLocalEngine } from '../../src/local';
import { logicalIdOf } from '../helpers/stack';

// The caching patterns of the seed, each against the local engine started from the example
// stack's own template: TLS, authentication and cluster mode as deployed.
const app = new App({ context: EXAMPLE_CONTEXT });
const stack = new ExampleStack(app, 'PatternsExample', { env: { account: '123456789012', region: 'us-east-1' } });
let data: CacheClient; // Valkey, cluster mode enabled
let sessions: CacheClient; // Redis OSS, cluster mode disabled
let db: AppDatabase;
// Declared before useLocalEngine: jest runs afterAll hooks in declaration order, so clients close before the engine stops.
afterAll(async () => {
  await Promise.all([data?.quit(), sessions?.quit()]);
  db?.close();
});
const local = useLocalEngine(() => Template.fromStack(stack).toJSON());

beforeAll(async () => {
  const dataCache = local.cache(logicalIdOf(stack.dataCache));
  const sessionCache = local.cache(logicalIdOf(stack.sessionCache));
  data = connect(dataCache, appCredentials(dataCache));
  sessions = connect(sessionCache, appCredentials(sessionCache));
  db = new AppDatabase();
  db.seedUsers(100);
});

describe('cache-aside', () => {
  test('the second read is served from the cache, with a TTL', async () => {
    const users = new CacheAsideUsers(data, db, 60);
    const before = db.reads;
    expect((await users.getUser(7))?.name).toBe('user 7');
    expect((await users.getUser(7))?.name).toBe('user 7');
    expect(db.reads - before).toBe(1);
    const ttl = await data.ttl('app:user:7');
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
  });
});

describe('write-through', () => {
  test('reads after a write see the written value without touching the database', async () => {
    const users = new WriteThroughUsers(data, db);
    await users.updateUser(8, { name: 'eight' });
    const before = db.reads;
    expect((await users.getUser(8))?.name).toBe('eight');
    expect(db.reads).toBe(before);
  });
});

describe('write-behind', () => {
  test('no acknowledged write is lost on a clean shutdown, and writes are batched', async () => {
    const users = new WriteBehindUsers(data, db, { batchSize: 50, intervalMs: 10_000 });
    for (let id = 1; id <= 120; id++) await users.saveUser({ id: 1000 + id, name: `wb ${id}`, email: `wb${id}@example.com` });
    expect(users.batchesWritten).toBe(2); // two full batches of 50, 20 still pending
    expect(users.pending).toBe(20);
    await users.close();
    expect(users.pending).toBe(0);
    for (let id = 1; id <= 120; id++) expect(db.getUser(1000 + id)?.name).toBe(`wb ${id}`);
  });
});

describe('invalidation', () => {
  test('a stale value is never served after an event-based invalidation', async () => {
    const inv = new UserInvalidation(data, db);
    for (let round = 0; round < 20; round++) {
      await inv.get(9);
      const updated = await inv.updateAndInvalidate(9, { name: `nine v${round}` });
      expect((await inv.get(9))?.name).toBe(updated.name);
    }
  });

  test('TTL entries expire and version-keyed entries follow the version', async () => {
    const inv = new UserInvalidation(data, db);
    await inv.getWithTtl(10, 0.2);
    expect(await data.exists('app:ttl:user:10')).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(await data.exists('app:ttl:user:10')).toBe(0);
    const v1 = db.getUser(10)!;
    await inv.getVersioned(10, v1.version);
    const v2 = db.updateUser(10, { name: 'ten v2' });
    expect((await inv.getVersioned(10, v2.version))?.name).toBe('ten v2');
    expect(await data.exists(`app:user:10:v${v1.version}`)).toBe(1); // the old version simply expires later
  });
});

describe('session store', () => {
  test('hash with expiry: saved, loaded, expired, destroyed', async () => {
    const store = new SessionStore(sessions, 1);
    await store.save('abc123', { userId: '123', email: 'user@example.com', cart: ['item1', 'item2'], loginTime: 42 });
    expect(await store.load('abc123')).toEqual({ userId: '123', email: 'user@example.com', cart: ['item1', 'item2'], loginTime: 42 });
    expect(await sessions.ttl('app:session:abc123')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await store.load('abc123')).toBeUndefined();
    await store.save('gone', { userId: '1', email: 'e', cart: [], loginTime: 1 });
    await store.destroy('gone');
    expect(await store.load('gone')).toBeUndefined();
  });
});

describe('rate limiter', () => {
  test('rejects the 101st request in a window under 20 concurrent callers', async () => {
    const limiter = new SlidingWindowRateLimiter(data, 100, 60_000);
    const results = await Promise.all(Array.from({ length: 20 }, () =>
      Promise.all(Array.from({ length: 10 }, () => limiter.allow('user:123')))));
    const allowed = results.flat().filter(Boolean).length;
    expect(allowed).toBe(100);
  });

  test('the window slides', async () => {
    const limiter = new SlidingWindowRateLimiter(data, 2, 300);
    expect(await limiter.allow('slide')).toBe(true);
    expect(await limiter.allow('slide')).toBe(true);
    expect(await limiter.allow('slide')).toBe(false);
    await new Promise((r) => setTimeout(r, 350));
    expect(await limiter.allow('slide')).toBe(true);
  });
});

describe('leaderboard', () => {
  test('top N, rank and neighbours', async () => {
    const board = new Leaderboard(data, 'game1');
    for (let i = 1; i <= 50; i++) await board.setScore(`user:${i}`, i * 10);
    expect((await board.top(3)).map((s) => s.player)).toEqual(['user:50', 'user:49', 'user:48']);
    expect(await board.rank('user:50')).toBe(1);
    expect(await board.rank('user:1')).toBe(50);
    expect(await board.rank('nobody')).toBeUndefined();
    const around = await board.around('user:25', 2);
    expect(around.map((s) => [s.player, s.rank])).toEqual([['user:27', 24], ['user:26', 25], ['user:25', 26], ['user:24', 27], ['user:23', 28]]);
  });
});

describe('pub/sub', () => {
  test('notifications reach subscribers', async () => {
    const publisher = new Notifications(data);
    const subscriber = new Notifications(data);
    const received: string[] = [];
    await subscriber.subscribe((n) => received.push(n.message));
    await publisher.publish({ type: 'new_message', userId: '123', message: 'Hello!' });
    await waitFor(() => received.length === 1);
    expect(received).toEqual(['Hello!']);
    publisher.close();
    subscriber.close();
  });

  test('cross-instance invalidation: no instance serves a stale copy after an update', async () => {
    const a = new InstanceCache(data, db);
    const b = new InstanceCache(data, db);
    await Promise.all([a.start(), b.start()]);
    expect((await b.getUser(11))?.name).toBe('user 11'); // b holds a local copy
    await a.updateUser(11, { name: 'eleven' });
    await waitFor(() => !b.local.has(11));
    expect((await b.getUser(11))?.name).toBe('eleven');
    a.close();
    b.close();
  });
});

describe('distributed lock', () => {
  test('two contenders never hold the lock at once', async () => {
    const lock = new DistributedLock(data);
    let holders = 0;
    let maxHolders = 0;
    let criticalSections = 0;
    const worker = async () => {
      for (let i = 0; i < 10; i++) {
        const held = await lock.acquire('inventory', 2000, 5000);
        if (!held) throw new Error('lock not acquired in time');
        holders++;
        maxHolders = Math.max(maxHolders, holders);
        await new Promise((r) => setTimeout(r, 2));
        criticalSections++;
        holders--;
        expect(await lock.release(held)).toBe(true);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(maxHolders).toBe(1);
    expect(criticalSections).toBe(30);
  });

  test('a lock is not released by someone who no longer holds it', async () => {
    const lock = new DistributedLock(data);
    const first = (await lock.tryAcquire('short', 100))!;
    await new Promise((r) => setTimeout(r, 150));
    const second = (await lock.tryAcquire('short', 5000))!;
    expect(second).toBeDefined();
    expect(await lock.release(first)).toBe(false);
    expect(await lock.release(second)).toBe(true);
  });
});

describe('failure handling', () => {
  test('circuit breaker, database fallback and local LRU backup while the cache is down', async () => {
    // A cache that is down: nothing listens on its port.
    const brokenCache = new Redis({ host: '127.0.0.1', port: 1, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 1000 });
    brokenCache.on('error', () => undefined);
    const healthy = new ResilientUsers(data, db);
    expect((await healthy.getUser(12)).source).toBe('database');
    expect((await healthy.getUser(12)).source).toBe('cache');
    // The same service with its cache failing: reads keep working, from the backup or the database.
    const users = new ResilientUsers(brokenCache, db, { timeoutMs: 200, resetTimeoutMs: 60_000 });
    users.backup.set(12, (await healthy.getUser(12)).user!);
    const sources = [];
    for (let i = 0; i < 10; i++) sources.push((await users.getUser(i % 2 === 0 ? 12 : 13)).source);
    expect(sources.every((s) => s !== 'cache')).toBe(true);
    expect(sources).toContain('local-backup');
    expect(users.breaker.opened).toBe(true);
    users.shutdown();
    healthy.shutdown();
    brokenCache.disconnect();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('connection pooling', () => {
  test('at most max connections, broken ones replaced', async () => {
    const sessionCache = local.cache(logicalIdOf(stack.sessionCache));
    const { host, port } = sessionCache.primary!;
    const options = { ...redisOptions(sessionCache, appCredentials(sessionCache)), host, port };
    const pool = createConnectionPool(options, 3);
    const clients = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    expect(pool.size).toBe(3);
    const fourth = pool.acquire(); // waits: the pool is at its maximum
    await expect(Promise.race([fourth, new Promise((r) => setTimeout(() => r('waiting'), 200))])).resolves.toBe('waiting');
    clients[0].disconnect(); // a connection breaks while lent out
    await Promise.all(clients.map((c) => pool.release(c)));
    const [a, b] = [await fourth, await pool.acquire()]; // validated with PING: the broken one is never handed out
    expect(await a.ping()).toBe('PONG');
    expect(await b.ping()).toBe('PONG');
    expect(pool.size).toBeLessThanOrEqual(3);
    await Promise.all([pool.release(a), pool.release(b)]);
    await pool.drain();
    await pool.clear();
  });
});
