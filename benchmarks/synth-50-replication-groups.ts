/**
 * Benchmark: synthesize a stack of 50 replication groups defined with this library vs the same
 * 50 written by hand as L1 resources (the same resources the construct renders by default). Prints the median of N runs of each and the ratio.
 *
 *   npx ts-node --project tsconfig.dev.json benchmarks/synth-50-replication-groups.ts [runs]
 *
 * Regression guard (issue 16, docs/decisions/0007-plain-key-and-secret.md): ratio at most 1.6
 * (issue 2 had set 1.3 with a speed-up layer since removed).
 */
import { performance } from 'node:perf_hooks';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { ReplicationGroup } from '../src';

const GROUPS = 50;

function withVpc(): { app: App; stack: Stack; vpc: ec2.Vpc } {
  // 50 default caches render ~580 resources (11-12 per cache + one shared rotation function):
  // above CloudFormation's 500 per stack (a deploy would split them over two stacks). The limit is
  // a synth-time check, raised here to measure synthesis alone.
  const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': 2000 } });
  const stack = new Stack(app, 'Bench', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  return { app, stack, vpc };
}

function library(): CloudAssembly {
  const { app, vpc, stack } = withVpc();
  for (let i = 0; i < GROUPS; i++) new ReplicationGroup(stack, `Cache${i}`, { vpc });
  return app.synth();
}

/**
 * The same 50 caches written by hand with L1 resources only: every resource the construct renders
 * by default. Once per stack and VPC: the AUTH-token rotation function with its key, role,
 * policies, queue, log group, security group and invoke permission. Per cache: key, secret,
 * resource policy, rotation schedule, subnet group, security group with the rules letting the
 * function in, parameter group, slow log group, the replication group (tagged with its secret).
 * Both sides synthesize the same resources (checked before timing); the construct's template is
 * larger (descriptions, removal policies, statement ids, partition-aware ARNs, longer logical ids).
 */
function handWritten(): CloudAssembly {
  const { app, vpc, stack } = withVpc();
  const subnetIds = vpc.privateSubnets.map((s) => s.subnetId);
  const account = stack.account;
  const region = stack.region;
  const root = { AWS: `arn:aws:iam::${account}:root` };
  const logsStatement = {
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Resource: '*',
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${account}:log-group:*` } },
  };

  const viaSecretsManager = { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } };

  // The shared rotation function.
  const fnKey = new kms.CfnKey(stack, 'FnKey', {
    enableKeyRotation: true,
    keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*' }, logsStatement] },
  });
  fnKey.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const fnLogs = new logs.CfnLogGroup(stack, 'FnLogs', { kmsKeyId: fnKey.attrArn, retentionInDays: 365 });
  const dlq = new sqs.CfnQueue(stack, 'Dlq', { kmsMasterKeyId: fnKey.attrArn });
  new sqs.CfnQueuePolicy(stack, 'DlqPolicy', {
    queues: [dlq.ref],
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: dlq.attrArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
  });
  const fnSg = new ec2.CfnSecurityGroup(stack, 'FnSg', {
    vpcId: vpc.vpcId,
    groupDescription: 'rotation',
    securityGroupEgress: [{ cidrIp: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 443, toPort: 443 }],
  });
  const role = new iam.CfnRole(stack, 'FnRole', {
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
  });
  const policy = new iam.CfnManagedPolicy(stack, 'FnPolicy', {
    roles: [role.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: fnLogs.attrArn },
        { Effect: 'Allow', Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface'], Resource: '*' },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlq.attrArn },
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: fnKey.attrArn },
        { Effect: 'Allow', Action: 'elasticache:DescribeReplicationGroups', Resource: '*' },
        { Effect: 'Allow', Action: 'secretsmanager:GetRandomPassword', Resource: '*' },
      ],
    },
  });
  const fn = new lambda.CfnFunction(stack, 'Fn', {
    runtime: 'nodejs24.x',
    handler: 'index.handler',
    role: role.attrArn,
    timeout: 900,
    memorySize: 256,
    reservedConcurrentExecutions: 1,
    code: { zipFile: 'exports.handler = async () => {};' },
    kmsKeyArn: fnKey.attrArn,
    deadLetterConfig: { targetArn: dlq.attrArn },
    loggingConfig: { logGroup: fnLogs.ref, logFormat: 'JSON' },
    tracingConfig: { mode: 'Active' },
    vpcConfig: { subnetIds, securityGroupIds: [fnSg.attrGroupId] },
    environment: { variables: { TARGET: 'replication-group', PASSWORD_LENGTH: '64' } },
  });
  fn.addDependency(policy);
  const invoke = new lambda.CfnPermission(stack, 'FnInvoke', { action: 'lambda:InvokeFunction', functionName: fn.attrArn, principal: 'secretsmanager.amazonaws.com', sourceAccount: account });

  // Per-target policies of at most 15 secrets, as the construct renders them.
  let targets: { policy: iam.CfnManagedPolicy; secrets: string[]; keys: string[]; groups: string[] } | undefined;
  for (let i = 0; i < GROUPS; i++) {
    if (!targets || targets.secrets.length === 15) {
      const t: { secrets: string[]; keys: string[]; groups: string[] } = { secrets: [], keys: [], groups: [] };
      const targetPolicy = new iam.CfnManagedPolicy(stack, `FnTargets${i}`, {
        roles: [role.ref],
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'], Resource: t.secrets },
            { Effect: 'Allow', Action: ['elasticache:ModifyReplicationGroup', 'elasticache:ListTagsForResource'], Resource: t.groups },
            { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: t.keys, Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } } },
          ],
        },
      });
      targets = { policy: targetPolicy, ...t };
    }
    const key = new kms.CfnKey(stack, `Key${i}`, {
      enableKeyRotation: true,
      keyPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*' },
          // What Secret adds to the key it is given (Secrets Manager for this account).
          { Effect: 'Allow', Principal: root, Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Resource: '*', Condition: viaSecretsManager },
          { Effect: 'Allow', Principal: root, Action: ['kms:CreateGrant', 'kms:DescribeKey'], Resource: '*', Condition: viaSecretsManager },
          logsStatement,
        ],
      },
    });
    key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const secret = new secretsmanager.CfnSecret(stack, `Token${i}`, {
      kmsKeyId: key.attrArn,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    new secretsmanager.CfnResourcePolicy(stack, `TokenPolicy${i}`, {
      secretId: secret.ref,
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: root, Action: 'secretsmanager:DeleteSecret', Resource: '*' }] },
    });
    const sg = new ec2.CfnSecurityGroup(stack, `Sg${i}`, {
      vpcId: vpc.vpcId,
      groupDescription: 'cache',
      securityGroupEgress: [{ cidrIp: '255.255.255.255/32', ipProtocol: 'icmp', fromPort: 252, toPort: 86 }],
    });
    new ec2.CfnSecurityGroupIngress(stack, `SgIn${i}`, { groupId: sg.attrGroupId, sourceSecurityGroupId: fnSg.attrGroupId, ipProtocol: 'tcp', fromPort: 6379, toPort: 6379 });
    new ec2.CfnSecurityGroupEgress(stack, `FnOut${i}`, { groupId: fnSg.attrGroupId, destinationSecurityGroupId: sg.attrGroupId, ipProtocol: 'tcp', fromPort: 6379, toPort: 6379 });
    const subnets = new elasticache.CfnSubnetGroup(stack, `Subnets${i}`, { description: 'cache', subnetIds });
    const params = new elasticache.CfnParameterGroup(stack, `Params${i}`, {
      cacheParameterGroupFamily: 'valkey8', description: 'cache', properties: { 'cluster-enabled': 'no' },
    });
    const slowLog = new logs.CfnLogGroup(stack, `SlowLog${i}`, { kmsKeyId: key.attrArn, retentionInDays: 365 });
    const rg = new elasticache.CfnReplicationGroup(stack, `Cache${i}`, {
      replicationGroupDescription: 'cache',
      engine: 'valkey',
      engineVersion: '8.2',
      cacheNodeType: 'cache.r7g.large',
      port: 6379,
      clusterMode: 'disabled',
      numCacheClusters: 2,
      multiAzEnabled: true,
      automaticFailoverEnabled: true,
      atRestEncryptionEnabled: true,
      kmsKeyId: key.attrArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: `{{resolve:secretsmanager:${secret.ref}:SecretString:::}}`,
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [sg.attrGroupId],
      cacheParameterGroupName: params.ref,
      snapshotRetentionLimit: 15,
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: [{ logType: 'slow-log', logFormat: 'json', destinationType: 'cloudwatch-logs', destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.ref } } }],
      tags: [{ key: 'cdk-elasticache:auth-token-secret', value: secret.ref }],
    });
    rg.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    targets.secrets.push(secret.ref);
    targets.keys.push(key.attrArn);
    targets.groups.push(`arn:aws:elasticache:${region}:${account}:replicationgroup:${rg.ref}`);
    const schedule = new secretsmanager.CfnRotationSchedule(stack, `Rotation${i}`, {
      secretId: secret.ref, rotationLambdaArn: fn.attrArn, rotationRules: { scheduleExpression: 'rate(30 days)' },
    });
    schedule.addDependency(policy);
    schedule.addDependency(targets.policy);
    schedule.addDependency(invoke);
  }
  return app.synth();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The number of resources of each type in the benchmark stack. */
function resourceTypes(assembly: CloudAssembly): string {
  const counts: { [type: string]: number } = {};
  for (const r of Object.values<{ Type: string }>(assembly.getStackByName('Bench').template.Resources)) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  return JSON.stringify(Object.entries(counts).sort());
}

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  // Warm-up (module loading and JIT), and the check that both sides render the same resources.
  const [libTypes, l1Types] = [resourceTypes(library()), resourceTypes(handWritten())];
  if (libTypes !== l1Types) throw new Error(`the two sides render different resources:\n  ${libTypes}\n  ${l1Types}`);
  const lib: number[] = [];
  const l1: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleave so both see the same machine state.
    let t = performance.now(); library(); lib.push(performance.now() - t);
    t = performance.now(); handWritten(); l1.push(performance.now() - t);
  }
  const ratio = median(lib) / median(l1);
  console.log(`synth of ${GROUPS} replication groups, median of ${runs} runs`);
  console.log(`  cdk-elasticache ReplicationGroup: ${median(lib).toFixed(0)} ms`);
  console.log(`  hand-written L1 resources:        ${median(l1).toFixed(0)} ms`);
  console.log(`  ratio: ${ratio.toFixed(2)} (guard <= 1.60) ${ratio <= 1.6 ? 'PASS' : 'FAIL'}`);
  process.exitCode = ratio <= 1.6 ? 0 : 1;
}

main();
