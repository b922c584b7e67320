import {
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
  ElastiCacheClient,
  ModifyReplicationGroupCommand,
  ModifyUserCommand,
  TestFailoverCommand,
  waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import Redis from 'ioredis';
import { AccessString, PasswordUser, ReplicationGroup, ServerlessCache, UserGroup } from '../../src';
import { LocalEngine } from '../../src/local';

// Issue 15: the control plane of the local engine, driven by the AWS SDK v3 clients with only `endpoint` overridden.
const app = new App();
const stack = new Stack(app, 'ControlPlane', { env: { account: '123456789012', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
const tokenCache = new ReplicationGroup(stack, 'TokenCache', { vpc, replicasPerShard: 1, replicationGroupId: 'token-cache' });
const appUser = new PasswordUser(stack, 'AppUser', { userName: 'app', accessString: AccessString.readWrite('app:'), vpc });
const users = new UserGroup(stack, 'Users', { users: [appUser] });
new ReplicationGroup(stack, 'RbacCache', { vpc, userGroup: users, replicationGroupId: 'rbac-cache' });
const serverless = new ServerlessCache(stack, 'Serverless', { vpc });

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let engine: LocalEngine;
let ec: ElastiCacheClient;
let sm: SecretsManagerClient;

beforeAll(async () => {
  engine = await LocalEngine.start(stack, { controlPlane: { modifyingMs: 100 } });
  const endpoint = engine.controlPlane!.url;
  ec = new ElastiCacheClient({ endpoint, region: 'us-east-1', credentials });
  sm = new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials });
}, 60_000);
afterAll(async () => {
  ec?.destroy();
  sm?.destroy();
  await engine?.stop();
});

test('endpoints.json and the engine give the control plane URL', () => {
  expect(engine.controlPlane!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(engine.endpoints.controlPlane).toEqual({ url: engine.controlPlane!.url });
});

test('DescribeReplicationGroups: the groups of the template with their endpoints; an unknown group is ReplicationGroupNotFoundFault', async () => {
  const out = await ec.send(new DescribeReplicationGroupsCommand({}));
  expect(out.ReplicationGroups!.map((g) => g.ReplicationGroupId).sort()).toEqual(['rbac-cache', 'token-cache']);
  const group = out.ReplicationGroups!.find((g) => g.ReplicationGroupId === 'token-cache')!;
  const local = engine.cache(tokenCache.node.path);
  expect(group).toMatchObject({
    Status: 'available',
    AuthTokenEnabled: true,
    TransitEncryptionEnabled: true,
    ClusterEnabled: false,
    NodeGroups: [{ NodeGroupId: '0001', PrimaryEndpoint: { Address: local.primary!.host, Port: local.primary!.port } }],
    MemberClusters: ['token-cache-001', 'token-cache-002'],
  });
  expect(group.NodeGroups![0].NodeGroupMembers!.map((m) => m.CurrentRole).sort()).toEqual(['primary', 'replica']);
  await expect(ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'nope' }))).rejects.toMatchObject({
    name: 'ReplicationGroupNotFoundFault', $metadata: { httpStatusCode: 404 },
  });
});

test('DescribeCacheClusters with node info; DescribeUsers and DescribeUserGroups of the RBAC group', async () => {
  const clusters = await ec.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }));
  expect(clusters.CacheClusters!.map((c) => c.CacheClusterId)).toEqual(expect.arrayContaining(['token-cache-001', 'token-cache-002', 'rbac-cache-001']));
  expect(clusters.CacheClusters![0].CacheNodes![0].Endpoint!.Port).toBeGreaterThan(0);
  const out = await ec.send(new DescribeUsersCommand({}));
  const app1 = out.Users!.find((u) => u.UserName === 'app')!;
  expect(app1).toMatchObject({ Status: 'active', Authentication: { Type: 'password', PasswordCount: 1 } });
  const groups = await ec.send(new DescribeUserGroupsCommand({}));
  expect(groups.UserGroups![0]).toMatchObject({ Status: 'active', ReplicationGroups: ['rbac-cache'] });
  expect(groups.UserGroups![0].UserIds).toContain(app1.UserId);
});

