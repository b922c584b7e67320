import { Token } from 'aws-cdk-lib';
import { PREVIOUS_GENERATION_NODE_FAMILIES } from './spec';

/*
 * Node type catalog (current generation) — one row per node type.
 *
 * Sources (see ../shared/reference/elasticache-rules.md section 2):
 * - Memory GiB, network baseline/burst Gbps, minimum engine versions, data tiering SSD GiB:
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
 * - maxmemory bytes: "Valkey node-type specific parameters" in
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
 *   (maxmemory / 2^30 equals the documented Memory GiB: the memory column is the engine's maxmemory,
 *   not the EC2 RAM).
 * - vCPU: burstable (T) values from the burstable table of CacheNodes.SupportedTypes.html; all other
 *   values follow the EC2 size convention (large 2, xlarge 4, 2xlarge 8, ... m4.10xlarge 40) because no
 *   ElastiCache page states them.
 * - Minimum Redis OSS versions per family: CacheNodes.SupportedTypes.html and the `CacheNodeType` member
 *   doc of the ElastiCache API (botocore elasticache 2015-02-02 service-2.json).
 */

/** [name, vCPU, memory GiB (doc), maxmemory bytes, network baseline Gbps, network burst Gbps, SSD GiB] */
type CatalogRow = [string, number, number, number, number, number | undefined, number?];

