import { Duration, RemovalPolicy, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { CacheUsageLimits, ServerlessCacheProps } from './props';
import { CacheEngine } from '../engine';
import { IUserGroup } from '../rbac/user-group-ref';

/**
 * The validated, defaulted settings of a serverless cache. Rules check this model;
 * the construct renders it.
 * @internal
 */
export class ServerlessCacheModel {
  public static fromProps(props: ServerlessCacheProps): ServerlessCacheModel {
    return new ServerlessCacheModel(props);
  }

  // As given (the constructor renders them; rules check them).
  public readonly vpc: ec2.IVpc;
  public readonly vpcSubnets?: ec2.SubnetSelection;
  public readonly securityGroups?: ec2.ISecurityGroup[];
  public readonly encryptionKey?: kms.IKey;
  public readonly userGroup?: IUserGroup;
  public readonly serverlessCacheName?: string;
  public readonly description?: string;
  public readonly dailySnapshotTime?: string;
  public readonly finalSnapshotName?: string;
  public readonly snapshotArnsToRestore?: string[];
  public readonly engine: CacheEngine;
  public readonly limits: CacheUsageLimits;
  public readonly dataStorageMinimumGb?: number;
  public readonly dataStorageMaximumGb?: number;
  public readonly snapshotRetention?: Duration;
  public readonly snapshotRetentionDays?: number;
  public readonly removalPolicy: RemovalPolicy;

  private constructor(props: ServerlessCacheProps) {
    this.vpc = props.vpc;
    this.vpcSubnets = props.vpcSubnets;
    this.securityGroups = props.securityGroups;
    this.encryptionKey = props.encryptionKey;
    this.userGroup = props.userGroup;
    this.serverlessCacheName = props.serverlessCacheName;
    this.description = props.description;
    this.dailySnapshotTime = props.dailySnapshotTime;
    this.finalSnapshotName = props.finalSnapshotName;
    this.snapshotArnsToRestore = props.snapshotArnsToRestore;
    this.engine = props.engine ?? CacheEngine.VALKEY_8_2;
    this.limits = props.cacheUsageLimits ?? {};
    this.dataStorageMinimumGb = gb(this.limits.dataStorageMinimumSize);
    this.dataStorageMaximumGb = gb(this.limits.dataStorageMaximumSize);
    this.snapshotRetention = props.snapshotRetention;
    this.snapshotRetentionDays = props.snapshotRetention?.toDays({ integral: false });
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
  }

  /** True when the value is known at synth time. */
  public known(value: unknown): boolean {
    return value !== undefined && !Token.isUnresolved(value);
  }
}

function gb(size: Size | undefined): number | undefined {
  return size === undefined ? undefined : size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
}
