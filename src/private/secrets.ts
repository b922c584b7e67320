import { Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { allowSecretsManager, CacheKey, literalsOf } from './kms';
import { acceptResourcePolicy, inStackEnvironment, LiteralPolicyDocument } from './literal-policy';

/** What `AuthTokenSecret` generates: letters and digits (its TSDoc says why). */
export function generatedToken(length: number = 64): secretsmanager.SecretStringGenerator {
  return { passwordLength: length, excludePunctuation: true, includeSpace: false };
}

/**
 * The name of a secret CloudFormation named, from its ARN, as `Secret` renders it (CDK v2 always
 * parses owned secret names): `arn:...:secret:<logical id>-<random>-<suffix>` gives
 * `<logical id>-<random>`.
 */
function ownedSecretName(secretArn: string): string {
  const nameAndSuffix = Fn.split('-', Fn.select(6, Fn.split(':', secretArn)));
  return Fn.join('-', [Fn.select(0, nameAndSuffix), Fn.select(1, nameAndSuffix)]);
}

/** Properties of a `GeneratedAuthToken`. */
export interface GeneratedAuthTokenProps {
  /**
   * The key encrypting the secret: the cache's own `CacheKey`, or a key given by the user (granted
   * to Secrets Manager now, as `Secret` does).
   */
  readonly encryptionKey?: kms.IKey | CacheKey;
  readonly description: string;
}

/**
 * A generated AUTH token: what `new AuthTokenSecret(scope, id, ...)` renders, as a `CfnSecret` at
 * `<id>/Resource` (the logical id `Secret` gives it). Its `ISecret`
 * (`Secret.fromSecretAttributes`, at `<id>/View`) is created on first use
 * (docs/decisions/0004-synth-cost.md). It behaves as `Secret`: `addToResourcePolicy` (and grants
 * that need the resource policy) add to the secret's resource policy, created when first needed.
 */
export class GeneratedAuthToken {
  /** The construct at `<id>`, parent of the secret's resources. */
  public readonly scope: Construct;
  /** The ARN of the secret (its `Ref`). */
  public readonly secretArn: string;
  /** The ARN of its key, when it has one. */
  public readonly encryptionKeyArn?: string;
  private readonly encryptionKey?: kms.IKey | CacheKey;
  private view?: secretsmanager.ISecret;
  /** The resource policy, once there is one (`<id>/Policy`, where `Secret` puts it). */
  private policy?: { readonly scope: Construct; readonly document: LiteralPolicyDocument };

  constructor(scope: Construct, id: string, props: GeneratedAuthTokenProps) {
    this.scope = new Construct(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.encryptionKeyArn = props.encryptionKey?.keyArn;
    const resource = new secretsmanager.CfnSecret(this.scope, 'Resource', {
      description: props.description,
      kmsKeyId: this.encryptionKeyArn,
      generateSecretString: generatedToken(),
    });
    resource.applyRemovalPolicy(RemovalPolicy.DESTROY);
    this.secretArn = resource.ref;
    if (props.encryptionKey && !(props.encryptionKey instanceof CacheKey)) allowSecretsManager(props.encryptionKey, Stack.of(scope));
  }

  /** The `ISecret` of the secret, created on first use. */
  public get secret(): secretsmanager.ISecret {
    if (!this.view) {
      const view = secretsmanager.Secret.fromSecretAttributes(this.scope, 'View', {
        secretCompleteArn: this.secretArn,
        encryptionKey: this.encryptionKey instanceof CacheKey ? this.encryptionKey.key : this.encryptionKey,
      });
      // The name `Secret` gives a secret of its stack: the generated name without the 6-character
      // suffix of the ARN (an import parses the last ARN field, suffix included).
      Object.defineProperty(view, 'secretName', { value: ownedSecretName(this.secretArn) });
      inStackEnvironment(view);
      acceptResourcePolicy(view, (statement) => {
        const policy = this.resourcePolicy();
        policy.document.addStatement(statement);
        return policy.scope;
      });
      // Schedules where Secret puts them (`<id>/<schedule id>`): the same logical ids.
      Object.defineProperty(view, 'addRotationSchedule', {
        value: (id: string, options: secretsmanager.RotationScheduleOptions): secretsmanager.RotationSchedule =>
          new secretsmanager.RotationSchedule(this.scope, id, { ...options, secret: view }),
      });
      this.view = view;
    }
    return this.view;
  }

  /**
   * What `secret.denyAccountRootDelete()` renders for a secret of this stack, as a literal
   * statement of its resource policy.
   */
  public denyAccountRootDelete(): void {
    this.resourcePolicy().document.addLiteral({
      Action: 'secretsmanager:DeleteSecret', Effect: 'Deny', Principal: literalsOf(Stack.of(this.scope)).accountRoot, Resource: '*',
    });
  }

  /**
   * The resource policy, created on first use as `Secret` creates its `ResourcePolicy`: a
   * `CfnResourcePolicy` at `<id>/Policy/Resource` (the same logical id).
   */
  private resourcePolicy(): { readonly scope: Construct; readonly document: LiteralPolicyDocument } {
    if (!this.policy) {
      const scope = new Construct(this.scope, 'Policy');
      const document = new LiteralPolicyDocument();
      new secretsmanager.CfnResourcePolicy(scope, 'Resource', { secretId: this.secretArn, resourcePolicy: document.document });
      scope.node.addValidation({ validate: () => document.validateForResourcePolicy() });
      this.policy = { scope, document };
    }
    return this.policy;
  }
}