const CATALOG: CatalogRow[] = [
  // m8g
  ['cache.m8g.large', 2, 6.79, 7294178820, 0.937, 12.5],
  ['cache.m8g.xlarge', 4, 14.18, 15222495510, 1.875, 12.5],
  ['cache.m8g.2xlarge', 8, 29.68, 31866224640, 3.75, 15],
  ['cache.m8g.4xlarge', 16, 61.33, 65856864256, 7.5, 15],
  ['cache.m8g.8xlarge', 32, 124.65, 133838143488, 15, undefined],
  ['cache.m8g.12xlarge', 48, 187.96, 201819422720, 22.5, undefined],
  ['cache.m8g.16xlarge', 64, 251.27, 269800701952, 30, undefined],
  // m7g
  ['cache.m7g.large', 2, 6.38, 6854542746, 0.937, 12.5],
  ['cache.m7g.xlarge', 4, 12.93, 13891921715, 1.876, 12.5],
  ['cache.m7g.2xlarge', 8, 26.04, 27966669210, 3.75, 15],
  ['cache.m7g.4xlarge', 16, 52.26, 56116178125, 7.5, 15],
  ['cache.m7g.8xlarge', 32, 103.68, 111325552312, 15, undefined],
  ['cache.m7g.12xlarge', 48, 157.12, 168715971994, 22.5, undefined],
  ['cache.m7g.16xlarge', 64, 209.55, 225000375228, 30, undefined],
  // m6g
  ['cache.m6g.large', 2, 6.38, 6854542746, 0.75, 10],
  ['cache.m6g.xlarge', 4, 12.93, 13891921715, 1.25, 10],
  ['cache.m6g.2xlarge', 8, 26.04, 27966669210, 2.5, 10],
  ['cache.m6g.4xlarge', 16, 52.26, 56116178125, 5, 10],
  ['cache.m6g.8xlarge', 32, 103.68, 111325552312, 12, undefined],
  ['cache.m6g.12xlarge', 48, 157.12, 168715971994, 20, undefined],
  ['cache.m6g.16xlarge', 64, 209.55, 225000375228, 25, undefined],
  // m5
  ['cache.m5.large', 2, 6.38, 6854542746, 0.75, 10],
  ['cache.m5.xlarge', 4, 12.93, 13891921715, 1.25, 10],
  ['cache.m5.2xlarge', 8, 26.04, 27966669210, 2.5, 10],
  ['cache.m5.4xlarge', 16, 52.26, 56116178125, 5, 10],
  ['cache.m5.12xlarge', 48, 157.12, 168715971994, 12, undefined],
  ['cache.m5.24xlarge', 96, 314.32, 337500562842, 25, undefined],
  // m4
  ['cache.m4.large', 2, 6.42, 6892593152, 0.45, 1.2],
  ['cache.m4.xlarge', 4, 14.28, 15328501760, 0.75, 2.8],
  ['cache.m4.2xlarge', 8, 29.70, 31889126359, 1.0, 10],
  ['cache.m4.4xlarge', 16, 60.78, 65257290629, 2.0, 10],
  ['cache.m4.10xlarge', 40, 154.64, 166047614239, 5.0, 10],
  // t4g
  ['cache.t4g.micro', 2, 0.50, 536870912, 0.064, 5],
  ['cache.t4g.small', 2, 1.37, 1471026299, 0.128, 5],
  ['cache.t4g.medium', 2, 3.09, 3317862236, 0.256, 5],
  // t3
  ['cache.t3.micro', 2, 0.50, 536870912, 0.064, 5],
  ['cache.t3.small', 2, 1.37, 1471026299, 0.128, 5],
  ['cache.t3.medium', 2, 3.09, 3317862236, 0.256, 5],
  // t2
  ['cache.t2.micro', 1, 0.555, 581959680, 0.064, 1.024],
  ['cache.t2.small', 1, 1.55, 1665138688, 0.128, 1.024],
  ['cache.t2.medium', 2, 3.22, 3461349376, 0.256, 1.024],
  // r8g
  ['cache.r8g.large', 2, 14.18, 15222495510, 0.937, 12.5],
  ['cache.r8g.xlarge', 4, 29.68, 31866224640, 1.875, 12.5],
  ['cache.r8g.2xlarge', 8, 61.33, 65856864256, 3.75, 15],
  ['cache.r8g.4xlarge', 16, 124.65, 133838143488, 7.5, 15],
  ['cache.r8g.8xlarge', 32, 251.27, 269800701952, 15, undefined],
  ['cache.r8g.12xlarge', 48, 377.9, 405763260416, 22.5, undefined],
  ['cache.r8g.16xlarge', 64, 504.52, 541725818880, 30, undefined],
  // r7g
  ['cache.r7g.large', 2, 13.07, 14037181030, 0.937, 12.5],
  ['cache.r7g.xlarge', 4, 26.32, 28261849702, 1.876, 12.5],
  ['cache.r7g.2xlarge', 8, 52.82, 56711183565, 3.75, 15],
  ['cache.r7g.4xlarge', 16, 105.81, 113609865216, 7.5, 15],
  ['cache.r7g.8xlarge', 32, 209.55, 225000375228, 15, undefined],
  ['cache.r7g.12xlarge', 48, 317.77, 341206346547, 22.5, undefined],
  ['cache.r7g.16xlarge', 64, 419.09, 450000750456, 30, undefined],
  // r6g
  ['cache.r6g.large', 2, 13.07, 14037181030, 0.75, 10],
  ['cache.r6g.xlarge', 4, 26.32, 28261849702, 1.25, 10],
  ['cache.r6g.2xlarge', 8, 52.82, 56711183565, 2.5, 10],
  ['cache.r6g.4xlarge', 16, 105.81, 113609865216, 5, 10],
  ['cache.r6g.8xlarge', 32, 209.55, 225000375228, 12, undefined],
  ['cache.r6g.12xlarge', 48, 317.77, 341206346547, 20, undefined],
  ['cache.r6g.16xlarge', 64, 419.09, 450000750456, 25, undefined],
  // r6gd
  ['cache.r6gd.xlarge', 4, 26.32, 28261849702, 1.25, 10, 99.33],
  ['cache.r6gd.2xlarge', 8, 52.82, 56711183565, 2.5, 10, 199.07],
  ['cache.r6gd.4xlarge', 16, 105.81, 113609865216, 5, 10, 398.14],
  ['cache.r6gd.8xlarge', 32, 209.55, 225000375228, 12, undefined, 796.28],
  ['cache.r6gd.12xlarge', 48, 317.77, 341206346547, 20, undefined, 1194.42],
  ['cache.r6gd.16xlarge', 64, 419.09, 450000750456, 25, undefined, 1592.56],
  // r5
  ['cache.r5.large', 2, 13.07, 14037181030, 0.75, 10],
  ['cache.r5.xlarge', 4, 26.32, 28261849702, 1.25, 10],
  ['cache.r5.2xlarge', 8, 52.82, 56711183565, 2.5, 10],
  ['cache.r5.4xlarge', 16, 105.81, 113609865216, 5, 10],
  ['cache.r5.12xlarge', 48, 317.77, 341206346547, 12, undefined],
  ['cache.r5.24xlarge', 96, 635.61, 682485973811, 25, undefined],
  // r4
  ['cache.r4.large', 2, 12.30, 13201781556, 0.75, 10],
  ['cache.r4.xlarge', 4, 25.05, 26898228839, 1.25, 10],
  ['cache.r4.2xlarge', 8, 50.47, 54197537997, 2.5, 10],
  ['cache.r4.4xlarge', 16, 101.38, 108858546586, 5, 10],
  ['cache.r4.8xlarge', 32, 203.26, 218255432090, 12, undefined],
  ['cache.r4.16xlarge', 64, 407.00, 437021573120, 25, undefined],
  // c8gn
  ['cache.c8gn.large', 2, 3.1, 3330020474, 6.25, 30],
  ['cache.c8gn.xlarge', 4, 6.79, 7294178820, 12.5, 40],
  ['cache.c8gn.2xlarge', 8, 14.18, 15222495510, 25, 50],
  ['cache.c8gn.4xlarge', 16, 29.68, 31866224640, 50, undefined],
  ['cache.c8gn.8xlarge', 32, 61.33, 65856864256, 100, undefined],
  ['cache.c8gn.12xlarge', 48, 92.99, 99847503872, 150, undefined],
  ['cache.c8gn.16xlarge', 64, 124.65, 133838143488, 200, undefined],
  // c7gn
  ['cache.c7gn.large', 2, 3.09, 3317862236, 6.25, 30],
  ['cache.c7gn.xlarge', 4, 6.38, 6854542746, 12.5, 40],
  ['cache.c7gn.2xlarge', 8, 12.94, 13891921715, 25, 50],
  ['cache.c7gn.4xlarge', 16, 26.05, 27966669210, 50, undefined],
  ['cache.c7gn.8xlarge', 32, 52.26, 56116178125, 100, undefined],
  ['cache.c7gn.12xlarge', 48, 78.56, 84357985997, 150, undefined],
  ['cache.c7gn.16xlarge', 64, 105.81, 113609865216, 200, undefined],
];

