import { IPostProcessor, IResolvable, IResolveContext, ResourceEnvironment, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct, IDependable } from 'constructs';

const NO_CREATION_STACK: string[] = [];

/**
 * A resource policy document rendered from plain JSON statements (nothing to build or resolve
 * per statement), which `PolicyStatement`s added later (grants, `addToResourcePolicy`) join,
 * rendered when the template is, as `PolicyDocument` renders them: identical statements once
 * (docs/decisions/0004-synth-cost.md).
 */
export class LiteralPolicyDocument {
  /** The value of the resource's policy property. */
  public readonly document: { Statement: unknown[] | IResolvable; readonly Version: string };
  private readonly literal: object[];
  private readonly added: iam.PolicyStatement[] = [];

  constructor(statements: object[] = []) {
    this.literal = statements;
    this.document = { Statement: statements, Version: '2012-10-17' };
  }

  /** Adds a statement written as CloudFormation JSON. */
  public addLiteral(statement: object): void {
    this.literal.push(statement);
  }

  /** Adds a `PolicyStatement` (it may still change until the template is rendered). */
  public addStatement(statement: iam.PolicyStatement): void {
    if (this.added.length === 0) this.document.Statement = new RenderedStatements(this.literal, this.added);
    this.added.push(statement);
  }

  /** What `PolicyDocument.validateForResourcePolicy` checks, for the added statements. */
  public validateForResourcePolicy(): string[] {
    return this.added.flatMap((s) => s.validateForResourcePolicy());
  }
}

/** The literal statements and the added ones, without duplicates (as `PolicyDocument`). */
class RenderedStatements implements IResolvable, IPostProcessor {
  public readonly creationStack = NO_CREATION_STACK;

  constructor(private readonly literal: object[], private readonly added: iam.PolicyStatement[]) {}

  public resolve(context: IResolveContext): unknown[] {
    context.registerPostProcessor(this);
    return [...this.literal, ...this.added.map((s) => s.toStatementJson())];
  }

  public postProcess(statements: unknown[]): unknown[] {
    const seen = new Set<string>();
    return statements.filter((statement) => {
      const json = JSON.stringify(statement);
      if (seen.has(json)) return false;
      seen.add(json);
      return true;
    });
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/**
 * Makes `addToResourcePolicy` of an imported view (`kms.Key.fromKeyArn`,
 * `Secret.fromSecretAttributes`: a no-op there) add to the resource policy the construct renders,
 * so that grants needing the resource policy (a `ViaServicePrincipal`, another account) work as
 * on `kms.Key` and `Secret`.
 *
 * @param add adds the statement and returns what the policy's resource depends on
 */
export function acceptResourcePolicy(view: IConstruct, add: (statement: iam.PolicyStatement) => IDependable): void {
  Object.defineProperty(view, 'addToResourcePolicy', {
    value: (statement: iam.PolicyStatement): iam.AddToResourcePolicyResult => ({ statementAdded: true, policyDependable: add(statement) }),
  });
}

/**
 * Gives an imported view of a resource of this stack the stack's account and Region, as the L2
 * resource has (an ARN attribute only parses into tokens), so that grants to principals of the
 * account go to their IAM policies alone, as on `kms.Key` and `Secret`.
 */
export function inStackEnvironment(view: IConstruct): void {
  const stack = Stack.of(view);
  const env: ResourceEnvironment = { account: stack.account, region: stack.region };
  Object.defineProperty(view, 'env', { value: env });
}
