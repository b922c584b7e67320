import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRunDir, MEMORY_DIR, removeRunDir, removeStateDir, runDirBytes, runDirInMemory } from '../../../src/local/state/run-dir';
import { loadTemplate } from '../../../src/local/template/load';
import { buildTopology } from '../../../src/local/topology/build';

// The run directory lives in memory when a tmpfs has room for it (docs/decisions/0132).
const memoryFree = (() => {
  try {
    const fs = statfsSync(MEMORY_DIR);
    return fs.type === 0x01021994 ? fs.bavail * fs.bsize : 0;
  } catch {
    return 0;
  }
})();
const withMemory = memoryFree > 256 * 1024 * 1024 ? test : test.skip;
let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'run-dir-test-'));
});
afterEach(() => removeStateDir(stateDir));

withMemory('in memory when the tmpfs has room: a link that removeRunDir removes with its target', () => {
  const runDir = makeRunDir(stateDir, 64 * 1024 * 1024);
  expect(runDir).toBe(join(stateDir, 'run'));
  expect(lstatSync(runDir).isSymbolicLink()).toBe(true);
  const target = readlinkSync(runDir);
  expect(target.startsWith(`${MEMORY_DIR}/cdk-elasticache-run-`)).toBe(true);
  expect(runDirInMemory(stateDir)).toBe(true);
  writeFileSync(join(runDir, 'redis.log'), 'x');
  expect(existsSync(join(target, 'redis.log'))).toBe(true);
  removeRunDir(stateDir);
  expect(existsSync(target)).toBe(false);
  expect(existsSync(runDir)).toBe(false);
});

withMemory('a new run removes the memory of the previous one in the same state dir', () => {
  makeRunDir(stateDir, 1024);
  const first = readlinkSync(join(stateDir, 'run'));
  makeRunDir(stateDir, 1024);
  expect(existsSync(first)).toBe(false);
  expect(readlinkSync(join(stateDir, 'run'))).not.toBe(first);
});

withMemory('removeStateDir removes the memory of a temporary state dir too', () => {
  makeRunDir(stateDir, 1024);
  const target = readlinkSync(join(stateDir, 'run'));
  removeStateDir(stateDir);
  expect(existsSync(target)).toBe(false);
  expect(existsSync(stateDir)).toBe(false);
});

test('on disk when the tmpfs lacks room (or there is none)', () => {
  const runDir = makeRunDir(stateDir, Number.MAX_SAFE_INTEGER);
  expect(lstatSync(runDir).isDirectory()).toBe(true);
  expect(runDirInMemory(stateDir)).toBe(false);
});

test('on disk when CDK_ELASTICACHE_RUN_DIR_ON_DISK=1', () => {
  process.env.CDK_ELASTICACHE_RUN_DIR_ON_DISK = '1';
  try {
    expect(lstatSync(makeRunDir(stateDir, 1024)).isDirectory()).toBe(true);
  } finally {
    delete process.env.CDK_ELASTICACHE_RUN_DIR_ON_DISK;
  }
});

test('a link it did not make is removed, never followed (e.g. a state dir mounted into the engine container)', () => {
  const foreign = mkdtempSync(join(tmpdir(), 'run-dir-foreign-'));
  mkdirSync(join(foreign, 'keep'));
  symlinkSync(foreign, join(stateDir, 'run'));
  removeRunDir(stateDir);
  expect(existsSync(join(foreign, 'keep'))).toBe(true);
  expect(existsSync(join(stateDir, 'run'))).toBe(false);
  rmSync(foreign, { recursive: true });
});

withMemory('a memory directory that names another state dir is not removed', () => {
  makeRunDir(stateDir, 1024);
  const target = readlinkSync(join(stateDir, 'run'));
  const other = mkdtempSync(join(tmpdir(), 'run-dir-other-'));
  symlinkSync(target, join(other, 'run'));
  removeRunDir(other);
  expect(existsSync(target)).toBe(true);
  rmSync(other, { recursive: true });
});

test('room for an RDB file of maxmemory per Valkey/Redis node, plus 64 MiB; Memcached keeps no files', () => {
  const topology = buildTopology(loadTemplate({
    Resources: {
      Big: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'x', Engine: 'valkey', CacheNodeType: 'cache.t4g.small', NumNodeGroups: 3, ReplicasPerNodeGroup: 2, ClusterMode: 'enabled' } },
      Mc: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 2 } },
    },
  }));
  expect(runDirBytes(topology, 1024 * 1024)).toBe((9 + 64) * 1024 * 1024);
});
