/**
 * The local control plane: an HTTP server on 127.0.0.1 that AWS SDK clients reach with only `endpoint` overridden —
 * ElastiCache's Query protocol and Secrets Manager's JSON 1.1 protocol on the same URL (docs/decisions/0120).
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ElastiCacheApi, SUPPORTED_ACTIONS } from './elasticache';
import { EngineView } from './engine-view';
import { parseQuery, queryError, queryResponse, ServiceError } from './protocol';
import { Invocation, RotationFunction, RotationRun, RotationRunner, RotationStepEvent } from './rotation';
import { LocalSecret, randomPassword, SecretStore } from './secrets-manager';
import { LOOPBACK } from '../state/loopback';
import { SecretSpec } from '../topology/model';

export interface ControlPlaneOptions {
  /** Port on 127.0.0.1. Default: a free port. */
  readonly port?: number;
  /** How long a group or user stays `modifying` after a change. Default 200 ms. */
  readonly modifyingMs?: number;
  /** Attempts of a rotation (each runs the four steps) before it is left with AWSPENDING. Default 3. */
  readonly rotationAttempts?: number;
  /** Timeout of one invocation of a rotation function. Default 30 s. */
  readonly rotationStepTimeoutMs?: number;
  /** Pause between two attempts of a rotation. Default 100 ms. */
  readonly rotationRetryDelayMs?: number;
  /** Poll interval of the library's rotation function run locally. Default 50 ms. */
  readonly rotationPollMs?: number;
  /** Rotation functions by Lambda ARN (RotateSecret's RotationLambdaARN); see `registerRotationFunction`. */
  readonly rotationFunctions?: Record<string, RotationFunction>;
}

/** A fault for resilience tests: an API action answers an error `times` times (before or after it was applied), or hangs. */
export interface ControlPlaneFault {
  /** The action, e.g. `ModifyReplicationGroup` or `GetSecretValue`. */
  readonly action: string;
  /** `before`: refused, nothing applied (default). `after`: applied, then the error answered. */
  readonly when?: 'before' | 'after';
  /** AWS error code answered. Default `Throttling` (HTTP 400; SDK clients retry it). */
  readonly code?: string;
  /** Do not answer at all (a timeout): the call hangs until the invocation that made it is stopped, or the control plane closes. */
  readonly hang?: boolean;
  /** How many calls fail. Default 1. */
  readonly times?: number;
  /** Only calls with these parameter values, e.g. `{ AuthTokenUpdateStrategy: 'ROTATE' }`. Default: every call. */
  readonly match?: Record<string, string>;
}

/** One API call received (never a secret value): the action and, for ModifyReplicationGroup, the strategy. */
export interface ControlPlaneCall {
  readonly action: string;
  readonly authTokenUpdateStrategy?: string;
  /** The error code answered, if any. */
  error?: string;
}

/** The library's rotation function (src/auth/rotation/rotate-secret.lambda.ts), loaded when first needed. */
type LambdaModule = typeof import('../../auth/rotation/rotate-secret.lambda');

const LAMBDA_ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The AWS-compatible endpoint of a running local engine.
 *
 *   const engine = await LocalEngine.start(template, { controlPlane: true });
 *   const ec = new ElastiCacheClient({ endpoint: engine.controlPlane!.url, region: 'us-east-1', credentials });
 */
export class ControlPlane {
  /** The ElastiCache actions served. */
  public static readonly ELASTICACHE_ACTIONS: readonly string[] = SUPPORTED_ACTIONS;
  /** The Secrets Manager actions served. */
  public static readonly SECRETS_MANAGER_ACTIONS: readonly string[] = [
    'GetSecretValue', 'PutSecretValue', 'DescribeSecret', 'UpdateSecretVersionStage', 'GetRandomPassword', 'RotateSecret',
  ];

  /** The Lambda ARN the control plane gives a function of the template. */
  public static functionArn(logicalId: string): string {
    return LAMBDA_ARN_PREFIX + logicalId;
  }