/** Per-family facts shared by every size of the family. */
interface FamilyFacts {
  readonly graviton: boolean;
  readonly burstable: boolean;
  readonly dataTiering: boolean;
  /** undefined: the family does not run Redis OSS (Valkey and Memcached only). */
  readonly minRedis?: string;
  readonly minValkey: string;
  /** undefined: no Memcached support (r6gd: replication groups only). */
  readonly minMemcached?: string;
  readonly previousGeneration: boolean;
}

function family(graviton: boolean, minRedis: string | undefined, minMemcached: string | undefined, extra: Partial<FamilyFacts> = {}): FamilyFacts {
  return {
    graviton,
    burstable: false,
    dataTiering: false,
    minRedis,
    minValkey: '7.2',
    minMemcached,
    previousGeneration: false,
    ...extra,
  };
}

/** Source: CacheNodes.SupportedTypes.html (minimum engine versions), reference section 1.11 and section 2. */
const FAMILIES: { [family: string]: FamilyFacts } = {
  m8g: family(true, undefined, '1.6.6'),
  m7g: family(true, '6.2', '1.5.16'),
  m6g: family(true, '5.0.6', '1.5.16'),
  m5: family(false, '4.0.10', '1.5.16'),
  m4: family(false, '4.0.10', '1.5.16'),
  t4g: family(true, '5.0.6', '1.5.16', { burstable: true }),
  t3: family(false, '4.0.10', '1.5.16', { burstable: true }),
  // T2 is being moved to the previous generation: new clusters cannot be created on T2 (current DG).
  t2: family(false, '4.0.10', '1.5.16', { burstable: true, previousGeneration: true }),
  r8g: family(true, undefined, '1.6.6'),
  r7g: family(true, '6.2', '1.5.16'),
  r6g: family(true, '5.0.6', '1.5.16'),
  r6gd: family(true, '6.2.0', undefined, { dataTiering: true }),
  r5: family(false, '4.0.10', '1.5.16'),
  r4: family(false, '4.0.10', '1.5.16'),
  c8gn: family(true, undefined, '1.6.6'),
  c7gn: family(true, '6.2', '1.6.6'),
};

/** Exceptions to the per-family minimum Redis OSS version (cache.t4g.micro runs Redis OSS 4.0.10+). */
const MIN_REDIS_OVERRIDES: { [name: string]: string } = {
  'cache.t4g.micro': '4.0.10',
};

const NAME_PATTERN = /^cache\.([a-z][a-z0-9]*)\.([a-z0-9]+)$/;

/** Catalog instances by name, created on first use. */
const KNOWN = new Map<string, NodeType>();

/**
 * Metadata of a node type, used to build `NodeType` instances.
 */
interface NodeTypeFacts {
  readonly name: string;
  readonly family?: string;
  readonly size?: string;
  readonly row?: CatalogRow;
  readonly facts?: FamilyFacts;
}

/**
 * An ElastiCache node type (`CacheNodeType`), with the facts of the current-generation catalog.
 *
 * Use the static constants (`NodeType.R7G_LARGE`) for the node types the library knows, or
 * `NodeType.of('cache.x9g.large')` for a node type released after this version of the library:
 * its metadata (memory, vCPU, network, engine versions...) is then `undefined`.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
 */
