import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, stateDir } from './helpers';
import { LocalEngine, MissingBinaryError, TemplateError } from '../../src/local';
import { isAlive } from '../../src/local/state/processes';

const CLI = [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '../../tsconfig.dev.json'), join(__dirname, '../../src/cli/main.ts')];

test('a bad template is rejected before anything starts, naming resource and property', async () => {
  const dir = stateDir();
  const bad = {
    Resources: {
      Good: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', NumCacheNodes: 1 } },
      Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { NumNodeGroups: 2, ReplicasPerNodeGroup: 9 } },
    },
  };
  const e = await LocalEngine.start(bad, { stateDir: dir }).catch((x: Error) => x);
  expect(e).toBeInstanceOf(TemplateError);
  expect((e as Error).message).toContain('Cache.ReplicasPerNodeGroup: must be an integer between 0 and 5');
  expect(existsSync(join(dir, 'pids'))).toBe(false);
  expect(readdirSync(dir)).toEqual([]);
});

test('a missing binary fails with the install command', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const e = await LocalEngine.start(fixture('memcached.json')).catch((x: Error) => x);
    expect(e).toBeInstanceOf(MissingBinaryError);
    expect((e as Error).message).toContain('apt-get install -y memcached');
  } finally {
    process.env.PATH = path;
  }
});

test('parallel engines never share ports; stop() stops every process and removes temporary files', async () => {
  const [a, b] = await Promise.all([LocalEngine.start(fixture('memcached.json')), LocalEngine.start(fixture('memcached.json'))]);
  const ports = [a, b].flatMap((e) => {
    const c = e.cache('Memcached');
    return [c.configuration!.port, ...c.nodes.map((n) => n.port)];
  });
  expect(new Set(ports).size).toBe(ports.length);
  const pids = [...a.pids, ...b.pids];
  await Promise.all([a.stop(), b.stop()]);
  expect(pids.filter(isAlive)).toEqual([]);
  expect(existsSync(a.stateDir)).toBe(false);
});

test('CLI: up --detach, status, failover, then a crashed supervisor is cleaned up by the next up', async () => {
  const dir = stateDir();
  const run = (...args: string[]) => execFileSync(process.execPath, [...CLI, 'local', ...args, '--state-dir', dir], { encoding: 'utf8', timeout: 60_000 });
  const down = () => spawnSync(process.execPath, [...CLI, 'local', 'down', '--state-dir', dir], { encoding: 'utf8' }).stdout;
  run('up', '--template', fixture('cmd-tls-auth.json'), '--detach');
  try {
    await crashAndRecover(run, dir);
  } finally {
    // Whatever failed above, nothing is left running.
    expect(down()).toMatch(/stopped|nothing/);
  }
});

async function crashAndRecover(run: (...args: string[]) => string, dir: string) {
  expect(run('status')).toMatch(/Sessions.*replication-group/);
  expect(run('failover', 'Sessions')).toMatch(/failover of Sessions shard 0: primary 127\.0\.\d+\.\d+:\d+ -> 127\.0\.\d+\.\d+:\d+ in \d+ ms/);
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { pid: number };
  const nodes = (JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as { caches: { Sessions: { nodes: Array<{ port: number }> } } }).caches.Sessions.nodes;
  const redisPids = readdirSync(join(dir, 'pids')).map((f) => (JSON.parse(readFileSync(join(dir, 'pids', f), 'utf8')) as { pid: number }).pid);
  expect(redisPids).toHaveLength(nodes.length);
  // Crash: the supervisor dies without cleaning up; the redis processes stay.
  process.kill(state.pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  expect(redisPids.every(isAlive)).toBe(true);
  const engine = await LocalEngine.start(fixture('memcached.json'), { stateDir: dir });
  expect(redisPids.filter(isAlive)).toEqual([]);
  await engine.stop();
}