  private elasticache: ElastiCacheApi;
  private readonly secrets: SecretStore;
  private readonly runner: RotationRunner;
  private readonly functions = new Map<string, RotationFunction>();
  private readonly faults: Array<ControlPlaneFault & { remaining: number }> = [];
  private readonly hanging = new Set<() => void>();
  /** Every API call received, in order (actions only, never secret values). */
  public readonly calls: ControlPlaneCall[] = [];
  private lambdaModule?: LambdaModule;
  private baseUrl = '';

  constructor(
    private readonly engine: EngineView,
    private readonly options: ControlPlaneOptions = {},
    private readonly server: Server = createServer(),
    private readonly log: (m: string) => void = () => undefined,
  ) {
    this.elasticache = new ElastiCacheApi(engine, { modifyingMs: options.modifyingMs });
    this.secrets = new SecretStore(engine.topology.secrets ?? [], (s) => this.templateFunctionArn(s));
    this.runner = new RotationRunner(() => this.baseUrl, {
      attempts: options.rotationAttempts, stepTimeoutMs: options.rotationStepTimeoutMs, retryDelayMs: options.rotationRetryDelayMs,
    }, log);
    for (const [arn, fn] of Object.entries(options.rotationFunctions ?? {})) this.functions.set(arn, fn);
    this.server.on('request', (req, res) => void this.handle(req, res));
  }

  /** Listens on 127.0.0.1. */
  /**
   * After a template update of the engine: the replication groups and users are read anew from its topology (added,
   * removed and replaced caches; the state of ongoing modifications is dropped). Secrets stay as they are.
   */
  public refreshCaches(): void {
    this.elasticache = new ElastiCacheApi(this.engine, { modifyingMs: this.options.modifyingMs });
  }

