import type { TemplateProblem } from '../errors';

/** The parts of a CloudFormation template the local engine reads. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Default?: unknown; Type?: string; [key: string]: unknown }>;
  readonly [key: string]: unknown;
}

/** A template plus the construct path of each resource (when known). */
export interface LoadedTemplate {
  readonly template: CfnTemplate;
  /** logical id → construct path (from a CDK Stack or `aws:cdk:path` metadata). */
  readonly paths: Record<string, string>;
  /** Problems found while applying parameters, conditions, mappings and imports (reported with the topology's). */
  readonly problems?: TemplateProblem[];
  /** Warnings about the template (not applied transforms, nested templates not found...). */
  readonly warnings?: string[];
  /** Logical ids (as in `template`) of resources with one of `problems`: not built, so no follow-up problems. */
  readonly failedResources?: string[];
  /** Values of NoEcho parameters: never shown in messages or logs. */
  readonly secrets?: string[];
}

export const ELASTICACHE_TYPES = [
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ServerlessCache',
  'AWS::ElastiCache::ParameterGroup',
  'AWS::ElastiCache::User',
  'AWS::ElastiCache::UserGroup',
];

/** One template of a run: its text's origin, its stack name, where its nested templates are. */
export interface StackSource {
  readonly template: CfnTemplate;
  readonly stackName: string;
  /** Directory that nested stacks' `aws:asset:path` is relative to. */
  readonly dir?: string;
  /** Construct paths known from the CDK app (beyond `aws:cdk:path` metadata). */
  readonly paths?: Record<string, string>;
}
