/**
 * Benchmark: synthesize a stack of 50 replication groups defined with this library vs the same
 * 50 written by hand as L1 resources (subnet group, security group, parameter group, KMS key,
 * secret, replication group each). Prints the median of N runs of each and the ratio.
 *
 *   npx ts-node --project tsconfig.dev.json benchmarks/synth-50-replication-groups.ts [runs]
 *
 * Goal (issue 2): ratio at most 1.3.
 */
import { performance } from 'node:perf_hooks';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ReplicationGroup } from '../src';

const GROUPS = 50;

function withVpc(): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App();
  const stack = new Stack(app, 'Bench', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  return { app, stack, vpc };
}

function library(): void {
  const { app, vpc, stack } = withVpc();
  for (let i = 0; i < GROUPS; i++) new ReplicationGroup(stack, `Cache${i}`, { vpc });
  app.synth();
}

function handWritten(): void {
  const { app, vpc, stack } = withVpc();
  const subnetIds = vpc.privateSubnets.map((s) => s.subnetId);
  for (let i = 0; i < GROUPS; i++) {
    const key = new kms.Key(stack, `Key${i}`, { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    const secret = new secretsmanager.Secret(stack, `Token${i}`, {
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    const sg = new ec2.SecurityGroup(stack, `Sg${i}`, { vpc, allowAllOutbound: false, description: 'cache' });
    const subnets = new elasticache.CfnSubnetGroup(stack, `Subnets${i}`, { description: 'cache', subnetIds });
    const params = new elasticache.CfnParameterGroup(stack, `Params${i}`, {
      cacheParameterGroupFamily: 'valkey8', description: 'cache', properties: { 'cluster-enabled': 'no' },
    });
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
      kmsKeyId: key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: secret.secretValue.unsafeUnwrap(),
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [sg.securityGroupId],
      cacheParameterGroupName: params.ref,
      snapshotRetentionLimit: 15,
      autoMinorVersionUpgrade: true,
    });
    rg.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
  }
  app.synth();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  library(); handWritten(); // warm-up: module loading and JIT
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
  console.log(`  ratio: ${ratio.toFixed(2)} (goal <= 1.30) ${ratio <= 1.3 ? 'PASS' : 'FAIL'}`);
  process.exitCode = ratio <= 1.3 ? 0 : 1;
}

main();
