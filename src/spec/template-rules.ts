import {
  kmsKeySpecProblem, networkTypeProblem, parameterGroupFamilyProblem, previousGenerationProblem, transitEncryptionModeProblem,
} from './engine-rules';
import { CACHE_CLUSTER_ID_MAX_LENGTH, identifierProblem, REPLICATION_GROUP_ID_MAX_LENGTH, serverlessCacheNameProblem, userIdProblem } from './identifiers';
import { parameterProblem } from './parameters';

/**
 * ElastiCache's cross-property rules over a synthesized CloudFormation template: what the registry schemas
 * cannot say (one property constrains another, or another resource). Used by the schema harness of the test
 * suite (test/harness) on every template the tests synthesize; the constructs check the same facts earlier
 * through engine-rules.ts. Values that are intrinsics (`Ref`, `Fn::*`) are skipped unless they point at a
 * resource of the same template.
 */

export type JsonObject = { readonly [key: string]: unknown };
export interface TemplateResource { readonly Type: string; readonly Properties?: JsonObject }
/** A CloudFormation template as JSON (`Template.toJSON()`). */
export interface TemplateJson { readonly Resources?: { readonly [logicalId: string]: TemplateResource } }

/** A literal string or number (rendered as a string), or undefined for intrinsics and absent values. */
function lit(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The resource a `{ Ref }` / `{ Fn::GetAtt }` points at in the same template. */
function target(template: TemplateJson, value: unknown): TemplateResource | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as JsonObject;
  const id = typeof v.Ref === 'string' ? v.Ref : Array.isArray(v['Fn::GetAtt']) ? String(v['Fn::GetAtt'][0]) : undefined;
  return id === undefined ? undefined : template.Resources?.[id];
}

const SECONDARY_INHERITED = ['NumNodeGroups', 'CacheParameterGroupName', 'Engine', 'EngineVersion', 'CacheNodeType',
  'TransitEncryptionEnabled', 'TransitEncryptionMode', 'AtRestEncryptionEnabled', 'SnapshotArns', 'SnapshotName'];

function engineOf(p: JsonObject): { engine?: string; version?: string } {
  return { engine: lit(p.Engine)?.toLowerCase(), version: lit(p.EngineVersion) };
}

function commonNodeRules(template: TemplateJson, where: string, p: JsonObject, problems: Array<string | undefined>): void {
  const { engine, version } = engineOf(p);
  const nodeType = lit(p.CacheNodeType);
  if (nodeType) problems.push(previousGenerationProblem(`${where} CacheNodeType`, nodeType));
  const networkType = lit(p.NetworkType);
  if (engine && version && networkType) problems.push(networkTypeProblem(`${where} NetworkType`, engine, version, networkType));
  if (lit(p.IpDiscovery) === 'ipv6' && (networkType ?? 'ipv4') === 'ipv4') {
    problems.push(`${where} IpDiscovery 'ipv6' needs NetworkType ipv6 or dual_stack, got ${networkType ?? 'ipv4 (default)'}`);
  }
  if (networkType === 'ipv6' || networkType === 'dual_stack') {
    const subnetGroup = target(template, p.CacheSubnetGroupName);
    const subnets = Array.isArray(subnetGroup?.Properties?.SubnetIds) ? subnetGroup!.Properties!.SubnetIds as unknown[] : [];
    for (const subnetRef of subnets) {
      const subnet = target(template, subnetRef);
      if (subnet?.Type === 'AWS::EC2::Subnet' && !subnet.Properties?.Ipv6CidrBlock && !subnet.Properties?.Ipv6Native) {
        problems.push(`${where} NetworkType '${networkType}' needs subnets with an IPv6 CIDR block; subnet ${(subnetRef as JsonObject).Ref} has none`);
      }
    }
  }
  const group = target(template, p.CacheParameterGroupName);
  const family = lit(group?.Properties?.CacheParameterGroupFamily);
  if (group?.Type === 'AWS::ElastiCache::ParameterGroup' && engine && version && family) {
    problems.push(parameterGroupFamilyProblem(`${where} CacheParameterGroupName`, engine, version, family));
  }
}

