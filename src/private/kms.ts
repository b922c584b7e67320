import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acceptResourcePolicy, inStackEnvironment, LiteralPolicyDocument } from './literal-policy';
import { kmsKeySpecProblem } from '../spec';

const allowed = new WeakSet<kms.IKey>();

/** The literal key policies of the keys `CacheKey` rendered, by their `IKey`. */
const literalPolicies = new WeakMap<kms.IKey, LiteralKeyPolicy>();

/** Values every literal policy of a stack shares, resolved once per stack. */
interface StackLiterals {
  /** What `AccountRootPrincipal` renders (partition included): `{ AWS: <arn>:root }`. */
  readonly accountRoot: { readonly AWS: unknown };
  /** `arn:<partition>:logs:<region>:<account>:log-group:*`. */
  readonly logGroups: unknown;
  readonly region: string;
}

const stackLiterals = new WeakMap<Stack, StackLiterals>();

/** See `StackLiterals`. */
export function literalsOf(stack: Stack): StackLiterals {
  let literals = stackLiterals.get(stack);
  if (!literals) {
    literals = {
      // Resolved once (pseudo parameters and the stack's account only): the same CloudFormation
      // value `AccountRootPrincipal` renders, without re-resolving a token string per statement.
      accountRoot: { AWS: stack.resolve(`arn:${stack.partition}:iam::${stack.account}:root`) },
      logGroups: stack.resolve(stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
      region: stack.region,
    };
    stackLiterals.set(stack, literals);
  }
  return literals;
}

/** A key policy rendered as plain JSON (no `PolicyDocument` to build and resolve per key). */
class LiteralKeyPolicy extends LiteralPolicyDocument {
  private readonly literals: StackLiterals;
  private logsAllowed = false;

  constructor(stack: Stack) {
    const literals = literalsOf(stack);
    // The default key policy of `kms.Key` (feature flag @aws-cdk/aws-kms:defaultKeyPolicies): the
    // account administers the key and IAM policies of the account decide who uses it.
    super([{ Action: 'kms:*', Effect: 'Allow', Principal: literals.accountRoot, Resource: '*' }]);
    this.literals = literals;
  }

  /** See `allowCloudWatchLogs` (once per key). */
  public allowCloudWatchLogs(): void {
    if (this.logsAllowed) return;
    this.logsAllowed = true;
    this.addLiteral({
      Action: CLOUDWATCH_LOGS_ACTIONS,
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': this.literals.logGroups } },
      Effect: 'Allow',
      Principal: { Service: `logs.${this.literals.region}.amazonaws.com` },
      Resource: '*',
      Sid: CLOUDWATCH_LOGS_SID,
    });
  }
}

const CLOUDWATCH_LOGS_SID = 'AllowCloudWatchLogsOfThisAccount';
const CLOUDWATCH_LOGS_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

/**
 * A new customer-managed symmetric key with rotation, retained on delete: the `kms.Key` a cache
 * creates by default, rendered as a `CfnKey` at `<id>/Resource` (the logical id `kms.Key` gives
 * it) with a literal key policy. Its `IKey` (`kms.Key.fromKeyArn`, at `<id>/View`) is created on
 * first use: synthesizing many caches stays cheap, with no `PolicyDocument` to build and resolve
 * per key and no ARN to parse (docs/decisions/0004-synth-cost.md).
 *
 * The policy is `kms.Key`'s default (the account administers the key, IAM policies of the account
 * grant its use), which already covers a secret of the account (see `allowSecretsManager`);
 * `allowCloudWatchLogs` adds what log groups need. The `IKey` behaves as `kms.Key`: grants to
 * principals of the account go to their IAM policies, `addToResourcePolicy` (and grants that need
 * the key policy) to the key policy.
 */
export class CacheKey {
  /** The `CfnKey` (an `IKeyRef`), for the cache's own resources. */
  public readonly resource: kms.CfnKey;
  private readonly policy: LiteralKeyPolicy;
  private view?: kms.IKey;

  constructor(scope: Construct, id: string, description: string) {
    this.policy = new LiteralKeyPolicy(Stack.of(scope));
    const holder = new Construct(scope, id);
    this.resource = new kms.CfnKey(holder, 'Resource', {
      description,
      enableKeyRotation: true,
      keyPolicy: this.policy.document,
    });
    this.resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    holder.node.addValidation({ validate: () => this.policy.validateForResourcePolicy() });
  }

  /** The ARN of the key (`Fn::GetAtt Arn`). */
  public get keyArn(): string {
    return this.resource.attrArn;
  }

  /** The `IKey` of the key, created on first use. */
  public get key(): kms.IKey {
    if (!this.view) {
      const view = kms.Key.fromKeyArn(this.resource.node.scope!, 'View', this.resource.attrArn);
      // The key id `kms.Key` renders (the CfnKey's Ref) rather than one parsed out of the ARN.
      Object.defineProperty(view, 'keyId', { value: this.resource.ref });
      inStackEnvironment(view);
      acceptResourcePolicy(view, (statement) => {
        this.policy.addStatement(statement);
        return this.resource;
      });
      // Aliases where kms.Key puts them (`<id>/Alias`, `<id>/Alias<name>`): the same logical ids.
      const holder = this.resource.node.scope!;
      const aliases: kms.Alias[] = [];
      Object.defineProperty(view, 'addAlias', {
        value: (aliasName: string): kms.Alias => {
          const alias = new kms.Alias(holder, aliases.length > 0 ? `Alias${aliasName}` : 'Alias', { aliasName, targetKey: view });
          aliases.push(alias);
          return alias;
        },
      });
      literalPolicies.set(view, this.policy);
      this.view = view;
    }
    return this.view;
  }

  /** See `allowCloudWatchLogs`. */
  public allowCloudWatchLogs(): void {
    this.policy.allowCloudWatchLogs();
  }
}

/**
 * Lets Secrets Manager use the key for a secret of the stack's account, as `secretsmanager.Secret`
 * does when given an `encryptionKey` (grants to a `ViaServicePrincipal` of the account root).
 */
export function allowSecretsManager(key: kms.IKey, stack: Stack): void {
  // A `CacheKey` needs nothing more: those grants (account root, through Secrets Manager) are a
  // subset of its first statement, `kms:*` for the account root without condition. Secrets
  // Manager uses the key with the permissions of its caller, which IAM policies grant.
  if (literalPolicies.has(key)) return;
  const principal = new kms.ViaServicePrincipal(`secretsmanager.${stack.region}.amazonaws.com`, new iam.AccountPrincipal(stack.account));
  key.grantEncryptDecrypt(principal);
  key.grant(principal, 'kms:CreateGrant', 'kms:DescribeKey');
}

/**
 * Lets CloudWatch Logs of this region use the key for log groups of this account, as the
 * CloudWatch Logs User Guide ("Encrypt log data in CloudWatch Logs using AWS KMS", step 2) requires:
 * principal `logs.<region>.amazonaws.com`, condition `kms:EncryptionContext:aws:logs:arn`.
 * Added once per key however many log groups use it. Imported keys cannot be changed: their
 * policy must already allow it.
 */
export function allowCloudWatchLogs(key: kms.IKey): void {
  const literal = literalPolicies.get(key);
  if (literal) return literal.allowCloudWatchLogs();
  if (allowed.has(key)) return;
  allowed.add(key);
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: CLOUDWATCH_LOGS_SID,
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: CLOUDWATCH_LOGS_ACTIONS,
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }), true);
}

/**
 * An encryption key ElastiCache cannot use: a `kms.Key` of this app whose spec is not SYMMETRIC_DEFAULT
 * (src/spec `kmsKeySpecProblem`). Imported keys are not known and pass.
 */
export function encryptionKeySpecProblem(key: kms.IKey | undefined): string | undefined {
  const cfn = key instanceof kms.Key ? key.node.defaultChild : undefined;
  const spec = cfn instanceof kms.CfnKey ? cfn.keySpec : undefined;
  return typeof spec === 'string' && !Token.isUnresolved(spec) ? kmsKeySpecProblem('encryptionKey', spec) : undefined;
}
