import { ArnFormat, Duration, IResolvable, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RotateSecretFunction } from './rotate-secret-function';
import { validationError } from '../../private/errors';
import { allowCloudWatchLogs } from '../../private/logs-key-policy';
import { acknowledge, IAM5_REASON, LAMBDA_CONCURRENCY_REASON } from '../../private/nag';

/** What a `CacheSecretRotation` rotates. */
export enum RotationTargetType {
  /** The AUTH token of a replication group (`ModifyReplicationGroup` ROTATE/SET). */
  AUTH_TOKEN = 'replication-group',
  /** The passwords of RBAC users (`ModifyUser` with two passwords). */
  USER_PASSWORD = 'user',
}

/** Properties of a `CacheSecretRotation`. */
export interface CacheSecretRotationProps {
  /** What the function rotates. */
  readonly targetType: RotationTargetType;

  /**
   * The VPC the rotation function runs in (the cache's VPC).
   */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the function. They need a route to the Secrets Manager and ElastiCache
   * APIs (NAT gateway or interface VPC endpoints) on port 443.
   * @default - private subnets with egress, else isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * A single replication group whose AUTH token is rotated (`AUTH_TOKEN` only), passed to the
   * function in its environment. Leave it out for a function shared by several groups: each
   * group is then given to `addSecret()` and found by its `cdk-elasticache:auth-token-secret` tag.
   * @default - the group is found by the tag `cdk-elasticache:auth-token-secret` = secret ARN
   */
  readonly replicationGroupId?: string;

  /**
   * The endpoint `testSecret` sends `AUTH <pending>` to over TLS (`AUTH_TOKEN`).
   * @default - no connection test
   */
  readonly testEndpointAddress?: string;

  /**
   * The port of `testEndpointAddress`.
   * @default 6379
   */
  readonly testEndpointPort?: number;

  /**
   * Connections the function must reach for its connection test (the cache). Egress to
   * their default port is allowed from the function, and ingress from the function to them.
   * @default - none
   */
  readonly testConnections?: ec2.IConnectable;

  /**
   * The customer-managed KMS key encrypting the function's log group and dead-letter queue.
   * Its key policy is extended for CloudWatch Logs of this Region.
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Length of the generated values.
   * @default 64
   */
  readonly passwordLength?: number;

  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Concurrent executions reserved for the function. Unreserved by default: a reservation is taken
   * from the account's pool, which AWS keeps at 10 or more unreserved (a new account whose quota is 10
   * cannot reserve any), and a reservation of 1 throttles the immediate first rotations of every
   * cache a deploy creates (docs/decisions/0402-rotation-concurrency.md). Setting it satisfies the
   * HIPAA/NIST 800-53 R5 LambdaConcurrency rules, which are otherwise acknowledged on the function.
   * @default - no reserved concurrency (the function uses the account's unreserved pool)
   */
  readonly reservedConcurrentExecutions?: number;
}

/** Options of `CacheSecretRotation.addSecret()`. */
export interface RotatedSecretOptions {
  /**
   * How often the secret is rotated (1-1000 days).
   * @default Duration.days(30)
   */
  readonly automaticallyAfter?: Duration;

  /**
   * The ARN of the ElastiCache user the secret belongs to (`USER_PASSWORD`): the function
   * may `ModifyUser`/`DescribeUsers` only on the users of the secrets it rotates.
   * @default - none (AUTH tokens)
   */
  readonly userArn?: string;

  /**
   * The ARN of the replication group whose AUTH token the secret holds (`AUTH_TOKEN`): the
   * function may `ModifyReplicationGroup`/`ListTagsForResource` only on the groups of the
   * secrets it rotates. The group must carry the tag `CacheSecretRotation.AUTH_TOKEN_SECRET_TAG` with the secret's
   * ARN: the shared function finds the group to modify and the endpoint to test through it.
   * @default - none (user passwords, or a function given `replicationGroupId`)
   */
  readonly replicationGroupArn?: string;