function replicationGroupRules(template: TemplateJson, where: string, p: JsonObject, problems: Array<string | undefined>): void {
  const { engine, version } = engineOf(p);
  const mode = lit(p.TransitEncryptionMode);
  if (engine && version && mode) problems.push(transitEncryptionModeProblem(`${where} TransitEncryptionMode`, engine, version, mode));
  const id = lit(p.ReplicationGroupId);
  if (id) problems.push(identifierProblem(`${where} ReplicationGroupId`, id, REPLICATION_GROUP_ID_MAX_LENGTH));
  const key = target(template, p.KmsKeyId);
  if (key?.Type === 'AWS::KMS::Key') problems.push(kmsKeySpecProblem(`${where} KmsKeyId`, lit(key.Properties?.KeySpec)));
  if (p.KmsKeyId !== undefined && lit(p.AtRestEncryptionEnabled) !== 'true' && p.GlobalReplicationGroupId === undefined) {
    problems.push(`${where} KmsKeyId needs AtRestEncryptionEnabled: true`);
  }
  if (p.AuthToken !== undefined && lit(p.TransitEncryptionEnabled) !== 'true' && p.GlobalReplicationGroupId === undefined) {
    problems.push(`${where} AuthToken needs TransitEncryptionEnabled: true`);
  }
  if (p.AuthToken !== undefined && p.UserGroupIds !== undefined) {
    problems.push(`${where} AuthToken and UserGroupIds are mutually exclusive`);
  }
  if (p.GlobalReplicationGroupId !== undefined) {
    const inherited = SECONDARY_INHERITED.filter((name) => p[name] !== undefined);
    if (inherited.length) {
      problems.push(`${where} joins a global datastore (GlobalReplicationGroupId) and must not set ${inherited.join(', ')}: a secondary inherits them from the primary`);
    }
  }
}

/** Every cross-property problem of the template, one line each naming the logical id and the property. */
export function templateProblems(template: TemplateJson): string[] {
  const problems: Array<string | undefined> = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const p = resource.Properties ?? {};
    const where = `${logicalId} (${resource.Type})`;
    switch (resource.Type) {
      case 'AWS::ElastiCache::ReplicationGroup':
        if (p.GlobalReplicationGroupId === undefined) commonNodeRules(template, where, p, problems);
        replicationGroupRules(template, where, p, problems);
        break;
      case 'AWS::ElastiCache::CacheCluster': {
        commonNodeRules(template, where, p, problems);
        const name = lit(p.ClusterName);
        if (name) problems.push(identifierProblem(`${where} ClusterName`, name, CACHE_CLUSTER_ID_MAX_LENGTH));
        break;
      }
      case 'AWS::ElastiCache::ServerlessCache': {
        const name = lit(p.ServerlessCacheName);
        if (name) problems.push(serverlessCacheNameProblem(`${where} ServerlessCacheName`, name));
        const key = target(template, p.KmsKeyId);
        if (key?.Type === 'AWS::KMS::Key') problems.push(kmsKeySpecProblem(`${where} KmsKeyId`, lit(key.Properties?.KeySpec)));
        break;
      }
      case 'AWS::ElastiCache::User':
      case 'AWS::ElastiCache::UserGroup': {
        const idName = resource.Type.endsWith('User') ? 'UserId' : 'UserGroupId';
        const id = lit(p[idName]);
        if (id) problems.push(userIdProblem(`${where} ${idName}`, id));
        break;
      }
      case 'AWS::ElastiCache::ParameterGroup': {
        const family = lit(p.CacheParameterGroupFamily);
        const parameters = p.Properties && typeof p.Properties === 'object' ? p.Properties as JsonObject : {};
        for (const [name, value] of Object.entries(parameters)) {
          const v = lit(value);
          if (family && v !== undefined) problems.push(parameterProblem(`${where} Properties['${name}']`, family, name, v));
        }
        break;
      }
      default:
    }
  }
  return problems.filter((x): x is string => x !== undefined);
}