export class NodeType {
  /** `cache.m8g.large`: 2 vCPU, 6.79 GiB, .937/12.5 Gbps. */
  public static readonly M8G_LARGE = NodeType.of('cache.m8g.large');
  /** `cache.m8g.xlarge`: 4 vCPU, 14.18 GiB, 1.875/12.5 Gbps. */
  public static readonly M8G_XLARGE = NodeType.of('cache.m8g.xlarge');
  /** `cache.m8g.2xlarge`: 8 vCPU, 29.68 GiB, 3.75/15 Gbps. */
  public static readonly M8G_2XLARGE = NodeType.of('cache.m8g.2xlarge');
  /** `cache.m8g.4xlarge`: 16 vCPU, 61.33 GiB, 7.5/15 Gbps. */
  public static readonly M8G_4XLARGE = NodeType.of('cache.m8g.4xlarge');
  /** `cache.m8g.8xlarge`: 32 vCPU, 124.65 GiB, 15/n/a Gbps. */
  public static readonly M8G_8XLARGE = NodeType.of('cache.m8g.8xlarge');
  /** `cache.m8g.12xlarge`: 48 vCPU, 187.96 GiB, 22.5/n/a Gbps. */
  public static readonly M8G_12XLARGE = NodeType.of('cache.m8g.12xlarge');
  /** `cache.m8g.16xlarge`: 64 vCPU, 251.27 GiB, 30/n/a Gbps. */
  public static readonly M8G_16XLARGE = NodeType.of('cache.m8g.16xlarge');
  /** `cache.m7g.large`: 2 vCPU, 6.38 GiB, .937/12.5 Gbps. */
  public static readonly M7G_LARGE = NodeType.of('cache.m7g.large');
  /** `cache.m7g.xlarge`: 4 vCPU, 12.93 GiB, 1.876/12.5 Gbps. */
  public static readonly M7G_XLARGE = NodeType.of('cache.m7g.xlarge');
  /** `cache.m7g.2xlarge`: 8 vCPU, 26.04 GiB, 3.75/15 Gbps. */
  public static readonly M7G_2XLARGE = NodeType.of('cache.m7g.2xlarge');
  /** `cache.m7g.4xlarge`: 16 vCPU, 52.26 GiB, 7.5/15 Gbps. */
  public static readonly M7G_4XLARGE = NodeType.of('cache.m7g.4xlarge');
  /** `cache.m7g.8xlarge`: 32 vCPU, 103.68 GiB, 15/n/a Gbps. */
  public static readonly M7G_8XLARGE = NodeType.of('cache.m7g.8xlarge');
  /** `cache.m7g.12xlarge`: 48 vCPU, 157.12 GiB, 22.5/n/a Gbps. */
  public static readonly M7G_12XLARGE = NodeType.of('cache.m7g.12xlarge');
  /** `cache.m7g.16xlarge`: 64 vCPU, 209.55 GiB, 30/n/a Gbps. */
  public static readonly M7G_16XLARGE = NodeType.of('cache.m7g.16xlarge');
  /** `cache.m6g.large`: 2 vCPU, 6.38 GiB, .75/10 Gbps. */
  public static readonly M6G_LARGE = NodeType.of('cache.m6g.large');
  /** `cache.m6g.xlarge`: 4 vCPU, 12.93 GiB, 1.25/10 Gbps. */
  public static readonly M6G_XLARGE = NodeType.of('cache.m6g.xlarge');
  /** `cache.m6g.2xlarge`: 8 vCPU, 26.04 GiB, 2.5/10 Gbps. */
  public static readonly M6G_2XLARGE = NodeType.of('cache.m6g.2xlarge');
  /** `cache.m6g.4xlarge`: 16 vCPU, 52.26 GiB, 5/10 Gbps. */
  public static readonly M6G_4XLARGE = NodeType.of('cache.m6g.4xlarge');
  /** `cache.m6g.8xlarge`: 32 vCPU, 103.68 GiB, 12/n/a Gbps. */
  public static readonly M6G_8XLARGE = NodeType.of('cache.m6g.8xlarge');
  /** `cache.m6g.12xlarge`: 48 vCPU, 157.12 GiB, 20/n/a Gbps. */
  public static readonly M6G_12XLARGE = NodeType.of('cache.m6g.12xlarge');
  /** `cache.m6g.16xlarge`: 64 vCPU, 209.55 GiB, 25/n/a Gbps. */
  public static readonly M6G_16XLARGE = NodeType.of('cache.m6g.16xlarge');
  /** `cache.m5.large`: 2 vCPU, 6.38 GiB, .75/10 Gbps. */
  public static readonly M5_LARGE = NodeType.of('cache.m5.large');
  /** `cache.m5.xlarge`: 4 vCPU, 12.93 GiB, 1.25/10 Gbps. */
  public static readonly M5_XLARGE = NodeType.of('cache.m5.xlarge');
  /** `cache.m5.2xlarge`: 8 vCPU, 26.04 GiB, 2.5/10 Gbps. */
  public static readonly M5_2XLARGE = NodeType.of('cache.m5.2xlarge');
  /** `cache.m5.4xlarge`: 16 vCPU, 52.26 GiB, 5/10 Gbps. */
  public static readonly M5_4XLARGE = NodeType.of('cache.m5.4xlarge');
  /** `cache.m5.12xlarge`: 48 vCPU, 157.12 GiB, 12/n/a Gbps. */
  public static readonly M5_12XLARGE = NodeType.of('cache.m5.12xlarge');
  /** `cache.m5.24xlarge`: 96 vCPU, 314.32 GiB, 25/n/a Gbps. */
  public static readonly M5_24XLARGE = NodeType.of('cache.m5.24xlarge');
  /** `cache.m4.large`: 2 vCPU, 6.42 GiB, .45/1.2 Gbps. */
  public static readonly M4_LARGE = NodeType.of('cache.m4.large');
  /** `cache.m4.xlarge`: 4 vCPU, 14.28 GiB, .75/2.8 Gbps. */
  public static readonly M4_XLARGE = NodeType.of('cache.m4.xlarge');
  /** `cache.m4.2xlarge`: 8 vCPU, 29.70 GiB, 1.0/10 Gbps. */
  public static readonly M4_2XLARGE = NodeType.of('cache.m4.2xlarge');
  /** `cache.m4.4xlarge`: 16 vCPU, 60.78 GiB, 2.0/10 Gbps. */
  public static readonly M4_4XLARGE = NodeType.of('cache.m4.4xlarge');
  /** `cache.m4.10xlarge`: 40 vCPU, 154.64 GiB, 5.0/10 Gbps. */
  public static readonly M4_10XLARGE = NodeType.of('cache.m4.10xlarge');
  /** `cache.t4g.micro`: 2 vCPU, 0.50 GiB, .064/5 Gbps. */
  public static readonly T4G_MICRO = NodeType.of('cache.t4g.micro');
  /** `cache.t4g.small`: 2 vCPU, 1.37 GiB, .128/5 Gbps. */
  public static readonly T4G_SMALL = NodeType.of('cache.t4g.small');
  /** `cache.t4g.medium`: 2 vCPU, 3.09 GiB, .256/5 Gbps. */
  public static readonly T4G_MEDIUM = NodeType.of('cache.t4g.medium');
  /** `cache.t3.micro`: 2 vCPU, 0.50 GiB, .064/5 Gbps. */
  public static readonly T3_MICRO = NodeType.of('cache.t3.micro');
  /** `cache.t3.small`: 2 vCPU, 1.37 GiB, .128/5 Gbps. */
  public static readonly T3_SMALL = NodeType.of('cache.t3.small');
  /** `cache.t3.medium`: 2 vCPU, 3.09 GiB, .256/5 Gbps. */
  public static readonly T3_MEDIUM = NodeType.of('cache.t3.medium');
  /**
   * `cache.t2.micro`: 1 vCPU, 0.555 GiB, .064/1.024 Gbps.
   *
   * @deprecated T2 is being moved to the previous generation: new clusters cannot be created on T2.
   */
  public static readonly T2_MICRO = NodeType.of('cache.t2.micro');
  /**
   * `cache.t2.small`: 1 vCPU, 1.55 GiB, .128/1.024 Gbps.
   *
   * @deprecated T2 is being moved to the previous generation: new clusters cannot be created on T2.
   */
  public static readonly T2_SMALL = NodeType.of('cache.t2.small');
  /**
   * `cache.t2.medium`: 2 vCPU, 3.22 GiB, .256/1.024 Gbps.
   *
   * @deprecated T2 is being moved to the previous generation: new clusters cannot be created on T2.
   */
  public static readonly T2_MEDIUM = NodeType.of('cache.t2.medium');
  /** `cache.r8g.large`: 2 vCPU, 14.18 GiB, .937/12.5 Gbps. */
  public static readonly R8G_LARGE = NodeType.of('cache.r8g.large');
  /** `cache.r8g.xlarge`: 4 vCPU, 29.68 GiB, 1.875/12.5 Gbps. */
  public static readonly R8G_XLARGE = NodeType.of('cache.r8g.xlarge');
  /** `cache.r8g.2xlarge`: 8 vCPU, 61.33 GiB, 3.75/15 Gbps. */
  public static readonly R8G_2XLARGE = NodeType.of('cache.r8g.2xlarge');
  /** `cache.r8g.4xlarge`: 16 vCPU, 124.65 GiB, 7.5/15 Gbps. */
  public static readonly R8G_4XLARGE = NodeType.of('cache.r8g.4xlarge');
  /** `cache.r8g.8xlarge`: 32 vCPU, 251.27 GiB, 15/n/a Gbps. */
  public static readonly R8G_8XLARGE = NodeType.of('cache.r8g.8xlarge');
  /** `cache.r8g.12xlarge`: 48 vCPU, 377.9 GiB, 22.5/n/a Gbps. */
  public static readonly R8G_12XLARGE = NodeType.of('cache.r8g.12xlarge');
  /** `cache.r8g.16xlarge`: 64 vCPU, 504.52 GiB, 30/n/a Gbps. */
  public static readonly R8G_16XLARGE = NodeType.of('cache.r8g.16xlarge');
  /** `cache.r7g.large`: 2 vCPU, 13.07 GiB, .937/12.5 Gbps. */
  public static readonly R7G_LARGE = NodeType.of('cache.r7g.large');
  /** `cache.r7g.xlarge`: 4 vCPU, 26.32 GiB, 1.876/12.5 Gbps. */
  public static readonly R7G_XLARGE = NodeType.of('cache.r7g.xlarge');
  /** `cache.r7g.2xlarge`: 8 vCPU, 52.82 GiB, 3.75/15 Gbps. */
  public static readonly R7G_2XLARGE = NodeType.of('cache.r7g.2xlarge');
  /** `cache.r7g.4xlarge`: 16 vCPU, 105.81 GiB, 7.5/15 Gbps. */
  public static readonly R7G_4XLARGE = NodeType.of('cache.r7g.4xlarge');
  /** `cache.r7g.8xlarge`: 32 vCPU, 209.55 GiB, 15/n/a Gbps. */
  public static readonly R7G_8XLARGE = NodeType.of('cache.r7g.8xlarge');
  /** `cache.r7g.12xlarge`: 48 vCPU, 317.77 GiB, 22.5/n/a Gbps. */
  public static readonly R7G_12XLARGE = NodeType.of('cache.r7g.12xlarge');
  /** `cache.r7g.16xlarge`: 64 vCPU, 419.09 GiB, 30/n/a Gbps. */
  public static readonly R7G_16XLARGE = NodeType.of('cache.r7g.16xlarge');
  /** `cache.r6g.large`: 2 vCPU, 13.07 GiB, .75/10 Gbps. */
  public static readonly R6G_LARGE = NodeType.of('cache.r6g.large');
  /** `cache.r6g.xlarge`: 4 vCPU, 26.32 GiB, 1.25/10 Gbps. */
  public static readonly R6G_XLARGE = NodeType.of('cache.r6g.xlarge');
  /** `cache.r6g.2xlarge`: 8 vCPU, 52.82 GiB, 2.5/10 Gbps. */
  public static readonly R6G_2XLARGE = NodeType.of('cache.r6g.2xlarge');
  /** `cache.r6g.4xlarge`: 16 vCPU, 105.81 GiB, 5/10 Gbps. */
  public static readonly R6G_4XLARGE = NodeType.of('cache.r6g.4xlarge');
  /** `cache.r6g.8xlarge`: 32 vCPU, 209.55 GiB, 12/n/a Gbps. */
  public static readonly R6G_8XLARGE = NodeType.of('cache.r6g.8xlarge');
  /** `cache.r6g.12xlarge`: 48 vCPU, 317.77 GiB, 20/n/a Gbps. */
  public static readonly R6G_12XLARGE = NodeType.of('cache.r6g.12xlarge');
  /** `cache.r6g.16xlarge`: 64 vCPU, 419.09 GiB, 25/n/a Gbps. */
  public static readonly R6G_16XLARGE = NodeType.of('cache.r6g.16xlarge');
  /** `cache.r6gd.xlarge`: 4 vCPU, 26.32 GiB, 1.25/10 Gbps, data tiering (99.33 GiB SSD). */
  public static readonly R6GD_XLARGE = NodeType.of('cache.r6gd.xlarge');
  /** `cache.r6gd.2xlarge`: 8 vCPU, 52.82 GiB, 2.5/10 Gbps, data tiering (199.07 GiB SSD). */
  public static readonly R6GD_2XLARGE = NodeType.of('cache.r6gd.2xlarge');
  /** `cache.r6gd.4xlarge`: 16 vCPU, 105.81 GiB, 5/10 Gbps, data tiering (398.14 GiB SSD). */
  public static readonly R6GD_4XLARGE = NodeType.of('cache.r6gd.4xlarge');
  /** `cache.r6gd.8xlarge`: 32 vCPU, 209.55 GiB, 12/n/a Gbps, data tiering (796.28 GiB SSD). */
  public static readonly R6GD_8XLARGE = NodeType.of('cache.r6gd.8xlarge');
  /** `cache.r6gd.12xlarge`: 48 vCPU, 317.77 GiB, 20/n/a Gbps, data tiering (1194.42 GiB SSD). */
  public static readonly R6GD_12XLARGE = NodeType.of('cache.r6gd.12xlarge');
  /** `cache.r6gd.16xlarge`: 64 vCPU, 419.09 GiB, 25/n/a Gbps, data tiering (1592.56 GiB SSD). */
  public static readonly R6GD_16XLARGE = NodeType.of('cache.r6gd.16xlarge');
  /** `cache.r5.large`: 2 vCPU, 13.07 GiB, .75/10 Gbps. */
  public static readonly R5_LARGE = NodeType.of('cache.r5.large');
  /** `cache.r5.xlarge`: 4 vCPU, 26.32 GiB, 1.25/10 Gbps. */
  public static readonly R5_XLARGE = NodeType.of('cache.r5.xlarge');
  /** `cache.r5.2xlarge`: 8 vCPU, 52.82 GiB, 2.5/10 Gbps. */
  public static readonly R5_2XLARGE = NodeType.of('cache.r5.2xlarge');
  /** `cache.r5.4xlarge`: 16 vCPU, 105.81 GiB, 5/10 Gbps. */
  public static readonly R5_4XLARGE = NodeType.of('cache.r5.4xlarge');
  /** `cache.r5.12xlarge`: 48 vCPU, 317.77 GiB, 12/n/a Gbps. */
  public static readonly R5_12XLARGE = NodeType.of('cache.r5.12xlarge');
  /** `cache.r5.24xlarge`: 96 vCPU, 635.61 GiB, 25/n/a Gbps. */
  public static readonly R5_24XLARGE = NodeType.of('cache.r5.24xlarge');
  /** `cache.r4.large`: 2 vCPU, 12.30 GiB, .75/10 Gbps. */
  public static readonly R4_LARGE = NodeType.of('cache.r4.large');
  /** `cache.r4.xlarge`: 4 vCPU, 25.05 GiB, 1.25/10 Gbps. */
  public static readonly R4_XLARGE = NodeType.of('cache.r4.xlarge');
  /** `cache.r4.2xlarge`: 8 vCPU, 50.47 GiB, 2.5/10 Gbps. */
  public static readonly R4_2XLARGE = NodeType.of('cache.r4.2xlarge');
  /** `cache.r4.4xlarge`: 16 vCPU, 101.38 GiB, 5/10 Gbps. */
  public static readonly R4_4XLARGE = NodeType.of('cache.r4.4xlarge');
  /** `cache.r4.8xlarge`: 32 vCPU, 203.26 GiB, 12/n/a Gbps. */
  public static readonly R4_8XLARGE = NodeType.of('cache.r4.8xlarge');
  /** `cache.r4.16xlarge`: 64 vCPU, 407.00 GiB, 25/n/a Gbps. */
  public static readonly R4_16XLARGE = NodeType.of('cache.r4.16xlarge');
  /** `cache.c8gn.large`: 2 vCPU, 3.1 GiB, 6.25/30 Gbps. */
  public static readonly C8GN_LARGE = NodeType.of('cache.c8gn.large');
  /** `cache.c8gn.xlarge`: 4 vCPU, 6.79 GiB, 12.5/40 Gbps. */
  public static readonly C8GN_XLARGE = NodeType.of('cache.c8gn.xlarge');
  /** `cache.c8gn.2xlarge`: 8 vCPU, 14.18 GiB, 25/50 Gbps. */
  public static readonly C8GN_2XLARGE = NodeType.of('cache.c8gn.2xlarge');
  /** `cache.c8gn.4xlarge`: 16 vCPU, 29.68 GiB, 50/n/a Gbps. */
  public static readonly C8GN_4XLARGE = NodeType.of('cache.c8gn.4xlarge');
  /** `cache.c8gn.8xlarge`: 32 vCPU, 61.33 GiB, 100/n/a Gbps. */
  public static readonly C8GN_8XLARGE = NodeType.of('cache.c8gn.8xlarge');
  /** `cache.c8gn.12xlarge`: 48 vCPU, 92.99 GiB, 150/n/a Gbps. */
  public static readonly C8GN_12XLARGE = NodeType.of('cache.c8gn.12xlarge');
  /** `cache.c8gn.16xlarge`: 64 vCPU, 124.65 GiB, 200/n/a Gbps. */
  public static readonly C8GN_16XLARGE = NodeType.of('cache.c8gn.16xlarge');
  /** `cache.c7gn.large`: 2 vCPU, 3.09 GiB, 6.25/30 Gbps. */
  public static readonly C7GN_LARGE = NodeType.of('cache.c7gn.large');
  /** `cache.c7gn.xlarge`: 4 vCPU, 6.38 GiB, 12.5/40 Gbps. */
  public static readonly C7GN_XLARGE = NodeType.of('cache.c7gn.xlarge');
  /** `cache.c7gn.2xlarge`: 8 vCPU, 12.94 GiB, 25/50 Gbps. */
  public static readonly C7GN_2XLARGE = NodeType.of('cache.c7gn.2xlarge');
  /** `cache.c7gn.4xlarge`: 16 vCPU, 26.05 GiB, 50/n/a Gbps. */
  public static readonly C7GN_4XLARGE = NodeType.of('cache.c7gn.4xlarge');
  /** `cache.c7gn.8xlarge`: 32 vCPU, 52.26 GiB, 100/n/a Gbps. */
  public static readonly C7GN_8XLARGE = NodeType.of('cache.c7gn.8xlarge');
  /** `cache.c7gn.12xlarge`: 48 vCPU, 78.56 GiB, 150/n/a Gbps. */
  public static readonly C7GN_12XLARGE = NodeType.of('cache.c7gn.12xlarge');
  /** `cache.c7gn.16xlarge`: 64 vCPU, 105.81 GiB, 200/n/a Gbps. */
  public static readonly C7GN_16XLARGE = NodeType.of('cache.c7gn.16xlarge');

