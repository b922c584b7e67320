import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { containersOf, ensureEngineImage } from './engine-image';
import { HostPort, LocalEngine, EndpointsFile } from '../../src/local';
import { findContainerTool } from '../../src/local/container/tool';
import { isAlive } from '../../src/local/state/processes';
import { fixture, stateDir } from '../local/helpers';

// The container runtime's lifecycle: whatever ends a run (stop(), `local down`, Ctrl-C, a killed host process),
// no container and no engine process is left.
const CLI = [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '../../tsconfig.dev.json'), join(__dirname, '../../src/cli/main.ts')];

beforeAll(ensureEngineImage, 180_000);

/** Whether something accepts connections at an address (false: refused). */
function listening(at: HostPort): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(at.port, at.host, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

function addresses(dir: string): HostPort[] {
  const file = JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as EndpointsFile;
  return Object.values(file.caches).flatMap((c) => [...c.nodes, ...(c.configuration ? [c.configuration] : []), ...(c.primary ? [c.primary] : [])]);
}

async function eventually(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

async function waitForFile(path: string, ms: number) {
  if (!(await eventually(() => existsSync(path), ms))) throw new Error(`${path} did not appear within ${ms} ms`);
}

test('LocalEngine.start(runtime container): endpoints reachable from the host, CA on the host; stop() leaves nothing', async () => {
  const engine = await LocalEngine.start(fixture('memcached.json'), { runtime: 'container' });
  const dir = engine.stateDir;
  expect(containersOf(dir)).toHaveLength(1);
  expect(engine.servedBy('Memcached')).toMatchObject({ binary: 'memcached' });
  // The container gets room for the run directory in its memory (--shm-size, decision 0132).
  expect(readlinkSync(join(dir, 'run'))).toMatch(/^\/dev\/shm\/cdk-elasticache-run-[0-9a-f]+$/);
  const ats = addresses(dir);
  expect(await Promise.all(ats.map(listening))).toEqual(ats.map(() => true));
  await engine.stop();
  expect(containersOf(dir)).toEqual([]);
  expect(await Promise.all(ats.map(listening))).toEqual(ats.map(() => false));
  expect(existsSync(dir)).toBe(false);
});

test('a missing image fails with the command that builds it', async () => {
  const e = await LocalEngine.start(fixture('memcached.json'), { runtime: 'container', image: 'cdk-elasticache-engine:no-such-tag' }).catch((x: Error) => x);
  expect((e as Error).message).toMatch(/engine image 'cdk-elasticache-engine:no-such-tag' is not in the local (podman|docker) store: build it with 'cdk-elasticache local image build --tag cdk-elasticache-engine:no-such-tag'/);
});

test('CLI: up --runtime container --detach, status, failover, down', async () => {
  const dir = stateDir();
  const run = (...args: string[]) => execFileSync(process.execPath, [...CLI, 'local', ...args, '--state-dir', dir], { encoding: 'utf8', timeout: 90_000 });
  try {
    expect(run('up', '--runtime', 'container', '--template', fixture('cmd-tls-auth.json'), '--detach')).toMatch(/running in the background/);
    expect(containersOf(dir)).toHaveLength(1);
    expect(run('status')).toMatch(/Sessions.*replication-group/);
    expect(existsSync(join(dir, 'tls', 'ca.pem'))).toBe(true);
    expect(run('failover', 'Sessions')).toMatch(/failover of Sessions shard 0: primary 127\.0\.\d+\.\d+:\d+ -> 127\.0\.\d+\.\d+:\d+ in \d+ ms/);
    const ats = addresses(dir);
    expect(run('down')).toMatch(/stopped/);
    expect(containersOf(dir)).toEqual([]);
    expect(await Promise.all(ats.map(listening))).toEqual(ats.map(() => false));
    expect(existsSync(join(dir, 'endpoints.json'))).toBe(false);
  } finally {
    spawnSync(process.execPath, [...CLI, 'local', 'down', '--state-dir', dir]);
  }
});

test.each([
  ['Ctrl-C (SIGINT)', 'SIGINT' as const],
  ['a killed host process (SIGKILL: the lease closes)', 'SIGKILL' as const],
])('foreground up --runtime container: %s leaves no container', async (_name, signal) => {
  const dir = stateDir();
  const up = spawn(process.execPath, [...CLI, 'local', 'up', '--runtime', 'container', '--template', fixture('memcached.json'), '--state-dir', dir], { stdio: 'ignore' });
  try {
    await waitForFile(join(dir, 'state.json'), 90_000);
    expect(containersOf(dir)).toHaveLength(1);
    const ats = addresses(dir);
    const exited = new Promise<number | null>((r) => up.on('exit', (code) => r(code)));
    up.kill(signal);
    expect(await exited).toBe(signal === 'SIGINT' ? 0 : null);
    expect(await eventually(() => containersOf(dir).length === 0, 20_000)).toBe(true);
    expect(await Promise.all(ats.map(listening))).toEqual(ats.map(() => false));
  } finally {
    up.kill('SIGKILL');
    spawnSync(process.execPath, [...CLI, 'local', 'down', '--state-dir', dir]);
  }
});

test('the container stopped from outside ends a detached run: status says nothing runs, no container is left', async () => {
  const dir = stateDir();
  const run = (...args: string[]) => execFileSync(process.execPath, [...CLI, 'local', ...args, '--state-dir', dir], { encoding: 'utf8', timeout: 90_000 });
  try {
    run('up', '--runtime', 'container', '--template', fixture('memcached.json'), '--detach');
    const [name] = containersOf(dir);
    const supervisor = (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { pid: number }).pid;
    execFileSync(findContainerTool().path, ['stop', name]);
    expect(await eventually(() => !isAlive(supervisor), 20_000)).toBe(true);
    expect(containersOf(dir)).toEqual([]);
    expect(spawnSync(process.execPath, [...CLI, 'local', 'status', '--state-dir', dir], { encoding: 'utf8' }).stdout).toMatch(/nothing is running/);
  } finally {
    spawnSync(process.execPath, [...CLI, 'local', 'down', '--state-dir', dir]);
  }
});