  /**
   * The cache the function tests the pending value against: the function's security group may
   * reach it on its default port, and it lets the function in.
   * @default - no connection opened
   */
  readonly testConnections?: ec2.IConnectable;
}


/** Secrets (with their keys and groups) one customer-managed policy of a shared function grants. */
const TARGETS_PER_POLICY = 15;

/**
 * One target policy, rendered as a literal document (a CfnManagedPolicy at `Targets<n>/Resource`,
 * where `iam.ManagedPolicy` put it): the resources of its statements grow as secrets are added.
 */
interface TargetPolicy {
  /** The construct the schedules depend on. */
  readonly policy: Construct;
  readonly statements: object[];
  readonly secrets: string[];
  readonly keys: string[];
  readonly groups: string[];
  count: number;
}

/** A `Resource` as `PolicyStatement` renders it: one ARN alone, several in a list. */
function resources(arns: string[]): IResolvable {
  return Lazy.any({ produce: () => (arns.length === 1 ? arns[0] : arns) });
}

function addOnce(arns: string[], arn: string): void {
  if (!arns.includes(arn)) arns.push(arn);
}

/**
 * A Secrets Manager rotation function for ElastiCache AUTH tokens or RBAC user passwords,
 * with the overlap that keeps connected clients working during the switch.
 *
 * The function runs in the cache's VPC with its own security group (egress 443, plus the cache
 * port when it tests the connection), a KMS-encrypted log group with retention, no reserved
 * concurrency unless asked, a KMS-encrypted dead-letter queue that enforces TLS, and an explicit role with
 * least-privilege inline policies (no AWS managed policies).
 */
export class CacheSecretRotation extends Construct {
  /**
   * The tag on a replication group whose value is the ARN of the secret holding its AUTH token:
   * a shared AUTH-token function finds the group to modify and the endpoint to test through it.
   */
  public static readonly AUTH_TOKEN_SECRET_TAG = 'cdk-elasticache:auth-token-secret';

  /** The rotation function. */
  public readonly function: lambda.IFunction;
  /** The role of the rotation function. */
  public readonly role: iam.IRole;
  /** The security group of the rotation function. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The key encrypting the log group and the dead-letter queue. */
  public readonly encryptionKey: kms.IKey;
  /** The customer-managed policy holding every permission of the function. */
  public readonly policy: iam.ManagedPolicy;
  private readonly fn: lambda.Function;
  private readonly targetType: RotationTargetType;
  /** The function as the schedules see it: no per-secret grants (this construct grants in lists). */
  private scheduleTarget?: lambda.IFunction;
  private invokePermission?: lambda.CfnPermission;
  private readonly targetPolicies: TargetPolicy[] = [];
  private randomPasswordGranted = false;

