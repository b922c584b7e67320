/**
 * Secrets Manager's version-stage semantics for the secrets of the template
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version):
 * - a staging label is attached to at most one version; moving AWSCURRENT attaches AWSPREVIOUS to the version it left
 *   (API_UpdateSecretVersionStage.html, API_PutSecretValue.html);
 * - PutSecretValue is idempotent per ClientRequestToken: the same token with the same value changes nothing, with
 *   another value it is refused with ResourceExistsException (API_PutSecretValue.html);
 * - RotateSecret attaches AWSPENDING to a new, empty version under its ClientRequestToken; while AWSPENDING sits on a
 *   version other than AWSCURRENT, a later RotateSecret "assumes that a previous rotation request is still in progress
 *   and returns an error" (API_RotateSecret.html).
 */
import { randomUUID } from 'node:crypto';
import { ServiceError } from './protocol';
import { generatePassword } from '../template/secrets';
import { SecretSpec } from '../topology/model';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

export interface SecretVersion {
  readonly id: string;
  /** Undefined for the empty version RotateSecret creates before createSecret. */
  value?: string;
  readonly stages: Set<string>;
  readonly created: Date;
}

/** One secret of the template, with its versions. */
export class LocalSecret {
  public readonly versions = new Map<string, SecretVersion>();
  public rotationEnabled: boolean;
  public rotationLambdaArn?: string;
  public automaticallyAfterDays?: number;
  public lastRotated?: Date;
  public lastChanged = new Date();
  public readonly created = new Date();

  constructor(public readonly spec: SecretSpec, rotationLambdaArn?: string) {
    const id = randomUUID();
    this.versions.set(id, { id, value: spec.value, stages: new Set([AWSCURRENT]), created: new Date() });
    this.rotationEnabled = !!spec.rotation;
    this.rotationLambdaArn = rotationLambdaArn;
  }

  get arn(): string {
    return this.spec.arn;
  }

  get name(): string {
    return this.spec.name;
  }

  /** The version a stage is attached to. */
  public withStage(stage: string): SecretVersion | undefined {
    return [...this.versions.values()].find((v) => v.stages.has(stage));
  }

  /** Attaches a stage to a version, taking it from any other; AWSCURRENT leaves AWSPREVIOUS behind. */
  public attach(stage: string, versionId: string): void {
    const from = this.withStage(stage);
    if (from?.id === versionId) return;
    from?.stages.delete(stage);
    this.versions.get(versionId)!.stages.add(stage);
    if (stage === AWSCURRENT && from) {
      this.withStage(AWSPREVIOUS)?.stages.delete(AWSPREVIOUS);
      from.stages.add(AWSPREVIOUS);
    }
    this.lastChanged = new Date();
  }

  /** VersionIdsToStages: the versions that have a stage. */
  public versionIdsToStages(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const v of this.versions.values()) if (v.stages.size > 0) out[v.id] = [...v.stages];
    return out;
  }

  /** The rotation in progress: AWSPENDING on a version other than AWSCURRENT's. */
  public pendingRotation(): SecretVersion | undefined {
    const pending = this.withStage(AWSPENDING);
    return pending && !pending.stages.has(AWSCURRENT) ? pending : undefined;
  }
}

/** The secrets of the template, by ARN, name or logical id. */
export class SecretStore {
  private readonly secrets: LocalSecret[];

  constructor(specs: readonly SecretSpec[], lambdaArnOf: (spec: SecretSpec) => string | undefined) {
    this.secrets = specs.map((s) => new LocalSecret(s, lambdaArnOf(s)));
  }

  public all(): readonly LocalSecret[] {
    return this.secrets;
  }

