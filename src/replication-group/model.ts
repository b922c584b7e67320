import { Duration, RemovalPolicy, SecretValue, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { ClusterMode, ShardConfiguration, TransitEncryptionMode } from './options';
import type { ReplicationGroupProps } from './props';
import { NetworkType } from '../common/network-type';
import { CacheEngine, LogType } from '../engine';
import { LogDelivery } from '../monitoring/log-delivery';
import { ISubnetGroup } from '../network/subnet-group';
import { NodeType } from '../node-type';
import { IParameterGroup } from '../parameter-group';
import { IUserGroup } from '../rbac/user-group-ref';

const RENDERED = new WeakMap<IConstruct, ReplicationGroupModel>();

/**
 * The validated, defaulted settings of a replication group: what the props mean once
 * every default is applied. Rules check this model; the construct renders it.
 * @internal
 */
export class ReplicationGroupModel {
  public static fromProps(props: ReplicationGroupProps): ReplicationGroupModel {
    return new ReplicationGroupModel(props);
  }

  /** The model a defined replication group rendered (for constructs built on it, e.g. a global datastore). */
  public static of(group: IConstruct): ReplicationGroupModel | undefined {
    return RENDERED.get(group);
  }

  /** Records the model `group` rendered. */
  public static register(group: IConstruct, model: ReplicationGroupModel): void {
    RENDERED.set(group, model);
  }

  // Placement and collaborators, as given (the constructor renders them).
  public readonly vpc: ec2.IVpc;
  public readonly vpcSubnets?: ec2.SubnetSelection;
  public readonly subnetGroup?: ISubnetGroup;
  public readonly securityGroups?: ec2.ISecurityGroup[];
  /** The key given by the user (undefined: the cache creates one when encrypted at rest). */
  public readonly encryptionKey?: kms.IKey;
  /** The parameter group given by the user (undefined: the cache creates one from `parameters`). */
  public readonly parameterGroup?: IParameterGroup;
  public readonly userGroup?: IUserGroup;
  public readonly notificationTopic?: sns.ITopic;
  public readonly description?: string;

  // "Was given" facts some rules need.
  /** `numShards` was given explicitly. */
  public readonly numShardsGiven?: number;
  /** `transitEncryptionMode` as given (undefined when defaulted). */
  public readonly transitEncryptionModeGiven?: TransitEncryptionMode;
  /** `parameters` as given, before the library adds `cluster-enabled`. */
  public readonly parametersGiven?: { [name: string]: string };

  public readonly engine: CacheEngine;
  public readonly nodeType: NodeType;
  public readonly clusterMode: ClusterMode;
  public readonly numShards: number;
  public readonly replicasPerShard: number;
  public readonly shards?: ShardConfiguration[];
  public readonly preferredAvailabilityZones?: string[];
  public readonly multiAz: boolean;
  public readonly automaticFailover: boolean;
  public readonly atRestEncryption: boolean;
  public readonly transitEncryption: boolean;
  public readonly transitEncryptionMode: TransitEncryptionMode;
  public readonly authTokenEnabled: boolean;
  public readonly authToken?: SecretValue;
  public readonly authTokenRotation: Duration;
  public readonly port: number;
  public readonly parameters: { [name: string]: string };
  public readonly snapshotRetention: Duration;
  public readonly snapshotRetentionDays: number;
  public readonly snapshotWindow?: string;
  public readonly maintenanceWindow?: string;
  public readonly snapshotArns?: string[];
  public readonly snapshotName?: string;
  public readonly autoMinorVersionUpgrade: boolean;
  public readonly dataTiering?: boolean;
  public readonly networkType?: NetworkType;
  public readonly replicationGroupId?: string;
  public readonly removalPolicy: RemovalPolicy;
  public readonly slowLog: LogDelivery;
  public readonly engineLog: LogDelivery;
  /** Preset values that explicit props replaced, as `prop: preset value -> given value` (for info annotations). */
  public readonly presetOverrides: string[] = [];

  private constructor(props: ReplicationGroupProps) {
    this.vpc = props.vpc;
    this.vpcSubnets = props.vpcSubnets;
    this.subnetGroup = props.subnetGroup;
    this.securityGroups = props.securityGroups;
    this.encryptionKey = props.encryptionKey;
    this.parameterGroup = props.parameterGroup;
    this.userGroup = props.userGroup;
    this.notificationTopic = props.notificationTopic;
    this.description = props.description;
    this.numShardsGiven = props.numShards;
    this.transitEncryptionModeGiven = props.transitEncryptionMode;
    this.parametersGiven = props.parameters;
    // Precedence: explicit props > preset > library defaults.
    const preset = props.preset?.spec;
    const pick = <T>(name: string, given: T | undefined, fromPreset: T | undefined, fallback: T, show: (v: T) => string = String): T => {
      if (given !== undefined && fromPreset !== undefined && show(given) !== show(fromPreset)) {
        this.presetOverrides.push(`${name}: preset ${props.preset!.name} has ${show(fromPreset)}, ${show(given)} was given`);
      }
      return given ?? fromPreset ?? fallback;
    };
    this.engine = props.engine ?? CacheEngine.VALKEY_8_2;
    this.nodeType = pick('nodeType', props.nodeType, preset?.nodeType, NodeType.R7G_LARGE, (n) => n.name);
    this.clusterMode = pick('clusterMode', props.clusterMode,
      preset ? (preset.clusterModeEnabled ? ClusterMode.ENABLED : ClusterMode.DISABLED) : undefined, ClusterMode.DISABLED);
    const cme = this.clusterMode !== ClusterMode.DISABLED;
    this.numShards = pick('numShards', props.numShards ?? props.shards?.length, cme ? preset?.numShards : undefined,
      this.clusterMode === ClusterMode.ENABLED ? 3 : 1);
    this.replicasPerShard = pick('replicasPerShard', props.replicasPerShard, preset?.replicasPerShard, 1);
    this.shards = props.shards;
    this.preferredAvailabilityZones = props.preferredAvailabilityZones;
    this.multiAz = pick('multiAz', props.multiAz, preset?.multiAz, true);
    // A preset without Multi-AZ and without replicas (DEVELOPMENT) cannot fail over either.
    this.automaticFailover = props.automaticFailover ?? (preset ? (preset.multiAz || cme || preset.replicasPerShard > 0) : true);
    this.atRestEncryption = props.atRestEncryption ?? true;
    this.transitEncryption = props.transitEncryption ?? true;
    this.transitEncryptionMode = props.transitEncryptionMode ?? TransitEncryptionMode.REQUIRED;
    // An RBAC user group replaces the AUTH token (mutually exclusive, elasticache-rules.md §1.2).
    this.authTokenEnabled = props.authTokenEnabled ?? props.userGroup === undefined;
    this.authToken = props.authToken;
    this.authTokenRotation = props.authTokenRotation ?? Duration.days(30);
    this.port = props.port ?? this.engine.defaultPort;
    const clusterEnabled = cme ? 'yes' : 'no';
    this.parameters = { 'cluster-enabled': clusterEnabled, ...props.parameters };
    this.snapshotRetention = pick('snapshotRetention', props.snapshotRetention,
      preset ? Duration.days(preset.snapshotRetentionDays) : undefined, Duration.days(15), (d) => `${d.toDays({ integral: false })} days`);
    this.snapshotRetentionDays = this.snapshotRetention.toDays({ integral: false });
    this.snapshotWindow = props.snapshotWindow;
    this.maintenanceWindow = props.maintenanceWindow?.toLowerCase();
    this.snapshotArns = props.snapshotArns;
    this.snapshotName = props.snapshotName;
    this.autoMinorVersionUpgrade = props.autoMinorVersionUpgrade ?? true;
    this.dataTiering = props.dataTiering ?? (this.nodeType.dataTiering ? true : undefined);
    this.networkType = props.networkType;
    this.replicationGroupId = props.replicationGroupId;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    // Slow log on by default where the engine can deliver it (Redis OSS 6.0+, Valkey); engine log opt-in.
    this.slowLog = props.slowLog
      ?? (this.engine.logTypes.includes(LogType.SLOW_LOG) ? LogDelivery.cloudWatch() : LogDelivery.disabled());
    this.engineLog = props.engineLog ?? LogDelivery.disabled();
  }

  /** Cluster mode enabled or compatible: shards behind a configuration endpoint. */
  public get sharded(): boolean {
    return this.clusterMode !== ClusterMode.DISABLED;
  }

  /** Total number of nodes. */
  public get nodeCount(): number {
    return this.numShards * (1 + this.replicasPerShard);
  }

  /** True when the value is known at synth time. */
  public known(value: unknown): boolean {
    return value !== undefined && !Token.isUnresolved(value);
  }
}
