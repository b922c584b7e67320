import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import fc from 'fast-check';
import {
  days, globalProps, memcachedProps, networkProps, replicationGroupProps, scalingProps, serverlessProps, userProps,
} from './arbitraries';
import { checkCase, FuzzStats, fuzzStack } from './oracle';
import {
  AccessString, CacheNetwork, ClusterMode, GlobalDatastore, IamUser, MemcachedCluster, NoPasswordUser, PasswordUser, ReplicationGroup,
  SecondaryReplicationGroup, ServerlessCache, UserGroup,
} from '../../src';
import { templateErrors } from '../harness/validate-template';

/** One fuzz target per construct: its generator and how a case builds and checks it (shared by jest and the 10k run). */
export interface FuzzTarget<T> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly one: (props: T, stats: FuzzStats) => string | undefined;
}

const target = <T>(name: string, arbitrary: fc.Arbitrary<T>, one: (props: T, stats: FuzzStats) => string | undefined): FuzzTarget<T> =>
  ({ name, arbitrary, one });

export const TARGETS: ReadonlyArray<FuzzTarget<any>> = [
  target('ReplicationGroup', replicationGroupProps, (p, stats) => {
    const { stack, vpc } = fuzzStack();
    const secure = p.transitEncryption !== false && p.multiAz !== false && p.automaticFailover !== false && p.authTokenEnabled !== false
      && (p.snapshotRetentionDays ?? 15) >= 15 && (p.replicasPerShard ?? 1) > 0; // the packs ask for 15 days of backups
    return checkCase(stats, stack, () => {
      new ReplicationGroup(stack, 'Cache', {
        vpc, ...p, engine: p.engine?.(), nodeType: p.nodeType?.(), snapshotRetention: days(p.snapshotRetentionDays),
      });
    }, 'Fuzz/Cache', secure);
  }),
  target('MemcachedCluster', memcachedProps, (p, stats) => {
    const { stack, vpc } = fuzzStack();
    const secure = p.transitEncryption !== false && p.azMode !== 'single-az' && (p.numNodes ?? 2) > 1;
    return checkCase(stats, stack, () => {
      new MemcachedCluster(stack, 'Cache', { vpc, ...p, engine: p.engine?.(), nodeType: p.nodeType?.() });
    }, 'Fuzz/Cache', secure);
  }),
  target('ServerlessCache', serverlessProps, (p, stats) => {
    const { stack, vpc } = fuzzStack();
    return checkCase(stats, stack, () => {
      new ServerlessCache(stack, 'Cache', {
        vpc,
        engine: p.engine?.(),
        serverlessCacheName: p.serverlessCacheName,
        description: p.description,
        snapshotRetention: days(p.snapshotRetentionDays),
        dailySnapshotTime: p.dailySnapshotTime,
        finalSnapshotName: p.finalSnapshotName,
        cacheUsageLimits: p.dataStorageMaxGb !== undefined || p.ecpuMax !== undefined ? {
          dataStorageMaximumSize: p.dataStorageMaxGb !== undefined && Number.isFinite(p.dataStorageMaxGb) && p.dataStorageMaxGb >= 0
            ? Size.gibibytes(p.dataStorageMaxGb) : undefined,
          requestRateLimitMaximum: p.ecpuMax,
        } : undefined,
      });
    }, 'Fuzz/Cache', (p.snapshotRetentionDays ?? 1) > 0);
  }),
  target('User+UserGroup', userProps, (p, stats) => {
    const { stack, vpc } = fuzzStack();
    return checkCase(stats, stack, () => {
      const accessString = AccessString.of(p.accessString);
      const user = p.kind === 'iam' ? new IamUser(stack, 'User', { userId: p.userId ?? 'app-user', accessString })
        : p.kind === 'nopassword' ? new NoPasswordUser(stack, 'User', { userId: p.userId, userName: p.userName, accessString })
          : new PasswordUser(stack, 'User', {
            userId: p.userId, userName: p.userName, accessString, vpc, passwordRotation: days(p.rotationDays),
          });
      new UserGroup(stack, 'Group', { userGroupId: p.userGroupId, users: [user] });
    }, 'Fuzz/', p.kind !== 'nopassword' && p.rotationDays !== 0); // no password or rotation turned off: rightly flagged
  }),
  target('GlobalDatastore+SecondaryReplicationGroup', globalProps, (p, stats) => {
    const { app, stack, vpc } = fuzzStack();
    const other = fuzzStack(p.secondaryRegion, app);
    return checkCase(stats, stack, () => {
      const primary = new ReplicationGroup(stack, 'Cache', { vpc, engine: p.primaryEngine?.(), nodeType: p.primaryNodeType?.() });
      const globalDatastore = new GlobalDatastore(stack, 'Global', { primary, globalReplicationGroupIdSuffix: p.suffix });
      new SecondaryReplicationGroup(other.stack, 'Cache', {
        globalDatastore,
        vpc: other.vpc,
        replicasPerShard: p.replicasPerShard,
        replicationGroupId: p.secondaryId,
        maintenanceWindow: p.maintenanceWindow,
      });
      // The secondary's template goes through the harness too.
      checkOther(other.stack);
    }, 'Fuzz/', (p.replicasPerShard ?? 1) > 0);
  }),
  target('CacheNetwork', networkProps, (p, stats) => {
    const { stack } = fuzzStack();
    return checkCase(stats, stack, () => {
      new CacheNetwork(stack, 'Network', { cidr: p.cidr, maxAzs: p.maxAzs });
    }, 'Fuzz/Network', true);
  }),
  target('auto scaling', scalingProps, (p, stats) => {
    const { stack, vpc } = fuzzStack();
    return checkCase(stats, stack, () => {
      const cache = new ReplicationGroup(stack, 'Cache', {
        vpc,
        clusterMode: p.clusterMode,
        engine: p.engine?.(),
        nodeType: p.nodeType?.(),
        numShards: p.clusterMode === ClusterMode.ENABLED ? 3 : undefined,
      });
      const scaling = p.dimension === 'shards'
        ? cache.autoScaleShards({ minCapacity: p.minCapacity, maxCapacity: p.maxCapacity })
        : cache.autoScaleReplicas({ minCapacity: p.minCapacity, maxCapacity: p.maxCapacity });
      if (p.target !== undefined) {
        if (p.metric === 'cpu') scaling.scaleOnCpu('Cpu', { targetUtilizationPercent: p.target });
        else if ('scaleOnMemory' in scaling) scaling.scaleOnMemory('Memory', { targetUtilizationPercent: p.target });
      }
    }, 'Fuzz/Cache', true);
  }),
];

/** A second stack of the case (a global datastore's secondary): a template error there throws, and the case reports it. */
function checkOther(stack: Stack): void {
  const errors = templateErrors(Template.fromStack(stack).toJSON());
  if (errors.length) throw new Error(`secondary template errors:\n  ${errors.join('\n  ')}`);
}

export { Duration };
