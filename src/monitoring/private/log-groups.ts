import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogType } from '../../engine';
import { LogDelivery, LogFormat } from '../log-delivery';

/** One rendered `LogDeliveryConfigurations` entry and the log group behind it. */
export interface RenderedLogDelivery {
  readonly logType: LogType;
  readonly logGroup: logs.ILogGroup;
  readonly format: LogFormat;
}

/** What `renderLogDeliveries` needs from the cache. */
export interface LogDeliveryContext {
  /** The cache's at-rest KMS key, when there is one. */
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
  const keysWithPolicy = new Set<kms.IKey>();
  for (const { logType, delivery } of deliveries) {
    if (!delivery.enabled) continue;
    const o = delivery.options;
    let logGroup = o.logGroup;
    if (!logGroup) {
      // No key when the cache has none and none was given: CloudWatch Logs then encrypts with its
      // service-owned keys (HIPAA/NIST/PCI packs flag CloudWatchLogGroupEncrypted; pass encryptionKey).
      const key = o.encryptionKey ?? context.cacheKey;
      if (key && !keysWithPolicy.has(key)) {
        allowCloudWatchLogs(key);
        keysWithPolicy.add(key);
      }
      const id = logType === LogType.SLOW_LOG ? 'SlowLog' : 'EngineLog';
      const group = new logs.LogGroup(scope, id, {
        retention: o.retention ?? logs.RetentionDays.ONE_YEAR,
        encryptionKey: key,
        removalPolicy: o.removalPolicy ?? (context.cacheRemovalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN),
      });
      logGroup = group;
    }
    rendered.push({ logType, logGroup, format: o.format ?? LogFormat.JSON });
  }
  return rendered;
}

/**
 * Lets CloudWatch Logs of this region use the key for log groups of this account, as the
 * CloudWatch Logs User Guide ("Encrypt log data in CloudWatch Logs using AWS KMS", step 2) requires:
 * principal `logs.<region>.amazonaws.com`, condition `kms:EncryptionContext:aws:logs:arn`.
 * Imported keys cannot be changed: their policy must already allow it.
 */
function allowCloudWatchLogs(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }), true);
}
