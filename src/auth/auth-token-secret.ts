import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Properties of an `AuthTokenSecret`. */
export interface AuthTokenSecretProps {
  /**
   * The KMS key encrypting the secret.
   * @default - the AWS managed key of Secrets Manager
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * The description of the secret.
   * @default - none
   */
  readonly description?: string;
}

/**
 * The secret `ReplicationGroup` generates for its AUTH token: a plain `secretsmanager.Secret`
 * (not part of the public API: `cache.authTokenSecret` is typed `ISecret`).
 *
 * Only letters and digits are generated: ElastiCache accepts 16-128 printable characters
 * but on create only the specials `! & # $ ^ < > -` (API reference, `AuthToken`:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html),
 * and user passwords reject the comma, the double quote, the slash and the at sign. Letters and
 * digits satisfy both, and 64 of them carry ~380 bits.
 */
export class AuthTokenSecret extends secretsmanager.Secret {
  constructor(scope: Construct, id: string, props: AuthTokenSecretProps = {}) {
    super(scope, id, {
      description: props.description,
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
  }
}
