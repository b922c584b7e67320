/** The parts of a CloudFormation template the local engine reads. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Default?: unknown; Type?: string }>;
  readonly [key: string]: unknown;
}

/** A template plus the construct path of each resource (when known). */
export interface LoadedTemplate {
  readonly template: CfnTemplate;
  /** logical id → construct path (from a CDK Stack or `aws:cdk:path` metadata). */
  readonly paths: Record<string, string>;
}

export const ELASTICACHE_TYPES = [
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ServerlessCache',
  'AWS::ElastiCache::ParameterGroup',
  'AWS::ElastiCache::User',
  'AWS::ElastiCache::UserGroup',
];
