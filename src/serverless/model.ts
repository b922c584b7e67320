import { Duration, RemovalPolicy, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import type { CacheUsageLimits, ServerlessCacheProps } from './props';
import { CacheEngine } from '../engine';

/**
 * The validated, defaulted settings of a serverless cache. Rules check this model;
 * the construct renders it.
 * @internal
 */
export class ServerlessCacheModel {
  public static fromProps(props: ServerlessCacheProps): ServerlessCacheModel {
    return new ServerlessCacheModel(props);
  }

  public readonly props: ServerlessCacheProps;
  public readonly engine: CacheEngine;
  public readonly limits: CacheUsageLimits;
  public readonly dataStorageMinimumGb?: number;
  public readonly dataStorageMaximumGb?: number;
  public readonly snapshotRetention?: Duration;
  public readonly snapshotRetentionDays?: number;
  public readonly removalPolicy: RemovalPolicy;

  private constructor(props: ServerlessCacheProps) {
    this.props = props;
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