test('DescribeServerlessCaches: the serverless cache with its endpoint; an unknown name is ServerlessCacheNotFoundFault', async () => {
  const out = await ec.send(new DescribeServerlessCachesCommand({}));
  expect(out.ServerlessCaches).toHaveLength(1);
  const local = engine.cache(serverless.node.path);
  expect(out.ServerlessCaches![0]).toMatchObject({ Status: 'available', Endpoint: { Address: local.configuration!.host, Port: local.configuration!.port } });
  await expect(ec.send(new DescribeServerlessCachesCommand({ ServerlessCacheName: 'nope' }))).rejects.toMatchObject({ name: 'ServerlessCacheNotFoundFault' });
});

test('ModifyReplicationGroup: invalid requests answer AWS error codes', async () => {
  const modify = (input: Partial<ConstructorParameters<typeof ModifyReplicationGroupCommand>[0]>) =>
    ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'token-cache', ApplyImmediately: true, ...input }));
  await expect(modify({ AuthToken: 'short', AuthTokenUpdateStrategy: 'ROTATE' })).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  await expect(modify({ AuthToken: 'a'.repeat(32), AuthTokenUpdateStrategy: 'SET' })).rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
  await expect(modify({ AuthTokenUpdateStrategy: 'DELETE' })).rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
  await expect(ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'rbac-cache', AuthToken: 'a'.repeat(32), AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true })))
    .rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
  await expect(ec.send(new ModifyUserCommand({ UserId: 'nobody', Passwords: ['a'.repeat(20)] }))).rejects.toMatchObject({ name: 'UserNotFoundFault' });
});

test('TestFailover through the SDK: modifying, then available (waiter); the replica is primary; a client keeps writing', async () => {
  const local = engine.cache(tokenCache.node.path);
  const before = local.nodes.find((n) => n.role === 'primary')!;
  const app1 = new Redis({
    host: local.primary!.host,
    port: local.primary!.port,
    password: local.authToken!,
    tls: { ca: engine.ca, servername: 'localhost' },
    retryStrategy: () => 50,
    reconnectOnError: (e) => /READONLY/.test(e.message),
  });
  app1.on('error', () => undefined);
  await app1.set('before', '1');
  const out = await ec.send(new TestFailoverCommand({ ReplicationGroupId: 'token-cache', NodeGroupId: '0001' }));
  expect(out.ReplicationGroup!.Status).toBe('modifying');
  await expect(ec.send(new TestFailoverCommand({ ReplicationGroupId: 'token-cache', NodeGroupId: '0001' }))).rejects.toMatchObject({ name: 'InvalidReplicationGroupStateFault' });
  const waited = await waitUntilReplicationGroupAvailable({ client: ec, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { ReplicationGroupId: 'token-cache' });
  expect(waited.state).toBe('SUCCESS');
  const after = engine.cache(tokenCache.node.path).nodes.find((n) => n.role === 'primary')!;
  expect(after.port === before.port && after.host === before.host).toBe(false);
  // The client reconnects through the primary endpoint to the promoted node: no acknowledged write is lost.
  await app1.set('after', '2');
  expect(await app1.mget('before', 'after')).toEqual(['1', '2']);
  app1.disconnect();
  await expect(ec.send(new TestFailoverCommand({ ReplicationGroupId: 'token-cache', NodeGroupId: '0002' }))).rejects.toMatchObject({ name: 'NodeGroupNotFoundFault' });
}, 60_000);

test('ModifyReplicationGroup ROTATE then SET, applied to the running nodes: modifying/ROTATING, then available (waiter)', async () => {
  const local = () => engine.cache(tokenCache.node.path);
  const old = local().authToken!;
  const next = 'N3wToken'.repeat(4);
  const out = await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'token-cache', AuthToken: next, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true }));
  expect(out.ReplicationGroup).toMatchObject({ Status: 'modifying', PendingModifiedValues: { AuthTokenStatus: 'ROTATING' } });
  await expect(ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'token-cache', AuthToken: next, AuthTokenUpdateStrategy: 'SET', ApplyImmediately: true })))
    .rejects.toMatchObject({ name: 'InvalidReplicationGroupStateFault' });
  expect((await waitUntilReplicationGroupAvailable({ client: ec, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { ReplicationGroupId: 'token-cache' })).state).toBe('SUCCESS');
  expect(engine.passwords(tokenCache.node.path, 'default')).toEqual([old, next]);
  const ping = async (password: string) => {
    const r = new Redis({ host: local().primary!.host, port: local().primary!.port, password, tls: { ca: engine.ca, servername: 'localhost' }, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    let error: string | undefined;
    r.on('error', (e) => { error ??= e.message; });
    try {
      await r.connect();
      return await r.ping();
    } catch (e) {
      return error ?? (e as Error).message;
    } finally {
      r.disconnect();
    }
  };
  expect(await ping(old)).toBe('PONG');
  expect(await ping(next)).toBe('PONG');
  const set = await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'token-cache', AuthToken: next, AuthTokenUpdateStrategy: 'SET', ApplyImmediately: true }));
  expect(set.ReplicationGroup!.PendingModifiedValues!.AuthTokenStatus).toBe('SETTING');
  await waitUntilReplicationGroupAvailable({ client: ec, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { ReplicationGroupId: 'token-cache' });
  expect(await ping(next)).toBe('PONG');
  expect(await ping(old)).toMatch(/WRONGPASS/);
  expect(engine.cache(tokenCache.node.path).authToken).toBe(next);
}, 60_000);