  /**
   * A node type by name, for example `NodeType.of('cache.r7g.large')`.
   *
   * Returns the catalog instance when the name is known (so `NodeType.of('cache.r7g.large') === NodeType.R7G_LARGE`),
   * otherwise an instance whose metadata is `undefined`. The name must have the form `cache.<family>.<size>`;
   * an unresolved CDK token is accepted as is (its family and size are then `undefined`).
   *
   * @param name the node type name, for example `cache.r7g.large`
   */
  public static of(name: string): NodeType {
    if (Token.isUnresolved(name)) {
      return new NodeType({ name });
    }
    if (KNOWN.size === 0) {
      for (const row of CATALOG) {
        const [, fam, size] = NAME_PATTERN.exec(row[0])!;
        KNOWN.set(row[0], new NodeType({ name: row[0], family: fam, size, row, facts: FAMILIES[fam] }));
      }
    }
    const known = KNOWN.get(name);
    if (known) {
      return known;
    }
    const match = typeof name === 'string' ? NAME_PATTERN.exec(name) : null;
    if (!match) {
      throw new Error(`[NodeType.Format] nodeType must look like 'cache.<family>.<size>' (lowercase), for example 'cache.r7g.large', got '${name}'`);
    }
    return new NodeType({ name, family: match[1], size: match[2] });
  }

