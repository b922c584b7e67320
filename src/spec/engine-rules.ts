import { compareVersions } from './versions';

/**
 * Cross-property rules of ElastiCache shared by the constructs, the schema harness (test/harness) and the
 * template rules (template-rules.ts). Each function returns a problem message naming `name` (the property as
 * the caller knows it), the value and what is allowed, or `undefined`.
 */

/**
 * `TransitEncryptionMode` exists from Redis OSS 7.0 (every Valkey version): below it AWS rejects the property
 * ("Transit encryption mode is not supported for engine version 6.2.6. Please use engine version 7.0.5 or
 * higher", CreateReplicationGroup; https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html
 * and https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html: "Redis OSS 7.0 and later").
 */
export const TRANSIT_ENCRYPTION_MODE_REDIS_VERSION = '7.0';

/** Whether the engine accepts `TransitEncryptionMode`. */
export function supportsTransitEncryptionMode(engine: string, version: string): boolean {
  return engine !== 'redis' || compareVersions(version, TRANSIT_ENCRYPTION_MODE_REDIS_VERSION) >= 0;
}

export function transitEncryptionModeProblem(name: string, engine: string, version: string, mode: string): string | undefined {
  return supportsTransitEncryptionMode(engine, version) ? undefined
    : `${name} '${mode}' is not supported on Redis OSS ${version}: ElastiCache accepts a transit encryption mode from Redis OSS ${TRANSIT_ENCRYPTION_MODE_REDIS_VERSION} (and on Valkey); leave it unset (TLS is then required) or use Redis OSS 7.0 or later`;
}

/**
 * IPv6 and dual-stack networking (`NetworkType` ipv6 | dual_stack): Valkey 7.2+, Redis OSS 6.2+, Memcached 1.6.6+,
 * on Nitro node types, in subnets with IPv6 CIDR blocks
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/network-type.html; botocore `NetworkType`).
 */
export const IPV6_MIN_VERSIONS: { readonly [engine: string]: string } = { valkey: '7.2', redis: '6.2', memcached: '1.6.6' };

export function networkTypeProblem(name: string, engine: string, version: string, networkType: string): string | undefined {
  if (networkType !== 'ipv6' && networkType !== 'dual_stack') return undefined;
  const floor = IPV6_MIN_VERSIONS[engine];
  return floor === undefined || compareVersions(version, floor) >= 0 ? undefined
    : `${name} '${networkType}' needs ${engine} ${floor} or later, got ${engine} ${version}`;
}

/**
 * Previous-generation node families on which ElastiCache no longer creates clusters: T1, M1, M2, M3, C1, R3
 * (botocore `CacheNodeType` documentation: "Previous generation: (not recommended. Existing clusters are still
 * supported but creation of new clusters is not supported for these types.)") and T2, which the Developer Guide
 * moves to the previous generation (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html).
 */
export const PREVIOUS_GENERATION_NODE_FAMILIES: ReadonlyArray<string> = ['t1', 'm1', 'm2', 'm3', 'c1', 'r3', 't2'];

/** The family of a `cache.<family>.<size>` node type, or undefined. */
export function nodeTypeFamily(nodeType: string): string | undefined {
  return /^cache\.([a-z][a-z0-9]*)\.[a-z0-9]+$/.exec(nodeType)?.[1];
}

export function previousGenerationProblem(name: string, nodeType: string): string | undefined {
  const family = nodeTypeFamily(nodeType);
  return family !== undefined && PREVIOUS_GENERATION_NODE_FAMILIES.includes(family)
    ? `${name} ${nodeType} is previous generation: ElastiCache no longer creates clusters on it; use a current node type such as cache.t4g.small`
    : undefined;
}

/**
 * The parameter group family of an engine version (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html):
 * Valkey 7.2 valkey7, 8.x valkey8, 9.x valkey9; Redis OSS 7.x redis7, 6.x redis6.x, 5.0.x redis5.0, 4.0.x redis4.0;
 * Memcached 1.6.x memcached1.6, 1.5.x memcached1.5, 1.4.x memcached1.4.
 */
export function parameterGroupFamily(engine: string, version: string): string {
  const parts = version.split('.');
  switch (engine) {
    case 'valkey': return `valkey${parts[0]}`;
    case 'memcached': return `memcached${parts.slice(0, 2).join('.')}`;
    default:
      if (Number(parts[0]) >= 7) return 'redis7';
      if (parts[0] === '6') return 'redis6.x';
      return `redis${parts.slice(0, 2).join('.')}`;
  }
}

export function parameterGroupFamilyProblem(name: string, engine: string, version: string, family: string): string | undefined {
  const expected = parameterGroupFamily(engine, version);
  return family === expected ? undefined
    : `${name} is of family ${family}, but ${engine} ${version} needs a parameter group of family ${expected}`;
}

/**
 * ElastiCache accepts only symmetric KMS keys for encryption at rest
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html: "ElastiCache supports
 * symmetric customer managed keys only").
 */
export function kmsKeySpecProblem(name: string, keySpec: string | undefined): string | undefined {
  return keySpec === undefined || keySpec === 'SYMMETRIC_DEFAULT' ? undefined
    : `${name} must be a symmetric KMS key (KeySpec SYMMETRIC_DEFAULT), got a key of spec ${keySpec}: ElastiCache supports symmetric customer managed keys only`;
}
