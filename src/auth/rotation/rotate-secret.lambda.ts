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
 *   setSecret first asks the group which tokens it accepts (AUTH over TLS): when the pending
 *   token is accepted already (a retried rotation) nothing changes. Otherwise SET <current>
 *   (drops the previous token, which clients had a whole rotation period to leave; refused with
 *   InvalidParameterCombination when only one token is set — the only error taken as "nothing
 *   to drop", and only after AUTH shows the current token still accepted), then ROTATE
 *   <pending> (current and pending both valid). A ROTATE therefore never runs while two tokens
 *   are set, so it never drops the current token. Each change is waited for (status
 *   `available`, no PendingModifiedValues.AuthTokenStatus) with a deadline before the
 *   function's timeout. AWS: ModifyReplicationGroup AuthTokenUpdateStrategy (ROTATE keeps old +
 *   new valid until SET; SET only after ROTATE) — botocore elasticache service-2.json;
 *   ElastiCache User Guide auth.html.
 * - TARGET=user: the password of an RBAC user (JSON secret `{ userId, username, password }`).
 *   setSecret = ModifyUser AuthenticationMode { password, [current, pending] } (up to two
 *   passwords per user), wait `active`. AWS: CreateUser/ModifyUser `Passwords` (1-2) —
 *   botocore; User Guide Clusters.RBAC.html ("up to two passwords ... rotation").
 *
 * Every step is idempotent: Secrets Manager retries the whole rotation with the same
 * ClientRequestToken when a step fails ("If any rotation step fails, Secrets Manager retries the
 * entire rotation process" — https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html).
 *
 * Secret values are never logged: only step names, version ids and AWS error names.
 * Rotation steps: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 */
import { isIP } from 'node:net';
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

/** The event Secrets Manager invokes a rotation function with. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

/** The part of the Lambda context the handler reads. */
export interface RotationContext {
  getRemainingTimeInMillis?(): number;
}

/** What a rotation handler works with (from the function's environment in Lambda; given by the local control plane). */
export interface RotationConfig {
  /** `replication-group` (AUTH token) or `user` (RBAC password). */
  readonly target: string;
  readonly passwordLength: number;
  /** Interval between two status polls. */
  readonly pollMs: number;
  readonly replicationGroupId?: string;
  readonly endpointAddress?: string;
  readonly endpointPort?: number;
  readonly secrets: SecretsManagerClient;
  readonly elasticache: ElastiCacheClient;
  /** Extra CA certificate (PEM) trusted for TLS to the cache (the local engine's CA); default: the system CAs. */
  readonly ca?: string;
  /** Time budget of one invocation when the context has none (not in Lambda). Default 14 minutes. */
  readonly budgetMs?: number;
  /** Time kept free before the function's timeout: waits give up this long before it. Default 30 s. */
  readonly marginMs?: number;
  /** Per command timeout of the AUTH checks. Default 5 s. */
  readonly connectTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

/** The configuration of a function deployed by this library (its environment). */
export function configFromEnvironment(env: Record<string, string | undefined> = process.env): RotationConfig {
  const address = env.ENDPOINT_ADDRESS || undefined;
  return {
    target: env.TARGET ?? 'replication-group',
    passwordLength: Number(env.PASSWORD_LENGTH ?? '64'),
    pollMs: Number(env.POLL_INTERVAL_MS ?? '15000'),
    replicationGroupId: env.REPLICATION_GROUP_ID || undefined,
    endpointAddress: address,
    endpointPort: address ? Number(env.ENDPOINT_PORT ?? '6379') : undefined,
    secrets: new SecretsManagerClient({}),
    elasticache: new ElastiCacheClient({}),
  };
}

let defaultHandler: ((event: RotationEvent, context?: RotationContext) => Promise<void>) | undefined;

/** The Lambda entry point: the handler of `configFromEnvironment()`. */
export async function handler(event: RotationEvent, context?: RotationContext): Promise<void> {
  defaultHandler ??= createHandler(configFromEnvironment());
  return defaultHandler(event, context);
}

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

/** The primary (cluster mode disabled) or configuration endpoint of a described group. */
interface DescribedEndpoint { Address?: string; Port?: number }
function endpointOf(group: { ConfigurationEndpoint?: DescribedEndpoint; NodeGroups?: Array<{ PrimaryEndpoint?: DescribedEndpoint }> }) {
  return group.ConfigurationEndpoint ?? group.NodeGroups?.[0]?.PrimaryEndpoint;
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
      const endpoint = endpointOf(group);
      return { replicationGroupId: group.ReplicationGroupId, address: endpoint?.Address, port: endpoint?.Port };
    }
    marker = page.Marker;
  } while (marker);
  throw new Error(`no replication group is tagged ${AUTH_TOKEN_SECRET_TAG}=${secretArn}`);
}