  /** A secret by ARN (full or partial), name or logical id; ResourceNotFoundException otherwise. */
  public find(secretId: unknown): LocalSecret {
    if (typeof secretId !== 'string' || secretId.length === 0) throw new ServiceError('InvalidParameterException', 'SecretId is required');
    const found = this.secrets.find((s) => s.arn === secretId || s.name === secretId || s.spec.logicalId === secretId || secretId.startsWith(`${s.arn}-`));
    if (!found) {
      throw new ServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret '${secretId}'; local secrets: ${this.secrets.map((s) => s.name).join(', ') || 'none'}`);
    }
    return found;
  }

  public getSecretValue(input: { SecretId?: string; VersionId?: string; VersionStage?: string }) {
    const secret = this.find(input.SecretId);
    let version: SecretVersion | undefined;
    if (input.VersionId !== undefined) {
      version = secret.versions.get(input.VersionId);
      if (version && input.VersionStage !== undefined && !version.stages.has(input.VersionStage)) version = undefined;
    } else {
      version = secret.withStage(input.VersionStage ?? AWSCURRENT);
    }
    if (!version || version.value === undefined) {
      const which = input.VersionId !== undefined ? `version ${input.VersionId}${input.VersionStage ? ` with staging label ${input.VersionStage}` : ''}` : `staging label ${input.VersionStage ?? AWSCURRENT}`;
      throw new ServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${which} of ${secret.name}`);
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.id,
      SecretString: version.value,
      VersionStages: [...version.stages],
      CreatedDate: epoch(version.created),
    };
  }

  public putSecretValue(input: { SecretId?: string; ClientRequestToken?: string; SecretString?: string; VersionStages?: string[] }) {
    const secret = this.find(input.SecretId);
    if (typeof input.SecretString !== 'string') throw new ServiceError('InvalidParameterException', 'SecretString is required locally (SecretBinary is not supported)');
    const token = input.ClientRequestToken ?? randomUUID();
    checkToken(token);
    const stages = input.VersionStages ?? [AWSCURRENT];
    let version = secret.versions.get(token);
    if (version?.value !== undefined) {
      if (version.value !== input.SecretString) {
        throw new ServiceError('ResourceExistsException', `A version with ClientRequestToken ${token} already exists in ${secret.name} with another value`);
      }
    } else if (version) {
      version.value = input.SecretString;
    } else {
      version = { id: token, value: input.SecretString, stages: new Set(), created: new Date() };
      secret.versions.set(token, version);
    }
    for (const stage of stages) secret.attach(stage, token);
    secret.lastChanged = new Date();
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...version.stages] };
  }

  public updateSecretVersionStage(input: { SecretId?: string; VersionStage?: string; MoveToVersionId?: string; RemoveFromVersionId?: string }) {
    const secret = this.find(input.SecretId);
    const stage = input.VersionStage;
    if (!stage) throw new ServiceError('InvalidParameterException', 'VersionStage is required');
    const holder = secret.withStage(stage);
    if (input.RemoveFromVersionId !== undefined && holder?.id !== input.RemoveFromVersionId) {
      throw new ServiceError('InvalidParameterException', `The staging label ${stage} is not attached to version ${input.RemoveFromVersionId} of ${secret.name}`);
    }
    if (input.MoveToVersionId !== undefined) {
      if (!secret.versions.has(input.MoveToVersionId)) {
        throw new ServiceError('ResourceNotFoundException', `${secret.name} has no version ${input.MoveToVersionId}`);
      }
      if (holder && holder.id !== input.MoveToVersionId && input.RemoveFromVersionId === undefined) {
        throw new ServiceError('InvalidParameterException', `The staging label ${stage} is currently attached to version ${holder.id}, but you didn't specify RemoveFromVersionId to remove it`);
      }
      if (stage === AWSCURRENT && secret.versions.get(input.MoveToVersionId)!.value === undefined) {
        throw new ServiceError('InvalidRequestException', `version ${input.MoveToVersionId} of ${secret.name} has no value: it cannot become ${AWSCURRENT}`);
      }
      secret.attach(stage, input.MoveToVersionId);
    } else if (holder) {
      if (stage === AWSCURRENT) throw new ServiceError('InvalidParameterException', `${AWSCURRENT} can only be moved to another version (MoveToVersionId), not removed`);
      holder.stages.delete(stage);
    }
    return { ARN: secret.arn, Name: secret.name };
  }

  public describeSecret(input: { SecretId?: string }) {
    const secret = this.find(input.SecretId);
    return {
      ARN: secret.arn,
      Name: secret.name,
      RotationEnabled: secret.rotationEnabled,
      RotationLambdaARN: secret.rotationLambdaArn,
      RotationRules: secret.automaticallyAfterDays ? { AutomaticallyAfterDays: secret.automaticallyAfterDays } : undefined,
      LastRotatedDate: secret.lastRotated ? epoch(secret.lastRotated) : undefined,
      LastChangedDate: epoch(secret.lastChanged),
      CreatedDate: epoch(secret.created),
      VersionIdsToStages: secret.versionIdsToStages(),
    };
  }

  /** RotateSecret's first part: an empty version under the token, staged AWSPENDING. */
  public startRotation(secret: LocalSecret, token: string): void {
    checkToken(token);
    const existing = secret.versions.get(token);
    if (existing?.stages.has(AWSCURRENT)) {
      throw new ServiceError('InvalidRequestException', `version ${token} of ${secret.name} is already ${AWSCURRENT}; use a new ClientRequestToken`);
    }
    if (!existing) secret.versions.set(token, { id: token, stages: new Set(), created: new Date() });
    secret.attach(AWSPENDING, token);
  }
}

/** GetRandomPassword (the generator the engine uses for generated secrets). */
export function randomPassword(input: Record<string, unknown>): { RandomPassword: string } {
  const length = input.PasswordLength === undefined ? 32 : Number(input.PasswordLength);
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new ServiceError('InvalidParameterException', `PasswordLength must be 1 to 4096 (got ${String(input.PasswordLength)})`);
  }
  try {
    return {
      RandomPassword: generatePassword({
        PasswordLength: length,
        ExcludeCharacters: input.ExcludeCharacters as string | undefined,
        ExcludeNumbers: input.ExcludeNumbers as boolean | undefined,
        ExcludePunctuation: input.ExcludePunctuation as boolean | undefined,
        ExcludeUppercase: input.ExcludeUppercase as boolean | undefined,
        ExcludeLowercase: input.ExcludeLowercase as boolean | undefined,
        IncludeSpace: input.IncludeSpace as boolean | undefined,
        RequireEachIncludedType: input.RequireEachIncludedType as boolean | undefined,
      }),
    };
  } catch (e) {
    throw new ServiceError('InvalidParameterException', (e as Error).message);
  }
}

/** ClientRequestToken: 32-64 characters (API_PutSecretValue.html). */
function checkToken(token: string) {
  if (token.length < 32 || token.length > 64) {
    throw new ServiceError('InvalidParameterException', `ClientRequestToken must be 32 to 64 characters long (got ${token.length})`);
  }
}

function epoch(d: Date): number {
  return d.getTime() / 1000;
}
