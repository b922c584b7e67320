import { GetSecretValueCommand, RotateSecretCommand, SecretsManagerClient, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import Redis from 'ioredis';
import { AccessString, PasswordUser, ReplicationGroup, UserGroup } from '../../src';
import { CacheEndpoints, LocalEngine, SecretSpec } from '../../src/local';

// Issue 15: the library's AUTH-token and RBAC-password rotation functions, run end to end by the local control plane
// (RotateSecret → createSecret, setSecret, testSecret, finishSecret) against real Valkey processes, with faults.
const app = new App();
const stack = new Stack(app, 'Rotation', { env: { account: '123456789012', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
const tokenCache = new ReplicationGroup(stack, 'TokenCache', { vpc, replicasPerShard: 1, replicationGroupId: 'token-cache' });
const appUser = new PasswordUser(stack, 'AppUser', { userName: 'app', accessString: AccessString.readWrite('app:'), vpc });
const rbacCache = new ReplicationGroup(stack, 'RbacCache', { vpc, userGroup: new UserGroup(stack, 'Users', { users: [appUser] }), replicationGroupId: 'rbac-cache' });

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let engine: LocalEngine;
let sm: SecretsManagerClient;
let tokenSecret: SecretSpec;
let userSecret: SecretSpec;

beforeAll(async () => {
  engine = await LocalEngine.start(stack, {
    controlPlane: { modifyingMs: 100, rotationStepTimeoutMs: 8_000, rotationRetryDelayMs: 50 },
  });
  sm = new SecretsManagerClient({ endpoint: engine.controlPlane!.url, region: 'us-east-1', credentials });
  const under = (path: string) => engine.topology.secrets!.find((s) => s.path?.startsWith(`${path}/`))!;
  tokenSecret = under(tokenCache.node.path);
  userSecret = under(appUser.node.path);
}, 60_000);
afterAll(async () => {
  sm?.destroy();
  await engine?.stop();
}, 60_000);

/** Connects with a credential and runs one command: 'OK', or the error. */
async function tryConnect(cache: CacheEndpoints, password: string, username?: string, write?: string): Promise<string> {
  const r = new Redis({
    host: cache.primary!.host,
    port: cache.primary!.port,
    username,
    password,
    tls: { ca: engine.ca, servername: 'localhost' },
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    enableReadyCheck: false,
  });
  // An AUTH refused at connection time is emitted as an error event, then the connection closes.
  let refused: string | undefined;
  r.on('error', (e) => { refused ??= e.message; });
  try {
    await r.connect();
    if (write) return await r.set(write, 'v');
    return (await r.ping()) === 'PONG' ? 'OK' : 'unexpected reply';
  } catch (e) {
    return refused ?? (e as Error).message;
  } finally {
    r.disconnect();
  }
}

const stage = async (secret: SecretSpec, s: string) =>
  (await sm.send(new GetSecretValueCommand({ SecretId: secret.arn, VersionStage: s }))).SecretString!;
const token = async (s = 'AWSCURRENT') => stage(tokenSecret, s);
const password = async (s = 'AWSCURRENT') => JSON.parse(await stage(userSecret, s)).password as string;
const tokenAccepted = async (t: string) => tryConnect(engine.cache(tokenCache.node.path), t);
const passwordAccepted = async (p: string) => tryConnect(engine.cache(rbacCache.node.path), p, 'app');

async function rotate(secret: SecretSpec) {
  await sm.send(new RotateSecretCommand({ SecretId: secret.arn }));
  return engine.controlPlane!.waitForRotation(secret.arn);
}

/** A rotation, with the AUTH-token strategies of the ModifyReplicationGroup calls it made. */
async function rotateCounting(secret: SecretSpec) {
  const from = engine.controlPlane!.calls.length;
  const run = await rotate(secret);
  const modifications = engine.controlPlane!.calls.slice(from).filter((c) => c.action === 'ModifyReplicationGroup').map((c) => c.authTokenUpdateStrategy);
  return { ...run, modifications };
}

describe('AUTH token', () => {
  test('a rotation runs the four steps: the new token is AWSCURRENT, the previous one still connects', async () => {
    const before = await token();
    expect(await tokenAccepted(before)).toBe('OK');
    const run = await rotate(tokenSecret);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1, errors: [] });
    const after = await token();
    expect(after).not.toBe(before);
    expect(await token('AWSPREVIOUS')).toBe(before);
    expect(await tokenAccepted(after)).toBe('OK');
    expect(await tokenAccepted(before)).toBe('OK');
    expect(await tokenAccepted('x'.repeat(64))).toMatch(/WRONGPASS|invalid password/);
    const meta = await sm.send(new DescribeSecretCommand({ SecretId: tokenSecret.arn }));
    expect(meta.LastRotatedDate).toBeInstanceOf(Date);
  }, 60_000);

  test('a client holding the previous token keeps working until the rotation after next', async () => {
    const held = await token();
    await rotate(tokenSecret);
    expect(await tokenAccepted(held)).toBe('OK'); // now AWSPREVIOUS
    await rotate(tokenSecret);
    expect(await tokenAccepted(held)).toMatch(/WRONGPASS|invalid password/);
    expect(await tokenAccepted(await token('AWSPREVIOUS'))).toBe('OK');
  }, 60_000);

  test('testSecret fails once: the whole rotation is retried with the same token and completes', async () => {
    const before = await token();
    engine.controlPlane!.injectStepFailure('testSecret');
    const run = await rotate(tokenSecret);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(run.errors).toEqual(['testSecret: injected failure']);
    expect(await tokenAccepted(await token())).toBe('OK');
    expect(await tokenAccepted(before)).toBe('OK');
    expect(await rotate(tokenSecret)).toMatchObject({ status: 'succeeded', attempts: 1 });
  }, 60_000);

  test('a timeout after the ROTATE: the retried setSecret finds the pending token accepted and does not ROTATE again', async () => {
    const before = await token();
    // The ROTATE is applied, its answer never comes: the step outlives its timeout and is stopped.
    engine.controlPlane!.injectFault({ action: 'ModifyReplicationGroup', match: { AuthTokenUpdateStrategy: 'ROTATE' }, hang: true });
    const run = await rotateCounting(tokenSecret);
    expect(run.status).toBe('succeeded');
    expect(run.errors).toEqual([expect.stringMatching(/^setSecret: Task timed out/)]);
    expect(run.modifications).toEqual(['SET', 'ROTATE']);
    const after = await token();
    expect(await tokenAccepted(after)).toBe('OK');
    // Had the retry rotated again, `before` (AWSPREVIOUS) would have been dropped.
    expect(await tokenAccepted(before)).toBe('OK');
    expect(await rotate(tokenSecret)).toMatchObject({ status: 'succeeded', attempts: 1 });
  }, 60_000);

  test('throttling: throttled ModifyReplicationGroup calls fail a step; clients keep working; the retry completes', async () => {
    const before = await token();
    // The SDK retries a throttled call (3 attempts): 3 faults fail one step.
    engine.controlPlane!.injectFault({ action: 'ModifyReplicationGroup', code: 'Throttling', times: 3 });
    const run = await rotate(tokenSecret);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(run.errors[0]).toMatch(/^setSecret: /);
    expect(await tokenAccepted(before)).toBe('OK');
    expect(await tokenAccepted(await token())).toBe('OK');
  }, 60_000);

  test('a refused SET (other than "one token only") fails the step: no ROTATE follows it, the retry completes', async () => {
    const before = await token();
    engine.controlPlane!.injectFault({ action: 'ModifyReplicationGroup', match: { AuthTokenUpdateStrategy: 'SET' }, code: 'InvalidParameterValue' });
    const run = await rotateCounting(tokenSecret);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(run.errors).toEqual([expect.stringMatching(/^setSecret: injected fault/)]);
    // attempt 1: the refused SET, nothing else; attempt 2: SET, ROTATE.
    expect(run.modifications).toEqual(['SET', 'SET', 'ROTATE']);
    expect(await tokenAccepted(before)).toBe('OK');
    expect(await tokenAccepted(await token())).toBe('OK');
  }, 60_000);

  test('an abandoned AWSPENDING: clients on AWSCURRENT connect; RotateSecret is refused and reattempts it, which completes', async () => {
    const before = await token();
    engine.controlPlane!.injectStepFailure('testSecret', { times: 3 });
    const run = await rotate(tokenSecret);
    expect(run).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await token()).toBe(before);
    expect(await tokenAccepted(before)).toBe('OK');
    const pending = await token('AWSPENDING');
    expect(await tokenAccepted(pending)).toBe('OK'); // set on the group, never made current
    await expect(sm.send(new RotateSecretCommand({ SecretId: tokenSecret.arn }))).rejects.toMatchObject({
      name: 'InvalidRequestException', message: expect.stringMatching(/previous rotation isn't complete/),
    });
    const retried = await engine.controlPlane!.waitForRotation(tokenSecret.arn);
    expect(retried).toMatchObject({ status: 'succeeded', token: run.token });
    expect(await token()).toBe(pending);
    expect(await tokenAccepted(before)).toBe('OK');
    expect(await rotate(tokenSecret)).toMatchObject({ status: 'succeeded', attempts: 1 });
  }, 60_000);
});

test('a function given a group id without an endpoint address looks the endpoint up and tests the pending token there', async () => {
  const cp = engine.controlPlane!;
  const arn = 'arn:aws:lambda:us-east-1:000000000000:function:per-group';
  cp.registerRotationFunction(arn, cp.libraryFunction({ TARGET: 'replication-group', REPLICATION_GROUP_ID: 'token-cache' }));
  const from = cp.calls.length;
  await sm.send(new RotateSecretCommand({ SecretId: tokenSecret.arn, RotationLambdaARN: arn }));
  expect(await cp.waitForRotation(tokenSecret.arn)).toMatchObject({ status: 'succeeded', attempts: 1 });
  expect(cp.calls.slice(from).map((c) => c.action)).toContain('DescribeReplicationGroups');
  expect(await tokenAccepted(await token())).toBe('OK');
  // Pointed at a group that is not the secret's: that group refuses AWSCURRENT, so nothing is modified and the rotation fails.
  cp.registerRotationFunction(arn, cp.libraryFunction({ TARGET: 'replication-group', REPLICATION_GROUP_ID: 'rbac-cache' }));
  await sm.send(new RotateSecretCommand({ SecretId: tokenSecret.arn }));
  const wrong = await cp.waitForRotation(tokenSecret.arn);
  expect(wrong.status).toBe('failed');
  expect(wrong.errors[0]).toMatch(/^setSecret: .*(AUTH token|user group|refuses)/);
  expect(await tokenAccepted(await token())).toBe('OK');
  // Back to the right function: the next RotateSecret is refused and reattempts the abandoned rotation, which completes.
  cp.registerRotationFunction(arn, cp.libraryFunction({ TARGET: 'replication-group', REPLICATION_GROUP_ID: 'token-cache' }));
  await expect(sm.send(new RotateSecretCommand({ SecretId: tokenSecret.arn }))).rejects.toMatchObject({ name: 'InvalidRequestException' });
  expect(await cp.waitForRotation(tokenSecret.arn)).toMatchObject({ status: 'succeeded', token: wrong.token });
  expect(await tokenAccepted(await token())).toBe('OK');
}, 60_000);

describe('RBAC user password', () => {
  test('a rotation sets [current, pending] on the user: the new password is AWSCURRENT, the previous one still connects', async () => {
    const before = await password();
    expect(await passwordAccepted(before)).toBe('OK');
    const run = await rotate(userSecret);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    const after = await password();
    expect(after).not.toBe(before);
    expect(await passwordAccepted(after)).toBe('OK');
    expect(await passwordAccepted(before)).toBe('OK');
    await rotate(userSecret);
    expect(await passwordAccepted(before)).toMatch(/WRONGPASS/);
  }, 60_000);

  test('testSecret fails once: retried with the same token, completes', async () => {
    engine.controlPlane!.injectStepFailure('testSecret');
    expect(await rotate(userSecret)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await passwordAccepted(await password())).toBe('OK');
    expect(await passwordAccepted(await password('AWSPREVIOUS'))).toBe('OK');
  }, 60_000);
});

/**
 * A client that connects for every command with the credential it read last, and re-reads AWSCURRENT when the cache
 * answers WRONGPASS/NOAUTH (then tries once more). `failed` counts commands that failed even after re-reading.
 */
class RereadingClient {
  public ok = 0;
  public failed = 0;
  public rereads = 0;
  private cached?: string;

  constructor(private readonly read: () => Promise<string>, private readonly run: (credential: string) => Promise<string>) {}

  public async command(): Promise<void> {
    this.cached ??= await this.read();
    let result = await this.run(this.cached);
    if (/WRONGPASS|NOAUTH|invalid password/.test(result)) {
      this.rereads++;
      this.cached = await this.read();
      result = await this.run(this.cached);
    }
    if (result === 'OK') this.ok++;
    else this.failed++;
  }
}

/** Rotates `rotations` times while the client runs commands back to back; figures of the drill. */
async function drill(secret: SecretSpec, client: RereadingClient, rotations: number) {
  let running = true;
  const load = (async () => {
    while (running) await client.command();
  })();
  const millis: number[] = [];
  const outcomes: string[] = [];
  try {
    for (let i = 0; i < rotations; i++) {
      const t0 = Date.now();
      const run = await rotate(secret);
      millis.push(Date.now() - t0);
      outcomes.push(run.status);
    }
  } finally {
    running = false;
    await load;
  }
  return { outcomes, millis, mean: Math.round(millis.reduce((a, b) => a + b, 0) / millis.length), max: Math.max(...millis) };
}

describe('drill: 10 consecutive rotations under a steady load', () => {
  test('AUTH token: the re-reading client never fails a command', async () => {
    const client = new RereadingClient(() => token(), (t) => tryConnect(engine.cache(tokenCache.node.path), t, undefined, 'drill:k'));
    const figures = await drill(tokenSecret, client, 10);
    console.log(`AUTH-token drill: ${client.ok} commands ok, ${client.failed} failed, ${client.rereads} re-reads; ms per rotation: mean ${figures.mean}, max ${figures.max}`);
    expect(figures.outcomes).toEqual(Array(10).fill('succeeded'));
    expect(client.failed).toBe(0);
    expect(client.ok).toBeGreaterThan(20);
    // The client started with a token two rotations old at least once: it had to re-read.
    expect(client.rereads).toBeGreaterThan(0);
  }, 120_000);

  test('RBAC password: the re-reading client never fails a command', async () => {
    const client = new RereadingClient(() => password(), (p) => tryConnect(engine.cache(rbacCache.node.path), p, 'app', 'app:drill'));
    const figures = await drill(userSecret, client, 10);
    console.log(`RBAC-password drill: ${client.ok} commands ok, ${client.failed} failed, ${client.rereads} re-reads; ms per rotation: mean ${figures.mean}, max ${figures.max}`);
    expect(figures.outcomes).toEqual(Array(10).fill('succeeded'));
    expect(client.failed).toBe(0);
    expect(client.ok).toBeGreaterThan(20);
  }, 120_000);
});
