import { Annotations, CfnResource, IAspect, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { RULES } from './rules';

/**
 * A cdk-nag (v3) rule pack for Amazon ElastiCache: every `AWS::ElastiCache::*` resource of the app — written by
 * hand as L1 or by this library — is checked for Multi-AZ with automatic failover, replicas in every shard,
 * encryption at rest with a customer-managed key, TLS required, authentication on and the `default` user closed,
 * 15 days of backups, current-generation and non-burstable node types, engine versions in standard support,
 * slow-log delivery, own security groups and private subnets. Rules are reported as `ElastiCache-<Rule>` and
 * acknowledged like every cdk-nag rule: `Validations.of(resource).acknowledge({ id: 'ElastiCache-MultiAZ', reason })`.
 *
 * It also runs as an Aspect, the cdk-nag v2 way (`Aspects.of(app).add(new ElastiCacheChecks())`): each
 * unacknowledged finding is then an error annotation on its resource.
 *
 * @example
 * import { App, Validations } from 'aws-cdk-lib';
 *
 * const app = new App();
 * Validations.of(app).addPlugins(new ElastiCacheChecks(app));
 */
export class ElastiCacheChecks extends NagPack implements IAspect {
  /** The name of the pack, the prefix of its rule ids. */
  public readonly name = 'ElastiCache';
  private readonly scope?: IConstruct;

  /**
   * @param scope the app (or stage) the pack validates when the CDK's validation context carries no construct tree
   * @param props cdk-nag options (`verbose` adds each rule's explanation and source to its message)
   */
  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'ElastiCache';
    this.scope = scope;
  }

  /**
   * Called by the CDK during synthesis (`Validations.of(app).addPlugins(...)`). CDK versions whose validation
   * context has no construct tree (aws-cdk-lib 2.257) make cdk-nag's own packs fail there; this pack then
   * validates the scope it was created with.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const tree = (context as { appConstruct?: IConstruct }).appConstruct ?? this.scope;
    return tree ? this.validateScope(tree) : super.validate(context);
  }

  /**
   * Runs the pack as an Aspect (`Aspects.of(app).add(new ElastiCacheChecks())`, the cdk-nag v2 style): every
   * unacknowledged finding on a CloudFormation resource becomes an error annotation on it,
   * `<rule id>: <info>`, which fails `cdk synth` and `Annotations.fromStack(stack).findError(...)` finds.
   */
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    for (const violation of this.validateScope(node).violations) {
      if (violation.violatingResources.some((r) => r.constructPath === node.node.path)) {
        Annotations.of(node).addError(`${violation.ruleName}: ${violation.description}`);
      }
    }
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of RULES) {
      if (!rule.resourceTypes.includes(node.cfnResourceType)) continue;
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: rule.level,
        rule: rule.check,
        node,
      });
    }
  }
}
