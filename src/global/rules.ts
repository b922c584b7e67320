import { Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CacheEngine, EngineType } from '../engine';
import { NodeType } from '../node-type';
import { show } from '../private/errors';
import { encryptionKeySpecProblem } from '../private/key-spec';
import { checkIdentifier, checkIntegerRange, checkMaintenanceWindow, ValidationRule } from '../private/validation';
import { compareVersions } from '../private/version';
import { GLOBAL_DATASTORE_REDIS_VERSION, MAX_REPLICAS_PER_SHARD, MIN_REPLICAS_PER_SHARD, REPLICATION_GROUP_ID_MAX_LENGTH } from '../spec';

/*
 * The rules of a global datastore and of its secondaries, each with its source.
 */

/** Up to two secondary Regions (ElastiCache User Guide 2023, Redis-Global-Datastores-Getting-Started). */
export const MAX_SECONDARIES = 2;
/**
 * Node type families documented for global datastores: R5, R6g, R6gd, M5, M6g (2023 User Guide); the
 * current list was not found. R7g and M7g are added by inference (same generation as the Valkey default
 * node type); any other family gets a warning, not an error.
 */
const DOCUMENTED_FAMILIES = ['r5', 'r6g', 'r6gd', 'm5', 'm6g', 'r7g', 'm7g'];

/** What the rules of a global datastore look at. @internal */
export interface GlobalModel {
  readonly engine: CacheEngine;
  readonly nodeType: NodeType;
  readonly atRest: boolean;
  readonly transit: boolean;
  readonly suffix?: string;
}

export const GLOBAL_DATASTORE_RULES: ValidationRule<GlobalModel>[] = [
  {
    // Engine Redis OSS 5.0.6+ or Valkey (User Guide, Redis-Global-Datastores-Getting-Started; botocore).
    code: 'GlobalDatastore.Engine',
    check: (m) => m.engine.engineType === EngineType.REDIS && !Token.isUnresolved(m.engine.version)
      && compareVersions(m.engine.version, GLOBAL_DATASTORE_REDIS_VERSION) < 0
      ? `a global datastore needs Redis OSS ${GLOBAL_DATASTORE_REDIS_VERSION} or later or Valkey, got primary engine ${show(m.engine.toString())}`
      : undefined,
  },
  {
    // Members inherit encryption from the primary and cannot set it (terraform replication_group.go ConflictsWith);
    // the library requires it so every Region's copy of the data is encrypted.
    code: 'GlobalDatastore.Encryption',
    check: (m) => !m.atRest || !m.transit
      ? `the primary must encrypt data at rest and in transit (secondaries inherit both and cannot change them), got atRestEncryption ${m.atRest}, transitEncryption ${m.transit}`
      : undefined,
  },
  {
    code: 'GlobalDatastore.NodeType',
    severity: 'warning',
    check: (m) => m.nodeType.family !== undefined && !DOCUMENTED_FAMILIES.includes(m.nodeType.family)
      ? `nodeType ${m.nodeType.name}: global datastores are documented for the ${DOCUMENTED_FAMILIES.join(', ')} families; check the current ElastiCache documentation before deploying`
      : undefined,
  },
  {
    code: 'GlobalDatastore.Suffix',
    check: (m) => m.suffix !== undefined && !Token.isUnresolved(m.suffix) && !/^[a-zA-Z0-9-]+$/.test(m.suffix)
      ? `globalReplicationGroupIdSuffix must be letters, digits or hyphens, got ${show(m.suffix)}`
      : undefined,
  },
];

/** What the rules of a secondary look at. @internal */
export interface SecondaryModel {
  readonly replicationGroupId?: string;
  readonly maintenanceWindow?: string;
  readonly replicas: number;
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
  readonly encryptionKey?: kms.IKey;
}

export const SECONDARY_REPLICATION_GROUP_RULES: ValidationRule<SecondaryModel>[] = [
  {
    // Symmetric keys only (User Guide at-rest-encryption.html).
    code: 'SecondaryReplicationGroup.EncryptionKeySpec',
    check: (m) => encryptionKeySpecProblem(m.encryptionKey),
  },
  {
    code: 'SecondaryReplicationGroup.Id',
    check: (m) => checkIdentifier('replicationGroupId', m.replicationGroupId, REPLICATION_GROUP_ID_MAX_LENGTH),
  },
  { code: 'SecondaryReplicationGroup.ReplicasPerShard', check: (m) => checkIntegerRange('replicasPerShard', m.replicas, MIN_REPLICAS_PER_SHARD, MAX_REPLICAS_PER_SHARD) },
  {
    code: 'SecondaryReplicationGroup.MultiAzFailover',
    check: (m) => m.multiAz && !m.automaticFailover ? 'multiAz requires automaticFailover: true, got automaticFailover false' : undefined,
  },
  {
    code: 'SecondaryReplicationGroup.MultiAzReplicas',
    check: (m) => m.multiAz && m.replicas < 1
      ? 'multiAz needs at least 1 replica per shard, got replicasPerShard 0; add a replica or set multiAz: false'
      : undefined,
  },
  {
    code: 'SecondaryReplicationGroup.FailoverReplicas',
    check: (m) => m.automaticFailover && m.replicas < 1
      ? 'automaticFailover needs at least 1 replica, got replicasPerShard 0; add a replica or set automaticFailover: false (and multiAz: false)'
      : undefined,
  },
  {
    code: 'SecondaryReplicationGroup.MaintenanceWindow',
    check: (m) => checkMaintenanceWindow('maintenanceWindow', m.maintenanceWindow),
  },
];
