/* eslint-disable import/no-extraneous-dependencies */
/*
 * Secrets Manager rotation handler for ElastiCache credentials (bundled by projen/esbuild;
 * `@aws-sdk/*` comes from the Lambda runtime).
 *
 * One mechanism for two kinds of secret:
 * - TARGET=replication-group: the AUTH token of a replication group (plain-string secret). One
 *   function serves every group of a stack and VPC: the group is the one tagged
 *   `cdk-elasticache:auth-token-secret` = the secret's ARN (DescribeReplicationGroups +
 *   ListTagsForResource, paginated), and its primary or configuration endpoint is tested. A
 *   function given REPLICATION_GROUP_ID (and ENDPOINT_ADDRESS/ENDPOINT_PORT) uses those instead.
 *   setSecret = ModifyReplicationGroup AuthTokenUpdateStrategy=SET <current> (drops the
 *   previous token, which clients had a whole rotation period to leave), wait `available`,
 *   then ROTATE <pending> (current and pending both valid), wait `available`.
 *   AWS: ModifyReplicationGroup AuthTokenUpdateStrategy (ROTATE keeps old + new valid until SET;
 *   SET only after ROTATE) — botocore elasticache service-2.json; ElastiCache User Guide auth.html.
 * - TARGET=user: the password of an RBAC user (JSON secret `{ userId, username, password }`).
 *   setSecret = ModifyUser AuthenticationMode { password, [current, pending] } (up to two
 *   passwords per user), wait `active`. AWS: CreateUser/ModifyUser `Passwords` (1-2) —
 *   botocore; User Guide Clusters.RBAC.html ("up to two passwords ... rotation").
 *
 * Secret values are never logged: only step names, version ids and AWS error names.
 * Rotation steps: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 */
import * as tls from 'node:tls';
import {
  DescribeReplicationGroupsCommand,
  DescribeUsersCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  ModifyReplicationGroupCommand,
  ModifyUserCommand,
} from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';

interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

const secrets = new SecretsManagerClient({});
const elasticache = new ElastiCacheClient({});

const TARGET = process.env.TARGET ?? 'replication-group';
const PASSWORD_LENGTH = Number(process.env.PASSWORD_LENGTH ?? '64');
const POLL_MS = Number(process.env.POLL_INTERVAL_MS ?? '15000');

/** The tag on a replication group naming the ARN of the secret holding its AUTH token. */
export const AUTH_TOKEN_SECRET_TAG = 'cdk-elasticache:auth-token-secret';

/** The replication group of an AUTH-token secret and the endpoint `testSecret` connects to. */
export interface RotationTarget {
  readonly replicationGroupId: string;
  readonly address?: string;
  readonly port?: number;
}

/** The part of the ElastiCache client the lookup uses (a fake in unit tests). */
export interface ElastiCacheSender {
  send(command: DescribeReplicationGroupsCommand | ListTagsForResourceCommand): Promise<any>;
}

/**
 * Finds the replication group tagged with the secret's ARN. Groups the function may not list
 * tags of (the groups of other functions: ListTagsForResource is granted per group) are skipped.
 */
export async function findReplicationGroup(client: ElastiCacheSender, secretArn: string): Promise<RotationTarget> {
  let marker: string | undefined;
  do {
    const page = await client.send(new DescribeReplicationGroupsCommand({ Marker: marker, MaxRecords: 100 }));
    for (const group of page.ReplicationGroups ?? []) {
      if (!group.ARN || !group.ReplicationGroupId) continue;
      let tags: Array<{ Key?: string; Value?: string }>;
      try {
        tags = (await client.send(new ListTagsForResourceCommand({ ResourceName: group.ARN }))).TagList ?? [];
      } catch (e) {
        const name = errorName(e);
        if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'ReplicationGroupNotFoundFault' || name === 'InvalidReplicationGroupStateFault') continue;
        throw e;
      }
      if (!tags.some((t) => t.Key === AUTH_TOKEN_SECRET_TAG && t.Value === secretArn)) continue;
      const endpoint = group.ConfigurationEndpoint ?? group.NodeGroups?.[0]?.PrimaryEndpoint;
      return { replicationGroupId: group.ReplicationGroupId, address: endpoint?.Address, port: endpoint?.Port };
    }
    marker = page.Marker;
  } while (marker);
  throw new Error(`no replication group is tagged ${AUTH_TOKEN_SECRET_TAG}=${secretArn}`);
}

/** Targets found in this execution environment, by secret ARN. */
const targets = new Map<string, RotationTarget>();

