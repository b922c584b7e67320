import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogType } from '../../engine';
import { allowCloudWatchLogs } from '../../private/logs-key-policy';
import { LogDelivery, LogFormat } from '../log-delivery';

/** One rendered `LogDeliveryConfigurations` entry and the log group behind it. */
export interface RenderedLogDelivery {
  readonly logType: LogType;
  readonly logGroup: logs.ILogGroup;
  /** The name to render: the `Ref` of a log group created here, `logGroupName` of a given one. */
  readonly logGroupName: string;
  readonly format: LogFormat;
}

/** What `renderLogDeliveries` needs from the cache. */
export interface LogDeliveryContext {
  /** The cache's at-rest KMS key, when there is one (its own or the key it was given). */
  readonly cacheKey?: kms.IKey;
  /** The cache's removal policy: DESTROY caches get DESTROY log groups, others RETAIN. */
  readonly cacheRemovalPolicy?: RemovalPolicy;
}

/**
 * Creates one log group per enabled log type (construct ids `SlowLog` / `EngineLog`, names generated
 * by CloudFormation, so they never collide) and returns the configurations to render.
 */
export function renderLogDeliveries(
  scope: Construct,
  deliveries: Array<{ logType: LogType; delivery: LogDelivery }>,
  context: LogDeliveryContext,
): RenderedLogDelivery[] {
  const rendered: RenderedLogDelivery[] = [];
  for (const { logType, delivery } of deliveries) {
    if (!delivery.enabled) continue;
    const o = delivery.options;
    let logGroup = o.logGroup;
    let logGroupName = logGroup?.logGroupName;
    if (!logGroup) {
      // No key when the cache has none and none was given: CloudWatch Logs then encrypts with its
      // service-owned keys (HIPAA/NIST/PCI packs flag CloudWatchLogGroupEncrypted; pass encryptionKey).
      const key = o.encryptionKey ?? context.cacheKey;
      // Once per key however many log groups use it.
      if (key) allowCloudWatchLogs(key);
      const id = logType === LogType.SLOW_LOG ? 'SlowLog' : 'EngineLog';
      const group = new logs.LogGroup(scope, id, {
        retention: o.retention ?? logs.RetentionDays.ONE_YEAR,
        encryptionKey: key,
        removalPolicy: o.removalPolicy ?? (context.cacheRemovalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN),
      });
      logGroup = group;
      logGroupName = group.logGroupName;
    }
    rendered.push({ logType, logGroup, logGroupName: logGroupName!, format: o.format ?? LogFormat.JSON });
  }
  return rendered;
}

