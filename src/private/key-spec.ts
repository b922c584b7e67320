import { Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { kmsKeySpecProblem } from '../spec';

/**
 * An encryption key ElastiCache cannot use: a `kms.Key` of this app whose spec is not SYMMETRIC_DEFAULT
 * (src/spec `kmsKeySpecProblem`). Imported keys are not known and pass.
 */
export function encryptionKeySpecProblem(key: kms.IKey | undefined): string | undefined {
  const cfn = key instanceof kms.Key ? key.node.defaultChild : undefined;
  const spec = cfn instanceof kms.CfnKey ? cfn.keySpec : undefined;
  return typeof spec === 'string' && !Token.isUnresolved(spec) ? kmsKeySpecProblem('encryptionKey', spec) : undefined;
}
