import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { generatedToken } from '../private/secrets';

/** Properties of an `AuthTokenSecret`. */
export interface AuthTokenSecretProps {
  /**
   * The KMS key encrypting the secret.
   * @default - the AWS managed key of Secrets Manager (not compliant with HIPAA, NIST, PCI packs)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * The description of the secret.
   * @default - none
   */
  readonly description?: string;
  /**
   * Length of the generated token (16-128).
   * @default 64
   */
  readonly length?: number;
}

/**
 * A Secrets Manager secret holding a generated ElastiCache AUTH token or user password.
 *
 * Only letters and digits are generated: ElastiCache accepts 16-128 printable characters
 * but on create only the specials `! & # $ ^ < > -` (API reference, `AuthToken`), and user
 * passwords reject the comma, the double quote, the slash and the at sign. Letters and digits
 * satisfy both, and 64 of them carry ~380 bits.
 *
 * `ReplicationGroup` renders the same secret for its generated AUTH token with L1 resources
 * (docs/decisions/0004-synth-cost.md).
 */
export class AuthTokenSecret extends secretsmanager.Secret {
  constructor(scope: Construct, id: string, props: AuthTokenSecretProps = {}) {
    super(scope, id, {
      description: props.description,
      encryptionKey: props.encryptionKey,
      generateSecretString: generatedToken(props.length),
    });
  }
}
