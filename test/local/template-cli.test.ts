import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnParameter, NestedStack, Stack } from 'aws-cdk-lib';
import { CfnCacheCluster, CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { client, stateDir } from './helpers';
import { EndpointsFile, LocalEngine } from '../../src/local';

const CLI = [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '../../tsconfig.dev.json'), join(__dirname, '../../src/cli/main.ts')];
const work = mkdtempSync(join(tmpdir(), 'template-cli-'));

const YAML = `
Parameters:
  Engine:
    Type: String
    AllowedValues: [redis, valkey]
  Token:
    Type: String
    NoEcho: true
    AllowedPattern: "[a-z0-9-]{16,}"
  Shared:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /shared/replicas
Conditions:
  WithReplicas: !Not [!Equals [!Ref Shared, "0"]]
Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: !Sub "\${AWS::StackName} sessions"
      Engine: !Ref Engine
      NumCacheClusters: !If [WithReplicas, 2, 1]
      TransitEncryptionEnabled: true
      AuthToken: !Ref Token
      Port: !ImportValue shared-port
`;

test('CLI: a YAML template with --parameters, a parameters file and --imports; NoEcho values never printed', () => {
  const template = join(work, 'sessions.yaml');
  writeFileSync(template, YAML);
  const params = join(work, 'params.json');
  writeFileSync(params, JSON.stringify([{ ParameterKey: 'Engine', ParameterValue: 'valkey' }, { ParameterKey: 'Shared', ParameterValue: '1' }]));
  const dir = stateDir();
  const token = 'cli-token-0123456789';
  const run = (...args: string[]) => spawnSync(process.execPath, [...CLI, 'local', ...args, '--state-dir', dir], { encoding: 'utf8', timeout: 60_000 });
  // Missing values first: every problem in one error, the NoEcho value never shown.
  const bad = run('up', '--template', template, '--parameters', 'Token=NOT-VALID-secret', '--detach');
  expect(bad.status).not.toBe(0);
  expect(bad.stderr).toContain('Parameters.Token: the value (not shown: NoEcho) does not match AllowedPattern \'[a-z0-9-]{16,}\'');
  expect(bad.stderr).toContain("Sessions.Engine: parameter 'Engine' has no value and no Default: give it with --parameters Engine=<value>");
  expect(bad.stderr).toContain("Sessions.Port: Fn::ImportValue 'shared-port' has no value: give it with --imports shared-port=<value>");
  expect(bad.stderr + bad.stdout).not.toContain('NOT-VALID-secret');

  const up = run('up', '--template', template, '--parameters-file', params, '--parameters', `Token=${token}`, '--imports', 'shared-port=6390', '--template-ports', '--detach');
  try {
    expect(up.status).toBe(0);
    expect(up.stdout + up.stderr).not.toContain(token);
    const endpoints = JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as EndpointsFile;
    const sessions = endpoints.caches.Sessions;
    expect(sessions).toMatchObject({ engine: 'valkey', tls: true, authToken: token });
    expect(sessions.nodes).toHaveLength(2);
    expect(sessions.primary!.port).toBe(6390);
  } finally {
    expect(run('down').stdout).toMatch(/stopped/);
  }
});

test('CLI: --template and --app are exclusive, one is required', () => {
  const r = spawnSync(process.execPath, [...CLI, 'local', 'up', '--state-dir', stateDir()], { encoding: 'utf8' });
  expect(r.stderr).toContain('give exactly one of --template <file> and --app <cdk.out directory>');
});

test('a cloud assembly: every stack, nested stacks with parameters from their parent, `--app cdk.out`', async () => {
  const outdir = join(work, 'cdk.out');
  // Path metadata as `cdk synth` writes it; no asset metadata: nested templates are found by the asset manifest.
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const base = new Stack(app, 'Base');
  const version = new CfnParameter(base, 'Version', { type: 'String', default: '7.1' });
  const nested = new NestedStack(base, 'Caches', { parameters: { Version: version.valueAsString } });
  new CfnReplicationGroup(nested, 'Group', {
    replicationGroupDescription: 'nested',
    engine: 'valkey',
    engineVersion: new CfnParameter(nested, 'Version', { type: 'String' }).valueAsString,
    numCacheClusters: 2,
    cacheNodeType: 'cache.t4g.micro',
  });
  const other = new Stack(app, 'Other');
  new CfnCacheCluster(other, 'Memcached', { engine: 'memcached', numCacheNodes: 1, cacheNodeType: 'cache.t4g.micro' });
  app.synth();

  const engine = await LocalEngine.start(outdir, { parameters: { 'Base:Version': '8.0' } });
  try {
    const ids = Object.keys(engine.endpoints.caches);
    expect(ids).toHaveLength(2);
    const group = engine.cache('Base/Caches/Group');
    expect(engine.topology.caches.find((c) => c.path === 'Base/Caches/Group')!.engineVersion).toBe('8.0');
    const c = client(group, group.primary!);
    await c.set('k', 'v');
    expect(await c.get('k')).toBe('v');
    c.disconnect();
    expect(engine.cache('Other/Memcached').kind).toBe('memcached');
  } finally {
    await engine.stop();
  }

  const dir = stateDir();
  const out = execFileSync(process.execPath, [...CLI, 'local', 'up', '--app', outdir, '--state-dir', dir, '--detach'], { encoding: 'utf8', timeout: 60_000 });
  try {
    expect(out).toMatch(/Group/);
    expect(Object.keys((JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as EndpointsFile).caches)).toHaveLength(2);
  } finally {
    execFileSync(process.execPath, [...CLI, 'local', 'down', '--state-dir', dir], { encoding: 'utf8' });
  }
});
