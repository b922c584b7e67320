import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  AccessString, CacheEngine, ClusterMode, IamUser, MemcachedCluster, PasswordUser, RedisEngineVersion, ReplicationGroup, UserGroup,
} from '../src';

/**
 * The context `cdk synth` caches in examples/cdk.context.json (Availability Zones of the example
 * account), for apps that build the stack in-process (the demo, tests).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const EXAMPLE_CONTEXT: Record<string, unknown> = require('./cdk.context.json');

/** A literal CIDR so compliance rules can read the endpoint ingress rule. */
const VPC_CIDR = '10.20.0.0/16';

/**
 * The example application: a VPC without internet routes, an application tier, and the caches
 * of the seed — a sharded Valkey cache for application data and a Redis OSS cache for sessions.
 */
export class ExampleStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly appSecurityGroup: ec2.SecurityGroup;
  public readonly dataCache: ReplicationGroup;
  public readonly sessionCache: ReplicationGroup;
  public readonly memcached: MemcachedCluster;
  public readonly appUser: PasswordUser;
  public readonly analyticsUser: PasswordUser;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Private subnets only: no internet gateway, no public IPs. AWS APIs through endpoints.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 3,
      natGateways: 0,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
    });
    // Flow logs to an encrypted log group, written by a role with a customer-managed policy
    // (HIPAA/NIST/PCI IAMNoInlinePolicy; AwsSolutions-IAM4 rejects AWS managed policies).
    const flowLogKey = new kms.Key(this, 'FlowLogKey', { enableKeyRotation: true, description: 'VPC flow logs' });
    flowLogKey.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { encryptionKey: flowLogKey, retention: logs.RetentionDays.ONE_YEAR });
    const flowLogRole = new iam.Role(this, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    flowLogRole.addManagedPolicy(new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [flowLogs.logGroupArn],
        }),
      ],
    }));
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs, flowLogRole.withoutPolicyUpdates()),
    });

    // The secret rotation functions call Secrets Manager and ElastiCache from inside the VPC,
    // through interface endpoints that accept HTTPS from the VPC only.
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc, description: 'AWS API endpoints: HTTPS from the VPC', allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), 'HTTPS from the VPC');
    for (const [endpointId, service] of [
      ['SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
      ['ElastiCache', ec2.InterfaceVpcEndpointAwsService.ELASTICACHE],
    ] as const) {
      this.vpc.addInterfaceEndpoint(endpointId, { service, securityGroups: [endpointSecurityGroup], open: false });
    }

    this.appSecurityGroup = new ec2.SecurityGroup(this, 'App', { vpc: this.vpc, description: 'Application tier', allowAllOutbound: false });

    // Application data: Valkey, cluster mode enabled, 3 shards x 2 replicas, RBAC users instead of an
    // AUTH token. The application reads and writes its own prefix (keys, channels, scripts, transactions);
    // analytics reads it; an IAM-authenticated reporting service reads it too.
    this.appUser = new PasswordUser(this, 'AppUser', {
      userName: 'app',
      vpc: this.vpc,
      accessString: AccessString.readWrite('app:'),
    });
    this.analyticsUser = new PasswordUser(this, 'AnalyticsUser', {
      userName: 'analytics',
      vpc: this.vpc,
      accessString: AccessString.readOnly('app:'),
    });
    const reporting = new IamUser(this, 'ReportingUser', { userId: 'reporting', accessString: AccessString.readOnly('app:') });
    const users = new UserGroup(this, 'DataUsers', { users: [this.appUser, this.analyticsUser, reporting] });
    this.dataCache = new ReplicationGroup(this, 'DataCache', {
      vpc: this.vpc,
      clusterMode: ClusterMode.ENABLED,
      numShards: 3,
      replicasPerShard: 2,
      userGroup: users,
      parameters: { 'maxmemory-policy': 'allkeys-lru' },
    });

    // Sessions: Redis OSS, cluster mode disabled, primary + 2 replicas. Port 6380: AwsSolutions-AEC5
    // flags the Redis default port (see README, Compliance).
    this.sessionCache = new ReplicationGroup(this, 'SessionCache', {
      vpc: this.vpc,
      engine: CacheEngine.redis(RedisEngineVersion.VER_7_1),
      replicasPerShard: 2,
      port: 6380,
      parameters: { 'maxmemory-policy': 'volatile-lru', 'notify-keyspace-events': 'Ex' },
    });

    // Memcached for simple, multi-threaded caching of rendered fragments: 3 nodes across AZs, TLS.
    this.memcached = new MemcachedCluster(this, 'Fragments', { vpc: this.vpc, numNodes: 3 });

    for (const cache of [this.dataCache, this.sessionCache, this.memcached]) {
      cache.connections.allowDefaultPortFrom(this.appSecurityGroup, 'application tier');
    }
  }
}
