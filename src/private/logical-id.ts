import { CfnElement, IResolvable, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Computes the logical id of every CloudFormation element under `scope` once, when it is first
 * resolved during synthesis, instead of at every reference.
 *
 * `CfnElement.logicalId` is uncached: each `Ref`, `Fn::GetAtt`, `DependsOn` and metadata entry
 * resolved (in the reference, template and tree passes of a synthesis) recomputes it, an MD5 of
 * the construct path for nested elements. A cache's resources are referenced tens of times each
 * and the shared rotation function's hundreds of times (docs/decisions/0004-synth-cost.md).
 *
 * The id is the stack's own (`Stack.getLogicalId`, computed at synthesis time: `renameLogicalId`
 * and `allocateLogicalId` overrides still apply); `overrideLogicalId` still replaces it.
 */
export function computeLogicalIdsOnce(scope: IConstruct): void {
  for (const construct of scope.node.findAll()) {
    if (CfnElement.isCfnElement(construct)) computeLogicalIdOnce(construct);
  }
}

/** See `computeLogicalIdsOnce`. */
export function computeLogicalIdOnce(element: CfnElement): void {
  element.overrideLogicalId(Token.asString(new LogicalIdOnce(element)));
}

const NO_CREATION_STACK: string[] = [];

/** The stack's logical id of an element, computed when first resolved (a cached `Lazy.string`, lighter). */
class LogicalIdOnce implements IResolvable {
  public readonly creationStack = NO_CREATION_STACK;
  private logicalId?: string;

  constructor(private readonly element: CfnElement) {}

  public resolve(): string {
    this.logicalId ??= this.element.stack.getLogicalId(this.element);
    return this.logicalId;
  }

  public toString(): string {
    return Token.asString(this);
  }
}
