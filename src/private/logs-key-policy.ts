import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

const allowed = new WeakSet<kms.IKey>();

/**
 * Lets CloudWatch Logs of this Region use the key for log groups of this account, as the
 * CloudWatch Logs User Guide ("Encrypt log data in CloudWatch Logs using AWS KMS", step 2) requires
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html):
 * principal `logs.<region>.amazonaws.com`, condition `kms:EncryptionContext:aws:logs:arn`.
 * Added once per key however many log groups use it. Imported keys cannot be changed: their
 * policy must already allow it.
 */
export function allowCloudWatchLogs(key: kms.IKey): void {
  if (allowed.has(key)) return;
  allowed.add(key);
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }), true);
}
