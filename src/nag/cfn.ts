import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleResult } from 'cdk-nag';
import { NodeType } from '../node-type';

/** ElastiCache resource types the rules read. */
export const REPLICATION_GROUP = 'AWS::ElastiCache::ReplicationGroup';
export const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster';
export const SERVERLESS_CACHE = 'AWS::ElastiCache::ServerlessCache';
export const SUBNET_GROUP = 'AWS::ElastiCache::SubnetGroup';
export const USER = 'AWS::ElastiCache::User';
export const USER_GROUP = 'AWS::ElastiCache::UserGroup';

/** One rule of the ElastiCache pack: its id suffix, messages (with their source) and check. */
export interface ElastiCacheRule {
  /** Rule id suffix: the rule is reported as `ElastiCache-<id>`. */
  readonly id: string;
  /** Why the rule was triggered (with the source). */
  readonly info: string;
  /** Why the rule exists. */
  readonly explanation: string;
  readonly level: NagMessageLevel;
  /** Resource types the rule reads; every other type is not applicable. */
  readonly resourceTypes: string[];
  readonly check: (node: CfnResource) => NagRuleResult;
}

/**
 * The resource's properties as they will be deployed: CloudFormation names, overrides applied,
 * tokens resolved (references stay `{ Ref }` / `{ Fn::GetAtt }`). The same for L1 classes, plain
 * `CfnResource`s and the library's constructs.
 */
export function properties(node: CfnResource): Record<string, any> {
  const stack = Stack.of(node);
  // `_toCloudFormation()` renders what the template will hold (addPropertyOverride included).
  const renderable = node as unknown as { _toCloudFormation(): object };
  const rendered = stack.resolve(renderable._toCloudFormation()) as { Resources: Record<string, { Properties?: Record<string, any> }> };
  const resource = Object.values(rendered.Resources)[0];
  return resource?.Properties ?? {};
}

/** True for `{ Ref }`, `{ Fn::* }` values: known only at deploy time. */
export function isIntrinsic(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.keys(value).length === 1 && /^(Ref|Fn::)/.test(Object.keys(value)[0]);
}

/**
 * A property the rule must know: throws when it is an intrinsic function, which cdk-nag reports as
 * the rule's failure to validate (acknowledge the rule on the resource if the value is compliant).
 */
export function literal(node: CfnResource, props: Record<string, any>, name: string): any {
  const value = props[name];
  if (isIntrinsic(value)) {
    throw new Error(`${node.node.path}: ${name} is ${JSON.stringify(value)}, known only at deploy time; the rule needs a literal value`);
  }
  return value;
}

/** The engine of an ElastiCache cache, lowercase (replication groups default to redis). */
export function engineOf(node: CfnResource, props: Record<string, any>): string {
  const engine = literal(node, props, 'Engine');
  if (engine === undefined) return node.cfnResourceType === REPLICATION_GROUP ? 'redis' : '';
  return String(engine).toLowerCase();
}

/** A replication group joined to a global datastore as a secondary: it inherits engine, node type, encryption and auth. */
export function isSecondary(node: CfnResource, props: Record<string, any>): boolean {
  return node.cfnResourceType === REPLICATION_GROUP && props.GlobalReplicationGroupId !== undefined;
}

/** True for a non-empty value (a list with items, a string with characters, or a reference). */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Which caches a rule reads through `ownSettings`. */
export interface OwnSettingsOptions {
  /** Memcached caches are not applicable (the rule is about a Valkey/Redis OSS feature). */
  readonly valkeyOrRedisOnly?: boolean;
}

/**
 * The properties of a cache that carries its own settings, or `undefined` when the rule does not apply to
 * it: a replication group joined to a global datastore as a secondary (it inherits from its primary) and a
 * cache cluster that is a member of a replication group (the group is checked). With `valkeyOrRedisOnly`,
 * Memcached caches are not applicable either.
 */
export function ownSettings(node: CfnResource, options: OwnSettingsOptions = {}): Record<string, any> | undefined {
  const props = properties(node);
  if (isSecondary(node, props) || props.ReplicationGroupId !== undefined) return undefined;
  if (options.valkeyOrRedisOnly && engineOf(node, props) === 'memcached') return undefined;
  return props;
}

/**
 * The `CacheNodeType` of a cache (`undefined` when it is not set: AWS picks its default), with the library's
 * reading of it (`nodeType` is `undefined` when the name is not of the form cache.<family>.<size>).
 */
export function nodeTypeOf(node: CfnResource, props: Record<string, any>): { readonly name: string; readonly nodeType?: NodeType } | undefined {
  const name = literal(node, props, 'CacheNodeType');
  if (name === undefined) return undefined;
  try {
    return { name: String(name), nodeType: NodeType.of(String(name)) };
  } catch {
    return { name: String(name) };
  }
}