async function targetOf(secretArn: string): Promise<RotationTarget> {
  const groupId = process.env.REPLICATION_GROUP_ID;
  if (groupId) {
    const address = process.env.ENDPOINT_ADDRESS;
    return { replicationGroupId: groupId, address, port: address ? Number(process.env.ENDPOINT_PORT ?? '6379') : undefined };
  }
  let target = targets.get(secretArn);
  if (!target) {
    target = await findReplicationGroup(elasticache, secretArn);
    targets.set(secretArn, target);
  }
  return target;
}

export async function handler(event: RotationEvent): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const meta = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!meta.RotationEnabled) throw new Error(`rotation is not enabled on ${secretId}`);
  const stages = meta.VersionIdsToStages?.[token];
  if (!stages) throw new Error(`version ${token} has no stage on ${secretId}`);
  if (stages.includes('AWSCURRENT')) {
    console.log(`version ${token} is already AWSCURRENT; nothing to do`);
    return;
  }
  if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} is not AWSPENDING on ${secretId}`);
  console.log(`step ${step} for ${TARGET} secret ${secretId} version ${token}`);
  const secretArn = meta.ARN ?? secretId;

  switch (step) {
    case 'createSecret': return createSecret(secretId, token);
    case 'setSecret': return setSecret(secretId, token, meta.VersionIdsToStages ?? {}, secretArn);
    case 'testSecret': return testSecret(secretId, token, secretArn);
    case 'finishSecret': return finishSecret(secretId, token, meta.VersionIdsToStages ?? {});
    default: throw new Error(`unknown step ${String(step)}`);
  }
}

/** createSecret: a new value of letters and digits (accepted by AUTH tokens and user passwords). */
async function createSecret(secretId: string, token: string): Promise<void> {
  const current = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
  try {
    await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: 'AWSPENDING' }));
    console.log('pending version exists already');
    return;
  } catch (e) {
    if (errorName(e) !== 'ResourceNotFoundException') throw e;
  }
  // AUTH token: 16-128 chars, specials only ! & # $ ^ < > - ; user passwords: no , " / @ (botocore).
  // Letters and digits satisfy both.
  const random = await secrets.send(new GetRandomPasswordCommand({
    PasswordLength: PASSWORD_LENGTH, ExcludePunctuation: true, IncludeSpace: false, RequireEachIncludedType: true,
  }));
  const value = TARGET === 'user'
    ? JSON.stringify({ ...JSON.parse(current.SecretString ?? '{}'), password: random.RandomPassword })
    : random.RandomPassword!;
  await secrets.send(new PutSecretValueCommand({
    SecretId: secretId, ClientRequestToken: token, SecretString: value, VersionStages: ['AWSPENDING'],
  }));
  console.log('created pending version');
}

async function setSecret(secretId: string, token: string, versions: Record<string, string[]>, secretArn: string): Promise<void> {
  const current = await read(secretId, 'AWSCURRENT');
  const pending = await read(secretId, 'AWSPENDING', token);
  if (TARGET === 'user') {
    const userId = userIdOf(current.raw);
    await waitForUser(userId);
    // Two passwords: connections using the current one keep working while clients move on.
    await elasticache.send(new ModifyUserCommand({
      UserId: userId,
      AuthenticationMode: { Type: 'password', Passwords: [current.password, pending.password] },
    }));
    await waitForUser(userId);
    console.log(`user ${userId} accepts the current and the pending password`);
    return;
  }

  const groupId = (await targetOf(secretArn)).replicationGroupId;
  await waitForGroup(groupId);
  const rotatedBefore = Object.values(versions).some((s) => s.includes('AWSPREVIOUS'));
  if (rotatedBefore) {
    // A previous rotation left two tokens valid (previous + current). SET keeps only the current
    // one. SET is only accepted after a ROTATE, so a group whose tokens were already SET answers
    // InvalidParameterCombination/Value: then only one token is valid and we go on.
    try {
      await elasticache.send(new ModifyReplicationGroupCommand({
        ReplicationGroupId: groupId, AuthToken: current.password, AuthTokenUpdateStrategy: 'SET', ApplyImmediately: true,
      }));
      await waitForGroup(groupId);
    } catch (e) {
      const name = errorName(e);
      if (name !== 'InvalidParameterCombinationException' && name !== 'InvalidParameterValueException') throw e;
      console.log(`SET of the current token not needed (${name})`);
    }
  }
  await elasticache.send(new ModifyReplicationGroupCommand({
    ReplicationGroupId: groupId, AuthToken: pending.password, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true,
  }));
  await waitForGroup(groupId);
  console.log(`replication group ${groupId} accepts the current and the pending token`);
}

/**
 * testSecret: for AUTH tokens (the group's primary or configuration endpoint, or
 * ENDPOINT_ADDRESS), AUTH over TLS with the pending value
 * must answer +OK. An unreachable endpoint FAILS the step on purpose: Secrets Manager keeps
 * AWSCURRENT, both tokens stay valid, and the next attempt retries. For users (no cache
 * endpoint), ElastiCache must report the user `active` with two passwords.
 */
async function testSecret(secretId: string, token: string, secretArn: string): Promise<void> {
  const pending = await read(secretId, 'AWSPENDING', token);
  const endpoint = TARGET === 'user'
    ? { address: process.env.ENDPOINT_ADDRESS, port: Number(process.env.ENDPOINT_PORT ?? '6379') }
    : await targetOf(secretArn);
  if (TARGET !== 'user' && !process.env.REPLICATION_GROUP_ID && !endpoint.address) throw new Error('the replication group has no primary or configuration endpoint yet');
  const address = endpoint.address;
  if (address) {
    const port = endpoint.port ?? 6379;
    const args = TARGET === 'user' ? ['AUTH', pending.username ?? '', pending.password] : ['AUTH', pending.password];
    const reply = await sendCommand(address, port, args);
    if (!reply.startsWith('+OK')) throw new Error(`AUTH with the pending value was refused: ${reply.split(' ')[0]}`);
    console.log('AUTH with the pending value succeeded');
    return;
  }
  if (TARGET === 'user') {
    const userId = userIdOf(pending.raw);
    const user = await describeUser(userId);
    if (user.Status !== 'active' || (user.Authentication?.PasswordCount ?? 0) < 2) {
      throw new Error(`user ${userId} is ${user.Status} with ${user.Authentication?.PasswordCount} passwords; expected active with 2`);
    }
  }
}

/** finishSecret: the pending version becomes AWSCURRENT; the previous token stays valid until the next rotation. */
async function finishSecret(secretId: string, token: string, versions: Record<string, string[]>): Promise<void> {
  const currentVersion = Object.entries(versions).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
  await secrets.send(new UpdateSecretVersionStageCommand({
    SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: currentVersion,
  }));
  console.log(`version ${token} is AWSCURRENT`);
}

interface Credential { readonly raw: string; readonly password: string; readonly username?: string }

async function read(secretId: string, stage: string, versionId?: string): Promise<Credential> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }));
  const raw = out.SecretString ?? '';
  if (TARGET !== 'user') return { raw, password: raw };
  const parsed = JSON.parse(raw);
  return { raw, password: parsed.password, username: parsed.username };
}

function userIdOf(raw: string): string {
  const userId = JSON.parse(raw).userId;
  if (typeof userId !== 'string' || userId.length === 0) throw new Error('the secret has no userId field');
  return userId;
}

function errorName(e: unknown): string {
  return (e as { name?: string })?.name ?? 'Error';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForGroup(groupId: string): Promise<void> {
  for (;;) {
    const out = await elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: groupId }));
    const status = out.ReplicationGroups?.[0]?.Status;
    if (status === 'available') return;
    console.log(`replication group ${groupId} is ${status}; waiting`);
    await sleep(POLL_MS);
  }
}

async function describeUser(userId: string) {
  const out = await elasticache.send(new DescribeUsersCommand({ UserId: userId }));
  const user = out.Users?.[0];
  if (!user) throw new Error(`user ${userId} not found`);
  return user;
}

async function waitForUser(userId: string): Promise<void> {
  for (;;) {
    const user = await describeUser(userId);
    if (user.Status === 'active') return;
    console.log(`user ${userId} is ${user.Status}; waiting`);
    await sleep(POLL_MS);
  }
}

/** Encodes a command in RESP. */
export function encodeCommand(args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

/** Sends one command over TLS and resolves with the first reply line. */
export function sendCommand(host: string, port: number, args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, servername: host, timeout: timeoutMs });
    let buffer = '';
    const fail = (error: Error) => { socket.destroy(); reject(error); };
    socket.once('secureConnect', () => socket.write(encodeCommand(args)));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end >= 0) {
        socket.end();
        resolve(buffer.slice(0, end));
      }
    });
    socket.once('timeout', () => fail(new Error(`no reply from ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('error', (e) => fail(new Error(`connection to ${host}:${port} failed: ${errorName(e)}`)));
  });
}