  /**
   * Every node type of the catalog, in catalog order (families m8g, m7g, m6g, m5, m4, t4g, t3, t2, r8g, r7g,
   * r6g, r6gd, r5, r4, c8gn, c7gn; sizes ascending). Includes the previous-generation T2 types
   * (`previousGeneration` is true for them).
   */
  public static all(): NodeType[] {
    return CATALOG.map((row) => NodeType.of(row[0]));
  }

  /** The node type name, for example `cache.r7g.large` (or an unresolved token). */
  public readonly name: string;

  /**
   * The family, for example `r7g`.
   *
   * @default - undefined when the name is an unresolved token
   */
  public readonly family?: string;

  /**
   * The size, for example `large` or `2xlarge`.
   *
   * @default - undefined when the name is an unresolved token
   */
  public readonly size?: string;

  /** Whether the node type is in this library's catalog (its metadata is then known). */
  public readonly known: boolean;

  /**
   * Memory in GiB as documented by AWS; this is the engine's `maxmemory`, not the EC2 RAM.
   * Memory usable for data is lower: ElastiCache reserves `reserved-memory-percent` (default 25%) of it.
   *
   * @default - undefined for a node type that is not in the catalog
   */
  public readonly memoryGib?: number;

  /**
   * The engine's `maxmemory` in bytes (Valkey node-type specific parameters).
   *
   * @default - undefined for a node type that is not in the catalog
   */
  public readonly maxMemoryBytes?: number;

