import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { client, stateDir } from './helpers';
import { EndpointsFile } from '../../src/local';

// Issue 14 point 1 through the CLI: `local up --template NEW` on a state dir whose supervisor runs.

const CLI = [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '../../tsconfig.dev.json'), join(__dirname, '../../src/cli/main.ts')];
const cli = (...args: string[]) => execFileSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', timeout: 120_000 });

const template = (replicas: number, port = 6379) => JSON.stringify({
  Resources: {
    Cache: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: { ReplicationGroupDescription: 'c', Engine: 'valkey', NumCacheClusters: 1 + replicas, AutomaticFailoverEnabled: replicas > 0, Port: port },
    },
  },
});

test('local up on running caches: replicas added in place (data kept, status follows); a replacement refused, then applied with --allow-replacement', async () => {
  const dir = stateDir();
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const v1 = file('v1.json', template(1));
  const v2 = file('v2.json', template(2));
  const v3 = file('v3.json', template(2, 6380));
  const endpoints = () => (JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as EndpointsFile).caches.Cache;
  try {
    cli('local', 'up', '--template', v1, '--state-dir', dir, '--detach');
    const r = client(endpoints(), endpoints().primary!);
    await r.set('kept', 'yes');

    const out = cli('local', 'up', '--template', v2, '--state-dir', dir);
    expect(out).toContain('NumCacheClusters: 2 -> 3  [no interruption]');
    expect(out).toContain('updated in place: Cache (replicas per shard 1 -> 2)');
    expect(endpoints().nodes.filter((n) => n.role === 'replica')).toHaveLength(2);
    expect(cli('local', 'status', '--state-dir', dir).match(/\d+ replica\b/g)).toHaveLength(2);
    expect(await r.get('kept')).toBe('yes');
    // state.json names the new template: `local plan --state-dir` compares with it.
    expect(cli('local', 'plan', '--state-dir', dir, '--template', v2)).toContain('No change');

    const refused = spawnSync(process.execPath, [...CLI, 'local', 'up', '--template', v3, '--state-dir', dir], { encoding: 'utf8', timeout: 120_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Cache (AWS::ElastiCache::ReplicationGroup) would be replaced (Port), losing its data; allow it with --allow-replacement');
    expect(await r.get('kept')).toBe('yes');

    const replaced = cli('local', 'up', '--template', v3, '--state-dir', dir, '--allow-replacement');
    expect(replaced).toContain('replaced: Cache (Port)');
    const fresh = client(endpoints(), endpoints().primary!);
    expect(await fresh.get('kept')).toBeNull();
    fresh.disconnect();
    r.disconnect();
  } finally {
    cli('local', 'down', '--state-dir', dir);
  }
}, 240_000);