interface Credential { readonly raw: string; readonly password: string; readonly username?: string }

/** A rotation handler for one configuration (clients, target kind, endpoint). */
export function createHandler(config: RotationConfig): (event: RotationEvent, context?: RotationContext) => Promise<void> {
  const { secrets, elasticache } = config;
  const log = config.log ?? ((m: string) => console.log(m));
  const isUser = config.target === 'user';
  /** Targets found in this execution environment, by secret ARN. */
  const targets = new Map<string, RotationTarget>();

  return async (event, context) => {
    const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
    const budget = context?.getRemainingTimeInMillis?.() ?? config.budgetMs ?? 14 * 60_000;
    const deadline = Date.now() + Math.max(budget - (config.marginMs ?? 30_000), 1_000);
    const meta = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
    if (!meta.RotationEnabled) throw new Error(`rotation is not enabled on ${secretId}`);
    const stages = meta.VersionIdsToStages?.[token];
    if (!stages) throw new Error(`version ${token} has no stage on ${secretId}`);
    if (stages.includes('AWSCURRENT')) {
      log(`version ${token} is already AWSCURRENT; nothing to do`);
      return;
    }
    if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} is not AWSPENDING on ${secretId}`);
    log(`step ${step} for ${config.target} secret ${secretId} version ${token}`);
    const secretArn = meta.ARN ?? secretId;
    const versions = meta.VersionIdsToStages ?? {};

    switch (step) {
      case 'createSecret': return createSecret(secretId, token);
      case 'setSecret': return isUser ? setUserSecret(secretId, token, deadline) : setAuthToken(secretId, token, versions, secretArn, deadline);
      case 'testSecret': return testSecret(secretId, token, secretArn);
      case 'finishSecret': return finishSecret(secretId, token, versions);
      default: throw new Error(`unknown step ${String(step)}`);
    }
  };

  /** createSecret: a new value of letters and digits (accepted by AUTH tokens and user passwords), once per token. */
  async function createSecret(secretId: string, token: string): Promise<void> {
    const current = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
    try {
      await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: 'AWSPENDING' }));
      log('pending version exists already');
      return;
    } catch (e) {
      if (errorName(e) !== 'ResourceNotFoundException') throw e;
    }
    // AUTH token: 16-128 chars, specials only ! & # $ ^ < > - ; user passwords: no , " / @ (botocore).
    // Letters and digits satisfy both.
    const random = await secrets.send(new GetRandomPasswordCommand({
      PasswordLength: config.passwordLength, ExcludePunctuation: true, IncludeSpace: false, RequireEachIncludedType: true,
    }));
    const value = isUser
      ? JSON.stringify({ ...JSON.parse(current.SecretString ?? '{}'), password: random.RandomPassword })
      : random.RandomPassword!;
    // Same token and same value: idempotent; another value under this token: ResourceExistsException.
    await secrets.send(new PutSecretValueCommand({
      SecretId: secretId, ClientRequestToken: token, SecretString: value, VersionStages: ['AWSPENDING'],
    }));
    log('created pending version');
  }

  /** setSecret for a user: ModifyUser with [current, pending] sets exactly those two (idempotent), never drops current. */
  async function setUserSecret(secretId: string, token: string, deadline: number): Promise<void> {
    const current = await read(secretId, 'AWSCURRENT');
    const pending = await read(secretId, 'AWSPENDING', token);
    const userId = userIdOf(current.raw);
    await waitForUser(userId, deadline);
    await elasticache.send(new ModifyUserCommand({
      UserId: userId,
      AuthenticationMode: { Type: 'password', Passwords: [current.password, pending.password] },
    }));
    await waitForUser(userId, deadline);
    log(`user ${userId} accepts the current and the pending password`);
  }

  /** setSecret for an AUTH token: see the file comment. */
  async function setAuthToken(
    secretId: string, token: string, versions: Record<string, string[]>, secretArn: string, deadline: number,
  ): Promise<void> {
    const current = await read(secretId, 'AWSCURRENT');
    const pending = await read(secretId, 'AWSPENDING', token);
    const target = await endpointTarget(secretArn);
    const groupId = target.replicationGroupId;
    await waitForGroup(groupId, deadline);
    const accepts = (c: Credential) => authAccepted(target, c);
    if (await accepts(pending)) {
      // A retried rotation: the ROTATE happened already. Nothing to change (a second ROTATE could drop the current token).
      log(`replication group ${groupId} accepts the pending token already`);
      return;
    }
    if (!(await accepts(current))) {
      throw new Error(`replication group ${groupId} refuses the AWSCURRENT token: not changing anything (fix the group's token, then rotate)`);
    }
    const previousId = Object.entries(versions).find(([, s]) => s.includes('AWSPREVIOUS'))?.[0];
    // Two tokens may be set (previous + current, or an unknown one): SET <current> leaves only the current one,
    // so that the ROTATE below cannot drop it.
    try {
      await modifyToken(groupId, current.password, 'SET', deadline);
      log(`replication group ${groupId}: SET the current token${previousId ? ' (the previous one is dropped)' : ''}`);
    } catch (e) {
      // SET is accepted only after a ROTATE: refused when the group has one token (the current one, checked above).
      if (errorName(e) !== 'InvalidParameterCombinationException') throw e;
      log(`replication group ${groupId} has one token (SET refused: ${errorName(e)})`);
    }
    if (!(await accepts(current))) throw new Error(`replication group ${groupId} refuses the AWSCURRENT token after SET: not rotating`);
    await modifyToken(groupId, pending.password, 'ROTATE', deadline);
    if (!(await accepts(pending))) throw new Error(`replication group ${groupId} refuses the pending token after ROTATE`);
    log(`replication group ${groupId} accepts the current and the pending token`);
  }

  async function modifyToken(groupId: string, authToken: string, strategy: 'SET' | 'ROTATE', deadline: number): Promise<void> {
    await elasticache.send(new ModifyReplicationGroupCommand({
      ReplicationGroupId: groupId, AuthToken: authToken, AuthTokenUpdateStrategy: strategy, ApplyImmediately: true,
    }));
    await waitForGroup(groupId, deadline);
  }

  /**
   * testSecret: AUTH over TLS with the pending value must answer +OK, at the group's primary or
   * configuration endpoint (ENDPOINT_ADDRESS, the tagged group's, or DescribeReplicationGroups of
   * REPLICATION_GROUP_ID). No endpoint, or an unreachable one, FAILS the step on purpose: Secrets
   * Manager keeps AWSCURRENT, both tokens stay valid, and the next attempt retries. Users without
   * ENDPOINT_ADDRESS: ElastiCache must report the user `active` with two passwords.
   */
  async function testSecret(secretId: string, token: string, secretArn: string): Promise<void> {
    const pending = await read(secretId, 'AWSPENDING', token);
    if (isUser && !config.endpointAddress) {
      const userId = userIdOf(pending.raw);
      const user = await describeUser(userId);
      if (user.Status !== 'active' || (user.Authentication?.PasswordCount ?? 0) < 2) {
        throw new Error(`user ${userId} is ${user.Status} with ${user.Authentication?.PasswordCount} passwords; expected active with 2`);
      }
      return;
    }
    const target = isUser ? { replicationGroupId: '', address: config.endpointAddress, port: config.endpointPort } : await endpointTarget(secretArn);
    if (!(await authAccepted(target, pending))) throw new Error('AUTH with the pending value was refused');
    log('AUTH with the pending value succeeded');
  }

  /** finishSecret: the pending version becomes AWSCURRENT (AWSPREVIOUS follows); the previous token stays valid until the next rotation. */
  async function finishSecret(secretId: string, token: string, versions: Record<string, string[]>): Promise<void> {
    const currentVersion = Object.entries(versions).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
    await secrets.send(new UpdateSecretVersionStageCommand({
      SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: currentVersion,
    }));
    log(`version ${token} is AWSCURRENT`);
  }

  /** The target of an AUTH-token secret with an endpoint address (looked up when the configuration has none). */
  async function endpointTarget(secretArn: string): Promise<RotationTarget & { address: string; port: number }> {
    let target: RotationTarget | undefined = config.replicationGroupId
      ? { replicationGroupId: config.replicationGroupId, address: config.endpointAddress, port: config.endpointPort }
      : targets.get(secretArn);
    if (!target) {
      target = await findReplicationGroup(elasticache, secretArn);
      targets.set(secretArn, target);
    }
    if (!target.address) {
      const described = await elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: target.replicationGroupId }));
      const group = described.ReplicationGroups?.[0];
      const endpoint = group ? endpointOf(group) : undefined;
      if (!endpoint?.Address) throw new Error(`replication group ${target.replicationGroupId} has no primary or configuration endpoint yet`);
      target = { replicationGroupId: target.replicationGroupId, address: endpoint.Address, port: endpoint.Port ?? 6379 };
    }
    return { replicationGroupId: target.replicationGroupId, address: target.address!, port: target.port ?? 6379 };
  }

  /** AUTH with a credential: true on +OK, false on WRONGPASS/invalid password; connection failures throw. */
  async function authAccepted(target: { address?: string; port?: number }, credential: Credential): Promise<boolean> {
    if (!target.address) throw new Error('no endpoint address to test the credentials at');
    const args = isUser ? ['AUTH', credential.username ?? '', credential.password] : ['AUTH', credential.password];
    const reply = await sendCommand(target.address, target.port ?? 6379, args, config.connectTimeoutMs ?? 5000, config.ca);
    if (reply.startsWith('+OK')) return true;
    if (/^-(WRONGPASS|ERR invalid password|ERR AUTH)/.test(reply)) return false;
    throw new Error(`AUTH answered ${reply.split(' ')[0]}`);
  }

  async function read(secretId: string, stage: string, versionId?: string): Promise<Credential> {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }));
    const raw = out.SecretString ?? '';
    if (!isUser) return { raw, password: raw };
    const parsed = JSON.parse(raw);
    return { raw, password: parsed.password, username: parsed.username };
  }

  /** Waits for `available` with no pending AUTH token change (PendingModifiedValues.AuthTokenStatus), until the deadline. */
  async function waitForGroup(groupId: string, deadline: number): Promise<void> {
    for (;;) {
      const group = (await elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: groupId }))).ReplicationGroups?.[0];
      const status = group?.Status;
      const tokenStatus = group?.PendingModifiedValues?.AuthTokenStatus;
      if (status === 'available' && !tokenStatus) return;
      if (Date.now() + config.pollMs > deadline) {
        throw new Error(`replication group ${groupId} is still ${status}${tokenStatus ? ` (AUTH token ${tokenStatus})` : ''} at the deadline; the rotation will be retried`);
      }
      log(`replication group ${groupId} is ${status}${tokenStatus ? ` (AUTH token ${tokenStatus})` : ''}; waiting`);
      await sleep(config.pollMs);
    }
  }

  async function describeUser(userId: string) {
    const out = await elasticache.send(new DescribeUsersCommand({ UserId: userId }));
    const user = out.Users?.[0];
    if (!user) throw new Error(`user ${userId} not found`);
    return user;
  }

  async function waitForUser(userId: string, deadline: number): Promise<void> {
    for (;;) {
      const user = await describeUser(userId);
      if (user.Status === 'active') return;
      if (Date.now() + config.pollMs > deadline) throw new Error(`user ${userId} is still ${user.Status} at the deadline; the rotation will be retried`);
      log(`user ${userId} is ${user.Status}; waiting`);
      await sleep(config.pollMs);
    }
  }
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

/** Encodes a command in RESP. */
export function encodeCommand(args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

/** Sends one command over TLS and resolves with the first reply line. */
export function sendCommand(host: string, port: number, args: string[], timeoutMs = 5000, ca?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // An extra CA is added to the system's (the local engine's CA); no SNI for an IP address.
    const trust = ca ? { ca: [...tls.rootCertificates, ca] } : {};
    const socket = tls.connect({ host, port, servername: isIP(host) ? undefined : host, timeout: timeoutMs, ...trust });
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