  /**
   * Number of vCPUs. For non-burstable types this follows the EC2 size convention (no ElastiCache page states it).
   *
   * @default - undefined for a node type that is not in the catalog
   */
  public readonly vcpus?: number;

  /**
   * Baseline network bandwidth in Gbps.
   *
   * @default - undefined for a node type that is not in the catalog
   */
  public readonly networkBaselineGbps?: number;

  /**
   * Burst network bandwidth in Gbps ("up to").
   *
   * @default - undefined when the node type has no burst bandwidth (large sizes) or is not in the catalog
   */
  public readonly networkBurstGbps?: number;

  /**
   * Whether the node type runs on AWS Graviton (Arm64).
   *
   * @default - undefined for a node type that is not in the catalog
   */
  public readonly graviton?: boolean;

  /**
   * Whether the node type supports data tiering (r6gd); such nodes require `DataTieringEnabled`.
   *
   * @default - undefined for a node type that is not in the catalog
   */
  public readonly dataTiering?: boolean;

  /**
   * SSD capacity in GiB for data tiering node types.
   *
   * @default - undefined when the node type has no SSD or is not in the catalog
   */
  public readonly ssdGib?: number;

  /**
   * Whether the node type is burstable (T family, CPU credits).
   *
   * @default - undefined for a node type that is not in the catalog
   */
  public readonly burstable?: boolean;