test('ModifyUser: two passwords on every node; at most two', async () => {
  const userId = (await ec.send(new DescribeUsersCommand({}))).Users!.find((u) => u.UserName === 'app')!.UserId!;
  const [a, b] = ['PasswordA'.repeat(3), 'PasswordB'.repeat(3)];
  await expect(ec.send(new ModifyUserCommand({ UserId: userId, Passwords: [a, b, a] }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  const out = await ec.send(new ModifyUserCommand({ UserId: userId, AuthenticationMode: { Type: 'password', Passwords: [a, b] } }));
  expect(out.Status).toBe('modifying');
  await new Promise((r) => setTimeout(r, 300));
  const user = (await ec.send(new DescribeUsersCommand({ UserId: userId }))).Users![0];
  expect(user).toMatchObject({ Status: 'active', Authentication: { PasswordCount: 2 } });
  expect(engine.passwords('ControlPlane/RbacCache', 'app')).toEqual([a, b]);
});

test('Secrets Manager: version stages, idempotent PutSecretValue, AWSPREVIOUS moved automatically', async () => {
  const sec = engine.topology.secrets!.find((s) => s.path?.startsWith(`${appUser.node.path}/`))!;
  const first = await sm.send(new DescribeSecretCommand({ SecretId: sec.arn }));
  expect(first.RotationEnabled).toBe(true);
  const currentId = Object.entries(first.VersionIdsToStages!).find(([, s]) => s.includes('AWSCURRENT'))![0];
  const value = (await sm.send(new GetSecretValueCommand({ SecretId: sec.arn }))).SecretString!;
  expect(JSON.parse(value)).toMatchObject({ username: 'app' });
  const token = 'a'.repeat(8) + '-1111-2222-3333-' + 'b'.repeat(12);
  const random = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 40, ExcludePunctuation: true }))).RandomPassword!;
  expect(random).toMatch(/^[A-Za-z0-9]{40}$/);
  const put = () => sm.send(new PutSecretValueCommand({ SecretId: sec.arn, ClientRequestToken: token, SecretString: random, VersionStages: ['AWSPENDING'] }));
  await put();
  await put(); // same token, same value: nothing changes
  await expect(sm.send(new PutSecretValueCommand({ SecretId: sec.arn, ClientRequestToken: token, SecretString: 'other', VersionStages: ['AWSPENDING'] })))
    .rejects.toMatchObject({ name: 'ResourceExistsException' });
  await expect(sm.send(new GetSecretValueCommand({ SecretId: sec.arn, VersionStage: 'AWSPENDING' }))).resolves.toMatchObject({ VersionId: token });
  await expect(sm.send(new UpdateSecretVersionStageCommand({ SecretId: sec.arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token })))
    .rejects.toMatchObject({ name: 'InvalidParameterException' });
  // Put it back: this secret is the password of a running user; only the stages are checked here.
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: sec.arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: currentId }));
  const moved = await sm.send(new DescribeSecretCommand({ SecretId: sec.arn }));
  expect(moved.VersionIdsToStages![currentId]).toEqual(['AWSPREVIOUS']);
  expect(moved.VersionIdsToStages![token]).toEqual(expect.arrayContaining(['AWSCURRENT', 'AWSPENDING']));
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: sec.arn, VersionStage: 'AWSCURRENT', MoveToVersionId: currentId, RemoveFromVersionId: token }));
  await sm.send(new UpdateSecretVersionStageCommand({ SecretId: sec.arn, VersionStage: 'AWSPENDING', RemoveFromVersionId: token }));
  expect((await sm.send(new GetSecretValueCommand({ SecretId: sec.arn }))).SecretString).toBe(value);
  await expect(sm.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
});

