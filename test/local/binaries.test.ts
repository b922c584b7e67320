import { BINARY_ENV, findEngineBinary } from '../../src/local/binaries';

/**
 * Which real binary serves which engine. The test task runs with no overrides; the `test:engines-swapped` pass sets
 * the environment variables, so the defaults are checked here with the variables cleared.
 */
const saved = Object.fromEntries(Object.values(BINARY_ENV).map((k) => [k, process.env[k]]));
const clearEnv = () => Object.values(BINARY_ENV).forEach((k) => delete process.env[k]);
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

test('Valkey templates are served by valkey-server 8.x, Redis OSS templates by redis-server', () => {
  clearEnv();
  const valkey = findEngineBinary('valkey');
  expect([valkey.name, valkey.flavour]).toEqual(['valkey-server', 'valkey']);
  expect(valkey.version).toMatch(/^8\./);
  const redis = findEngineBinary('redis');
  expect([redis.name, redis.flavour]).toEqual(['redis-server', 'redis']);
  expect(findEngineBinary('memcached').name).toBe('memcached');
});

test('the environment variables swap the two servers (the second CI pass)', () => {
  clearEnv();
  process.env[BINARY_ENV.valkeyServer] = 'redis-server';
  process.env[BINARY_ENV.redisServer] = 'valkey-server';
  expect(findEngineBinary('valkey').name).toBe('redis-server');
  expect(findEngineBinary('redis').name).toBe('valkey-server');
});

test('an option wins over the environment; an unknown name is a clear error', () => {
  clearEnv();
  process.env[BINARY_ENV.valkeyServer] = 'redis-server';
  expect(findEngineBinary('valkey', { valkeyServer: 'valkey-server' }).name).toBe('valkey-server');
  process.env[BINARY_ENV.redisServer] = 'no-such-server';
  expect(() => findEngineBinary('redis')).toThrow("CDK_ELASTICACHE_REDIS_SERVER names 'no-such-server', which is not on PATH: give a path or the name of an installed binary");
});