  /**
   * The minimum Redis OSS engine version.
   *
   * @default - undefined when the node type does not support Redis OSS (m8g, r8g, c8gn: Valkey and Memcached only)
   * or is not in the catalog
   */
  public readonly minRedisVersion?: string;

  /**
   * The minimum Valkey engine version.
   *
   * @default - undefined for a node type that is not in the catalog
   */
  public readonly minValkeyVersion?: string;

  /**
   * The minimum Memcached engine version.
   *
   * @default - undefined when the node type does not support Memcached (r6gd) or is not in the catalog
   */
  public readonly minMemcachedVersion?: string;

  /**
   * Whether the node type is previous generation: ElastiCache no longer creates clusters on T1, M1, M2, M3, C1
   * and R3, and T2 is being moved to the previous generation (given through `of()` too).
   */
  public readonly previousGeneration: boolean;

  private constructor(props: NodeTypeFacts) {
    this.name = props.name;
    this.family = props.family;
    this.size = props.size;
    this.known = props.row !== undefined;
    this.previousGeneration = props.facts?.previousGeneration ?? PREVIOUS_GENERATION_NODE_FAMILIES.includes(props.family ?? '');
    const row = props.row;
    const facts = props.facts;
    if (row && facts) {
      this.vcpus = row[1];
      this.memoryGib = row[2];
      this.maxMemoryBytes = row[3];
      this.networkBaselineGbps = row[4];
      this.networkBurstGbps = row[5];
      this.ssdGib = row[6];
      this.graviton = facts.graviton;
      this.burstable = facts.burstable;
      this.dataTiering = facts.dataTiering;
      this.minRedisVersion = MIN_REDIS_OVERRIDES[props.name] ?? facts.minRedis;
      this.minValkeyVersion = facts.minValkey;
      this.minMemcachedVersion = facts.minMemcached;
    }
  }

  /** The node type name, for example `cache.r7g.large`. */
  public toString(): string {
    return this.name;
  }
}
