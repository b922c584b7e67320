import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { fixture, stateDir } from './helpers';
import { EndpointsFile } from '../../src/local';

const CLI = [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '../../tsconfig.dev.json'), join(__dirname, '../../src/cli/main.ts')];
const cli = (...args: string[]) => execFileSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

test('local up --detach --control-plane: the AWS API endpoint in endpoints.json answers the SDK; down stops it', async () => {
  const dir = stateDir();
  const template = join(dir, 'cmd.json');
  writeFileSync(template, readFileSync(fixture('cmd-tls-auth.json')));
  try {
    const out = cli('local', 'up', '--template', template, '--state-dir', dir, '--detach', '--control-plane');
    expect(out).toMatch(/AWS API endpoint \(ElastiCache, Secrets Manager\): http:\/\/127\.0\.0\.1:\d+/);
    const endpoints = JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as EndpointsFile & { controlPlane?: { url: string } };
    const url = endpoints.controlPlane!.url;
    const elasticache = new ElastiCacheClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const groups = await elasticache.send(new DescribeReplicationGroupsCommand({}));
    expect(groups.ReplicationGroups?.map((g) => g.Status)).toEqual(['available']);
    elasticache.destroy();
  } finally {
    cli('local', 'down', '--state-dir', dir);
  }
});

test('--control-plane-port must be a port number', () => {
  const dir = stateDir();
  const r = spawnSync(process.execPath, [...CLI, 'local', 'up', '--template', fixture('cmd-tls-auth.json'), '--state-dir', dir, '--control-plane-port', 'x'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain("--control-plane-port must be a port number from 1 to 65535, got 'x'");
});
