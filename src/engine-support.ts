import { compareVersions } from './private/version';

/*
 * ElastiCache's support window per engine major version (internal; read by the cdk-nag pack).
 *
 * Sources:
 * - Redis OSS 2.x end of life 2023-01-13, 3.x 2023-07-31:
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/deprecated-engine-versions.html
 * - Redis OSS 4 and 5: end of standard support 2026-01-31, Extended Support (paid) until 2029-01-31,
 *   then an automatic upgrade to Valkey: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/extended-support.html
 *   and https://aws.amazon.com/blogs/database/introducing-extended-support-for-amazon-elasticache-version-4-and-version-5-for-redis-oss/
 * - Redis OSS 6: end of standard support 2027-01-31 (the example of
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/extended-support-charges.html).
 * - Self-designed floors (Valkey 7.2, Memcached 1.4.5, Redis OSS 4.0.10), Redis OSS 5.0.0-5.0.5 deprecated:
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html
 * Valkey and Memcached versions at or above their floor have no announced end of standard support.
 */

/** Where an engine version stands in ElastiCache's support window. */
export interface EngineSupport {
  readonly status: 'standard' | 'extended' | 'ended';
  /** The last day of standard support (ISO date), when announced. */
  readonly endOfStandardSupport?: string;
  /** The last day of Extended Support (ISO date), when there is one. */
  readonly endOfExtendedSupport?: string;
}

interface Window {
  readonly engine: string;
  /** Versions strictly below this one (and at or above the previous window's bound). */
  readonly below: string;
  readonly endOfStandardSupport: string;
  readonly endOfExtendedSupport?: string;
}

/** Ordered by `below` within each engine. '1970-01-01': no longer supported, no announced date. */
const WINDOWS: Window[] = [
  { engine: 'redis', below: '3', endOfStandardSupport: '2023-01-13' },
  { engine: 'redis', below: '4.0.10', endOfStandardSupport: '2023-07-31' },
  { engine: 'redis', below: '5', endOfStandardSupport: '2026-01-31', endOfExtendedSupport: '2029-01-31' },
  { engine: 'redis', below: '5.0.6', endOfStandardSupport: '1970-01-01' }, // 5.0.0-5.0.5: deprecated, use 5.0.6
  { engine: 'redis', below: '6', endOfStandardSupport: '2026-01-31', endOfExtendedSupport: '2029-01-31' },
  { engine: 'redis', below: '7', endOfStandardSupport: '2027-01-31' },
  { engine: 'valkey', below: '7.2', endOfStandardSupport: '1970-01-01' },
  { engine: 'memcached', below: '1.4.5', endOfStandardSupport: '1970-01-01' },
];

/**
 * The support status of `engine` (valkey, redis, memcached) `version` on `date`.
 * @throws when the version is not dotted numbers (`compareVersions`)
 */
export function engineSupport(engine: string, version: string, date: Date = new Date()): EngineSupport {
  const window = WINDOWS.find((w) => w.engine === engine.toLowerCase() && compareVersions(version, w.below) < 0);
  if (!window) return { status: 'standard' };
  const today = date.toISOString().slice(0, 10);
  const { endOfStandardSupport, endOfExtendedSupport } = window;
  if (today <= endOfStandardSupport) return { status: 'standard', endOfStandardSupport, endOfExtendedSupport };
  if (endOfExtendedSupport && today <= endOfExtendedSupport) return { status: 'extended', endOfStandardSupport, endOfExtendedSupport };
  return { status: 'ended', endOfStandardSupport, endOfExtendedSupport };
}
