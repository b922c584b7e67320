import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MEMCACHED_DEFAULT_PORT } from '../spec';
import { AzMode, IpDiscovery } from './options';
import type { MemcachedClusterProps } from './props';
import { NetworkType } from '../common/network-type';
import { CacheEngine } from '../engine';
import { MemcachedEngineVersion } from '../engine-version';
import { ISubnetGroup } from '../network/subnet-group';
import { NodeType } from '../node-type';
import { IParameterGroup } from '../parameter-group';

/**
 * The validated, defaulted settings of a Memcached cluster. Rules check this model;
 * the construct renders it.
 * @internal
 */
export class MemcachedClusterModel {
  public static fromProps(props: MemcachedClusterProps): MemcachedClusterModel {
    return new MemcachedClusterModel(props);
  }

  // Placement and collaborators, as given (the constructor renders them).
  public readonly vpc: ec2.IVpc;
  public readonly vpcSubnets?: ec2.SubnetSelection;
  public readonly subnetGroup?: ISubnetGroup;
  public readonly securityGroups?: ec2.ISecurityGroup[];
  public readonly parameterGroup?: IParameterGroup;
  public readonly notificationTopic?: sns.ITopic;
  public readonly networkType?: NetworkType;
  public readonly ipDiscovery?: IpDiscovery;
  /** `nodeType` was given explicitly (not defaulted). */
  public readonly nodeTypeGiven: boolean;
  public readonly engine: CacheEngine;
  public readonly nodeType: NodeType;
  public readonly numNodes: number;
  public readonly azMode: AzMode;
  public readonly preferredAvailabilityZones?: string[];
  public readonly transitEncryption: boolean;
  public readonly port: number;
  public readonly parameters?: { [name: string]: string };
  public readonly maintenanceWindow?: string;
  public readonly autoMinorVersionUpgrade: boolean;
  public readonly cacheClusterId?: string;
  public readonly removalPolicy: RemovalPolicy;

  private constructor(props: MemcachedClusterProps) {
    this.vpc = props.vpc;
    this.vpcSubnets = props.vpcSubnets;
    this.subnetGroup = props.subnetGroup;
    this.securityGroups = props.securityGroups;
    this.parameterGroup = props.parameterGroup;
    this.notificationTopic = props.notificationTopic;
    this.networkType = props.networkType;
    this.ipDiscovery = props.ipDiscovery;
    this.nodeTypeGiven = props.nodeType !== undefined;
    this.engine = props.engine ?? CacheEngine.memcached(MemcachedEngineVersion.VER_1_6_22);
    this.nodeType = props.nodeType ?? NodeType.R7G_LARGE;
    this.numNodes = props.numNodes ?? 2;
    const multiNode = Token.isUnresolved(this.numNodes) || this.numNodes > 1;
    this.azMode = props.azMode ?? (multiNode ? AzMode.CROSS_AZ : AzMode.SINGLE_AZ);
    this.preferredAvailabilityZones = props.preferredAvailabilityZones;
    this.transitEncryption = props.transitEncryption ?? true;
    this.port = props.port ?? MEMCACHED_DEFAULT_PORT;
    this.parameters = props.parameters;
    this.maintenanceWindow = props.maintenanceWindow?.toLowerCase();
    this.autoMinorVersionUpgrade = props.autoMinorVersionUpgrade ?? true;
    this.cacheClusterId = props.cacheClusterId;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
  }

  /** True when the value is known at synth time. */
  public known(value: unknown): boolean {
    return value !== undefined && !Token.isUnresolved(value);
  }
}