  constructor(scope: Construct, id: string, props: CacheSecretRotationProps) {
    super(scope, id);
    this.targetType = props.targetType;
    const stack = Stack.of(this);
    const reserved = props.reservedConcurrentExecutions;
    if (reserved !== undefined && !Token.isUnresolved(reserved) && (!Number.isInteger(reserved) || reserved < 1)) {
      throw validationError(this, 'CacheSecretRotation.ReservedConcurrency',
        `reservedConcurrentExecutions must be a whole number of at least 1, got ${reserved}; leave it out to use the account's unreserved pool`);
    }

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the logs and dead-letter queue of ${this.node.path}`,
      enableKeyRotation: true,
    });
    allowCloudWatchLogs(this.encryptionKey);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: this.encryptionKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });

    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Rotation function ${this.node.path}: HTTPS to AWS APIs only`,
      allowAllOutbound: false,
    });
    // Secrets Manager and ElastiCache APIs over HTTPS (through NAT or interface endpoints).
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs (Secrets Manager, ElastiCache) over HTTPS');

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Rotation function ${this.node.path}`,
    });
    // One customer-managed policy holds every permission of the function, including those CDK adds
    // through grants (rotation schedule, dead-letter queue, tracing, KMS): no AWS managed policy
    // (AwsSolutions-IAM4) and no inline policy (HIPAA/NIST/PCI IAMNoInlinePolicy).
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Least-privilege permissions of the rotation function ${this.node.path}`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'Logs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({
          // Lambda VPC networking: these EC2 actions do not support resource-level permissions
          // (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions).
          sid: 'VpcNetworking',
          actions: [
            'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses', 'ec2:DescribeSubnets',
          ],
          resources: ['*'],
        }),
      ],
    });
    acknowledge(this.policy, [['AwsSolutions-IAM5[Resource::*]', IAM5_REASON]]);
    this.role = managedPolicyRole(role, this.policy);
    const environment: { [key: string]: string } = {
      TARGET: props.targetType,
      PASSWORD_LENGTH: String(props.passwordLength ?? 64),
    };
    if (props.replicationGroupId) environment.REPLICATION_GROUP_ID = props.replicationGroupId;
    if (props.testEndpointAddress) {
      environment.ENDPOINT_ADDRESS = props.testEndpointAddress;
      environment.ENDPOINT_PORT = String(props.testEndpointPort ?? 6379);
    }

    this.fn = new RotateSecretFunction(this, 'Function', {
      description: `Rotates ElastiCache ${props.targetType === RotationTargetType.AUTH_TOKEN ? 'AUTH tokens' : 'user passwords'} (${this.node.path})`,
      role: this.role,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [this.securityGroup],
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      // Waiting for `available` twice may take minutes; Secrets Manager retries a timed-out step.
      timeout: Duration.minutes(15),
      memorySize: 256,
      reservedConcurrentExecutions: reserved,
      deadLetterQueue,
      tracing: lambda.Tracing.ACTIVE,
      environment,
      environmentEncryption: this.encryptionKey,
    });
    this.function = this.fn;
    if (reserved === undefined) {
      acknowledge(this.fn, [['HIPAA.Security-LambdaConcurrency', LAMBDA_CONCURRENCY_REASON], ['NIST.800.53.R5-LambdaConcurrency', LAMBDA_CONCURRENCY_REASON]]);
    }
    // The function decrypts its environment and writes to the KMS-encrypted dead-letter queue
    // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
    this.encryptionKey.grant(this.role, 'kms:Decrypt', 'kms:GenerateDataKey');
    // Lambda checks the VPC permissions when it creates the function: the policy must exist first.
    this.fn.node.addDependency(this.policy);

    if (props.testConnections) {
      // testSecret: AUTH over TLS to the cache port, the cache lets the function in.
      this.securityGroup.connections.allowToDefaultPort(props.testConnections, 'testSecret: AUTH with the pending value');
    }
    if (props.targetType === RotationTargetType.AUTH_TOKEN && props.replicationGroupId) {
      this.fn.addToRolePolicy(new iam.PolicyStatement({
        sid: 'AuthToken',
        actions: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
        resources: [stack.formatArn({ service: 'elasticache', resource: 'replicationgroup', resourceName: props.replicationGroupId, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }));
    } else if (props.targetType === RotationTargetType.AUTH_TOKEN) {
      this.fn.addToRolePolicy(new iam.PolicyStatement({
        // Finding the group of a secret lists the groups of the account and Region: a describe
        // without ReplicationGroupId is authorized on "*". It returns no secret (never the token).
        // Modify and list-tags are granted per group, in the target policies.
        sid: 'FindReplicationGroup',
        actions: ['elasticache:DescribeReplicationGroups'],
        resources: ['*'],
      }));
      this.grantRandomPassword();
    }
  }

  /**
   * The function as rotation schedules see it (shared AUTH-token function): an imported view,
   * so `RotationSchedule` adds no statement per secret; `addSecret()` grants in compact lists.
   */
  private sharedScheduleTarget(): lambda.IFunction {
    // Schedules on the imported view grant nothing: createSecret needs GetRandomPassword whichever way the function was built.
    this.grantRandomPassword();
    if (!this.scheduleTarget) {
      this.scheduleTarget = lambda.Function.fromFunctionAttributes(this, 'ScheduleTarget', {
        functionArn: this.fn.functionArn,
        sameEnvironment: true,
      });
      this.invokePermission = new lambda.CfnPermission(this, 'InvokeBySecretsManager', {
        action: 'lambda:InvokeFunction',
        functionName: this.fn.functionArn,
        principal: 'secretsmanager.amazonaws.com',
        sourceAccount: Stack.of(this).account,
      });
    }
    return this.scheduleTarget;
  }

  /** createSecret: GetRandomPassword does not support resource-level permissions (once per function). */
  private grantRandomPassword(): void {
    if (this.randomPasswordGranted) return;
    this.randomPasswordGranted = true;
    this.fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'RandomPassword',
      actions: ['secretsmanager:GetRandomPassword'],
      resources: ['*'],
    }));
  }

  /**
   * The policy receiving the next target: several customer-managed policies of at most
   * TARGETS_PER_POLICY secrets each, so that no policy reaches the 6,144-character limit.
   */
  private targetPolicy(): TargetPolicy {
    const last = this.targetPolicies[this.targetPolicies.length - 1];
    if (last && last.count < TARGETS_PER_POLICY) return last;
    const n = this.targetPolicies.length + 1;
    const target: TargetPolicy = { policy: new Construct(this, `Targets${n}`), statements: [], secrets: [], keys: [], groups: [], count: 0 };
    target.statements.push({
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
      Effect: 'Allow',
      Resource: resources(target.secrets),
      Sid: 'RotatedSecrets',
    }, {
      Action: ['elasticache:ModifyReplicationGroup', 'elasticache:ListTagsForResource'],
      Effect: 'Allow',
      Resource: resources(target.groups),
      Sid: 'ReplicationGroups',
    });
    new iam.CfnManagedPolicy(target.policy, 'Resource', {
      description: `Secrets, keys and replication groups rotated by ${this.node.path} (part ${n})`,
      path: '/',
      policyDocument: { Statement: target.statements, Version: '2012-10-17' },
      roles: [this.role.roleName],
    });
    this.targetPolicies.push(target);
    return target;
  }

  /**
   * Rotates the secret with this function on a schedule.
   */
  public addSecret(id: string, secret: secretsmanager.ISecret, options: RotatedSecretOptions = {}): secretsmanager.RotationSchedule {
    if (options.testConnections) {
      // testSecret: AUTH over TLS to the cache port, the cache lets the function in.
      this.securityGroup.connections.allowToDefaultPort(options.testConnections, 'testSecret: AUTH with the pending value');
    }
    if (options.replicationGroupArn) {
      const target = this.addTarget(secret.secretFullArn ?? `${secret.secretArn}-??????`, secret.encryptionKey?.keyArn, options.replicationGroupArn);
      const schedule = new secretsmanager.RotationSchedule(secret, id, {
        secret,
        rotationLambda: this.sharedScheduleTarget(),
        automaticallyAfter: options.automaticallyAfter ?? Duration.days(30),
      });
      // The first rotation starts at creation: the function's permissions must be in place.
      schedule.node.addDependency(this.policy, target.policy, this.invokePermission!);
      return schedule;
    }
    if (options.userArn) {
      this.fn.addToRolePolicy(new iam.PolicyStatement({
        actions: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
        resources: [options.userArn],
      }));
    }
    const schedule = secret.addRotationSchedule(id, {
      rotationLambda: this.fn,
      automaticallyAfter: options.automaticallyAfter ?? Duration.days(30),
    });
    // The first rotation starts at creation: the function's permissions must be in place.
    schedule.node.addDependency(this.policy);
    return schedule;
  }

  /**
   * Rotates the AUTH token a replication group of this stack generated with this shared function:
   * the schedule (same logical id as `addSecret()`'s), the secret's resource policy, and the
   * security group rules letting the function into the cache on its port, as resources of the
   * cache (not of this shared construct). The group must carry `AUTH_TOKEN_SECRET_TAG`.
   * @internal
   */
  public _addAuthToken(
    cache: Construct & ec2.IConnectable, secret: secretsmanager.Secret, replicationGroupArn: string, automaticallyAfter: Duration,
  ): void {
    const target = this.addTarget(secret.secretArn, secret.encryptionKey?.keyArn, replicationGroupArn);
    this.sharedScheduleTarget();
    // Rotation/Resource: the logical id of the RotationSchedule addSecret() renders. A CfnRotationSchedule: the
    // RotationSchedule L2 would grant the shared function each secret again, which the target policies already do.
    const schedule = new secretsmanager.CfnRotationSchedule(new Construct(secret, 'Rotation'), 'Resource', {
      secretId: secret.secretArn,
      // The CfnFunction's ARN: what functionArn renders in this stack, without its cross-environment check per schedule.
      rotationLambdaArn: (this.fn.node.defaultChild as lambda.CfnFunction).attrArn,
      rotationRules: { scheduleExpression: `rate(${automaticallyAfter.toDays()} days)` },
    });
    secret.denyAccountRootDelete();
    // The first rotation starts at creation: the function's permissions must be in place.
    schedule.node.addDependency(this.policy, target.policy, this.invokePermission!);
    // testSecret: AUTH over TLS to the cache port, the cache lets the function in.
    const { connections } = cache;
    const rule = connections.defaultPort!.toRuleJson();
    const description = `testSecret of ${this.node.path}: AUTH with the pending value`;
    connections.securityGroups.forEach((sg, i) => {
      const suffix = i === 0 ? '' : String(i + 1);
      new ec2.CfnSecurityGroupIngress(cache, `RotationIngress${suffix}`, {
        ...rule, groupId: sg.securityGroupId, sourceSecurityGroupId: this.securityGroup.securityGroupId, description,
      });
      new ec2.CfnSecurityGroupEgress(cache, `RotationEgress${suffix}`, {
        ...rule, groupId: this.securityGroup.securityGroupId, destinationSecurityGroupId: sg.securityGroupId, description,
      });
    });
  }

  /**
   * Grants the function the secret (its full ARN, or its partial ARN and `-??????`), its key and
   * the replication group, in a target policy.
   */
  private addTarget(secretArnForPolicies: string, keyArn: string | undefined, replicationGroupArn: string): TargetPolicy {
    const target = this.targetPolicy();
    target.count++;
    addOnce(target.secrets, secretArnForPolicies);
    if (keyArn) {
      // Added on the first key: a statement without resources is not valid.
      if (target.keys.length === 0) {
        target.statements.push({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          // GetSecretValue decrypts, PutSecretValue generates a data key (through Secrets Manager only).
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
          Effect: 'Allow',
          Resource: resources(target.keys),
          Sid: 'SecretKeys',
        });
      }
      addOnce(target.keys, keyArn);
    }
    addOnce(target.groups, replicationGroupArn);
    return target;
  }

  /** The kind of secret this function rotates. */
  public get rotationTargetType(): RotationTargetType {
    return this.targetType;
  }
}

/**
 * The role as seen by the function and by grants: every statement added to it lands in the
 * customer-managed policy instead of CDK's inline `DefaultPolicy`.
 */
function managedPolicyRole(role: iam.Role, policy: iam.ManagedPolicy): iam.IRole {
  const proxy: iam.IRole = new Proxy(role, {
    get(target, property) {
      if (property === 'addToPrincipalPolicy') {
        return (statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult => {
          policy.addStatements(statement);
          return { statementAdded: true, policyDependable: policy };
        };
      }
      if (property === 'addToPolicy') {
        return (statement: iam.PolicyStatement): boolean => {
          policy.addStatements(statement);
          return true;
        };
      }
      if (property === 'grantPrincipal') return proxy;
      return Reflect.get(target, property, target);
    },
  });
  return proxy;
}