  public async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, LOOPBACK, () => resolve());
    });
    this.baseUrl = `http://${LOOPBACK}:${(this.server.address() as AddressInfo).port}`;
  }

  /** The endpoint URL for AWS SDK clients (`endpoint`), e.g. `http://127.0.0.1:41234`. */
  public get url(): string {
    return this.baseUrl;
  }

  /** Runs `fn` for RotateSecret calls naming this Lambda ARN (or for the template's function of that ARN). */
  public registerRotationFunction(lambdaArn: string, fn: RotationFunction): void {
    this.functions.set(lambdaArn, fn);
  }

  /** Injects a fault into the next call(s) of an API action (resilience tests). */
  public injectFault(fault: ControlPlaneFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Makes a rotation step fail the next `times` times, `before` the function runs (default) or `after` it ran. */
  public injectStepFailure(step: RotationStepEvent['Step'], options: { when?: 'before' | 'after'; times?: number } = {}): void {
    this.runner.faults.push({ step, when: options.when ?? 'before', remaining: options.times ?? 1 });
  }

  /** Removes every injected fault not used yet. */
  public clearFaults(): void {
    this.faults.length = 0;
    this.runner.faults.length = 0;
  }

  /** The rotations RotateSecret started for a secret (ARN, name or logical id), oldest first. */
  public rotations(secretId: string): readonly RotationRun[] {
    return this.runner.runsOf(this.secrets.find(secretId).arn);
  }

  /** Waits for the latest rotation of a secret to end (succeeded, or failed after its last attempt). */
  public async waitForRotation(secretId: string): Promise<RotationRun> {
    const runs = this.rotations(secretId);
    if (runs.length === 0) throw new Error(`no rotation was started for secret '${secretId}'`);
    return runs[runs.length - 1].done;
  }

  /** Stops serving (a rotation still running fails: its calls are refused); changes in progress end first. */
  public async close(): Promise<void> {
    for (const release of this.hanging) release();
    await this.elasticache.idle();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const invocation = /^\/invocation\/([0-9a-f-]+)/.exec(req.url ?? '')?.[1];
    const target = req.headers['x-amz-target'];
    const json = typeof target === 'string';
    const action = json ? String(target).replace(/^secretsmanager\./, '') : String(new URLSearchParams(body).get('Action') ?? '');
    const answer = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': json ? 'application/x-amz-json-1.1' : 'text/xml' });
      res.end(text);
    };
    let call: ControlPlaneCall | undefined;
    const fail = (e: unknown) => {
      const error = e instanceof ServiceError ? e : new ServiceError('InternalFailure', (e as Error)?.message ?? String(e), 500);
      if (call) call.error = error.code;
      answer(error.status, json ? JSON.stringify({ __type: error.code, message: error.message }) : queryError(error));
    };
    try {
      if (invocation && this.runner.stopped.has(invocation)) {
        throw new ServiceError('InvocationStopped', `the rotation function invocation ${invocation} has ended (returned or timed out): its calls are refused`);
      }
      if (req.method !== 'POST') throw new ServiceError('InvalidAction', 'the control plane answers POST requests of the AWS SDKs');
      const params: Record<string, any> = json ? (body ? JSON.parse(body) : {}) : parseQuery(body);
      call = { action, authTokenUpdateStrategy: params.AuthTokenUpdateStrategy };
      this.calls.push(call);
      const matches = (f: ControlPlaneFault) => Object.entries(f.match ?? {}).every(([k, v]) => params[k] === v);
      const fault = this.faults.find((f) => f.action === action && f.remaining > 0 && matches(f));
      if (fault) fault.remaining--;
      if (fault && fault.when !== 'after' && !fault.hang) throw new ServiceError(fault.code ?? 'Throttling', `injected fault on ${action}`);
      const result = json ? await this.secretsManager(action, params) : await this.elasticache.call(action, params);
      if (fault?.hang) {
        await this.hang(invocation);
        throw new ServiceError('InvocationStopped', `${action} did not answer (injected timeout)`);
      }
      if (fault) throw new ServiceError(fault.code ?? 'Throttling', `injected fault on ${action} (after it was applied)`);
      answer(200, json ? JSON.stringify(result) : queryResponse(action, result as Record<string, unknown>));
    } catch (e) {
      fail(e);
    }
  }

  /** Holds an answer until the invocation that asked is stopped (its timeout) or the control plane closes. */
  private hang(invocation: string | undefined): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearInterval(timer);
        this.hanging.delete(release);
        resolve();
      };
      const timer = setInterval(() => {
        if (invocation && this.runner.stopped.has(invocation)) release();
      }, 20);
      this.hanging.add(release);
    });
  }

  // ---- Secrets Manager ----

  private async secretsManager(action: string, input: Record<string, any>): Promise<unknown> {
    switch (action) {
      case 'GetSecretValue': return this.secrets.getSecretValue(input);
      case 'PutSecretValue': return this.secrets.putSecretValue(input);
      case 'DescribeSecret': return this.secrets.describeSecret(input);
      case 'UpdateSecretVersionStage': return this.secrets.updateSecretVersionStage(input);
      case 'GetRandomPassword': return randomPassword(input);
      case 'RotateSecret': return this.rotateSecret(input);
      default:
        throw new ServiceError('InvalidAction', `The action ${action} is not supported by the local control plane (supported: ${ControlPlane.SECRETS_MANAGER_ACTIONS.join(', ')})`);
    }
  }

  /** RotateSecret: configures rotation (RotationLambdaARN, RotationRules) and, unless RotateImmediately is false, starts one. */
  private rotateSecret(input: Record<string, any>) {
    const secret = this.secrets.find(input.SecretId);
    const pending = secret.pendingRotation();
    if (pending) {
      // Reattempted now (unless it is still running), with its own token.
      const runs = this.runner.runsOf(secret.arn);
      if (runs[runs.length - 1]?.status !== 'running' && secret.rotationLambdaArn) this.runner.start(secret, pending.id, this.functionOf(secret, secret.rotationLambdaArn));
      throw new ServiceError('InvalidRequestException', `A previous rotation isn't complete (AWSPENDING is on version ${pending.id} of ${secret.name}). That rotation will be reattempted.`);
    }
    // Checked before anything changes: an unknown function leaves the secret as it was.
    const fn = this.functionOf(secret, input.RotationLambdaARN !== undefined ? String(input.RotationLambdaARN) : secret.rotationLambdaArn);
    if (input.RotationLambdaARN !== undefined) secret.rotationLambdaArn = String(input.RotationLambdaARN);
    if (input.RotationRules?.AutomaticallyAfterDays !== undefined) secret.automaticallyAfterDays = Number(input.RotationRules.AutomaticallyAfterDays);
    secret.rotationEnabled = true;
    const token = String(input.ClientRequestToken ?? randomUUID());
    if (input.RotateImmediately === false) return { ARN: secret.arn, Name: secret.name };
    this.secrets.startRotation(secret, token);
    this.runner.start(secret, token, fn);
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  }

  /** The rotation function of a secret: registered by ARN, or the library's function of the template. */
  private functionOf(secret: LocalSecret, arn: string | undefined): RotationFunction {
    if (!arn) throw new ServiceError('InvalidRequestException', `${secret.name} has no rotation function: give RotationLambdaARN`);
    const registered = this.functions.get(arn);
    if (registered) return registered;
    const logicalId = arn.startsWith(LAMBDA_ARN_PREFIX) ? arn.slice(LAMBDA_ARN_PREFIX.length) : undefined;
    const environment = secret.spec.rotation?.functionLogicalId === logicalId ? secret.spec.rotation?.environment : undefined;
    if (!logicalId || !environment?.TARGET) {
      throw new ServiceError('InvalidRequestException', `no local rotation function for ${arn}: only the rotation functions of this library in the template run locally; register others with controlPlane.registerRotationFunction()`);
    }
    return this.libraryFunction(environment);
  }

  private templateFunctionArn(spec: SecretSpec): string | undefined {
    return spec.rotation?.functionLogicalId ? ControlPlane.functionArn(spec.rotation.functionLogicalId) : undefined;
  }

  /**
   * The library's rotation function (rotate-secret.lambda) with a function's environment, its AWS clients pointed at
   * this control plane, the engine's CA trusted for testSecret, and a short poll interval.
   */
  public libraryFunction(environment: Record<string, string>): RotationFunction {
    return async (event, invocation: Invocation) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.lambdaModule ??= require('../../auth/rotation/rotate-secret.lambda') as LambdaModule;
      const mod = this.lambdaModule;
      // The AWS SDK is a dependency of the rotation function only (provided by the Lambda runtime): loaded here.
      // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
      const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager');
      // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
      const { ElastiCacheClient } = require('@aws-sdk/client-elasticache');
      const client = { endpoint: invocation.endpoint, region: 'us-east-1', credentials: CREDENTIALS };
      const base = mod.configFromEnvironment({ ...environment, POLL_INTERVAL_MS: String(this.options.rotationPollMs ?? 50) });
      const secrets = new SecretsManagerClient(client);
      const elasticache = new ElastiCacheClient(client);
      const handler = mod.createHandler({
        ...base,
        secrets,
        elasticache,
        ca: this.engine.ca,
        marginMs: Math.min(2_000, invocation.timeoutMs / 4),
        log: (m) => this.log(`rotation: ${m}`),
      });
      const start = Date.now();
      try {
        await handler(event, { getRemainingTimeInMillis: () => invocation.timeoutMs - (Date.now() - start) });
      } finally {
        secrets.destroy();
        elasticache.destroy();
        base.secrets.destroy();
        base.elasticache.destroy();
      }
    };
  }
}

/** Starts the control plane of a running engine (the engine option `controlPlane: true` does this). */
export async function startControlPlane(engine: EngineView, options: ControlPlaneOptions = {}, log?: (m: string) => void): Promise<ControlPlane> {
  const cp = new ControlPlane(engine, options, createServer(), log);
  await cp.listen();
  return cp;
}