test('RotateSecret runs any registered handler through the four steps with the same token', async () => {
  const cp = engine.controlPlane!;
  const sec = engine.topology.secrets!.find((s) => s.path?.startsWith(`${tokenCache.node.path}/`))!;
  const seen: string[] = [];
  const arn = 'arn:aws:lambda:us-east-1:000000000000:function:custom';
  cp.registerRotationFunction(arn, async (event, invocation) => {
    seen.push(`${event.Step}:${event.ClientRequestToken}`);
    // The function's own client, on the endpoint of this invocation.
    const client = new SecretsManagerClient({ endpoint: invocation.endpoint, region: 'us-east-1', credentials });
    try {
      if (event.Step === 'createSecret') {
        await client.send(new PutSecretValueCommand({
          SecretId: event.SecretId, ClientRequestToken: event.ClientRequestToken, SecretString: 'C'.repeat(32), VersionStages: ['AWSPENDING'],
        }));
      }
      if (event.Step === 'finishSecret') {
        const meta = await client.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
        const current = Object.entries(meta.VersionIdsToStages!).find(([, s]) => s.includes('AWSCURRENT'))![0];
        await client.send(new UpdateSecretVersionStageCommand({
          SecretId: event.SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: event.ClientRequestToken, RemoveFromVersionId: current,
        }));
      }
    } finally {
      client.destroy();
    }
  });
  const out = await sm.send(new RotateSecretCommand({ SecretId: sec.arn, RotationLambdaARN: arn }));
  const run = await cp.waitForRotation(sec.arn);
  expect(run).toMatchObject({ status: 'succeeded', attempts: 1, token: out.VersionId });
  expect(seen).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret'].map((s) => `${s}:${out.VersionId}`));
  expect((await sm.send(new GetSecretValueCommand({ SecretId: sec.arn }))).SecretString).toBe('C'.repeat(32));
  expect((await sm.send(new DescribeSecretCommand({ SecretId: sec.arn }))).RotationLambdaARN).toBe(arn);
  await expect(sm.send(new RotateSecretCommand({ SecretId: sec.arn, RotationLambdaARN: 'arn:aws:lambda:us-east-1:000000000000:function:unknown' })))
    .rejects.toMatchObject({ name: 'InvalidRequestException' });
  expect((await sm.send(new DescribeSecretCommand({ SecretId: sec.arn }))).RotationLambdaARN).toBe(arn);
});
