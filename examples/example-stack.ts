import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import {
  AccessString, CacheEngine, CacheNetwork, ClusterMode, IamUser, MemcachedCluster, PasswordUser, RedisEngineVersion, ReplicationGroup, UserGroup,
} from '../src';

/**
 * The context `cdk synth` caches in examples/cdk.context.json (Availability Zones of the example
 * account), for apps that build the stack in-process (the demo, tests).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const EXAMPLE_CONTEXT: Record<string, unknown> = require('./cdk.context.json');

/** The VPC's range. */
const VPC_CIDR = '10.20.0.0/16';

/**
 * The example application: a VPC without internet routes, an application tier, and the caches
 * of the seed — a sharded Valkey cache for application data and a Redis OSS cache for sessions.
 */
export class ExampleStack extends Stack {
  public readonly network: CacheNetwork;
  public readonly vpc: ec2.Vpc;
  public readonly appSecurityGroup: ec2.SecurityGroup;
  public readonly dataCache: ReplicationGroup;
  public readonly sessionCache: ReplicationGroup;
  public readonly memcached: MemcachedCluster;
  public readonly appUser: PasswordUser;
  public readonly analyticsUser: PasswordUser;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Private subnets only across three AZs (no internet gateway, no NAT), encrypted flow logs, the
    // default security group closed, and interface endpoints (Secrets Manager, ElastiCache, KMS, Logs)
    // that admit HTTPS from the VPC only: what the rotation functions call.
    this.network = new CacheNetwork(this, 'Network', { cidr: VPC_CIDR });
    this.vpc = this.network.vpc;

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
