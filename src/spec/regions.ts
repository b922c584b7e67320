import { REGION_OFFERINGS } from './region-offerings.generated';
import { compareVersions } from './versions';

/**
 * Node types by Region and the engine versions ElastiCache offers, from cfn-lint's data (MIT-0; cfn-lint generates
 * it from the AWS pricing and ElastiCache APIs): src/spec/region-offerings.generated.ts, written by
 * scripts/region-offerings.ts (source and date in its header). Without that data every check here passes.
 *
 * Every function takes the table as its last argument (`undefined`: no data, every check passes). The constructs'
 * Region rules (src/private/validation.ts `regionRules`) and the cdk-nag rule (src/nag/rules/region-availability.ts)
 * both pass `activeOfferings()`: the data the library was built with, or the table `withOfferings` sets for the
 * duration of a call, so tests run them on a synthetic table.
 */
export interface Offerings {
  readonly source: string;
  readonly date: string;
  readonly engineVersions: { readonly [engine: string]: ReadonlyArray<string> };
  /** Per Region: `family:size,size;family:size`. */
  readonly nodeTypes: { readonly [region: string]: string };
}

/** The data the library was built with, or undefined. */
export const OFFERINGS: Offerings | undefined = REGION_OFFERINGS;

let active: Offerings | undefined = OFFERINGS;

/** The table the Region checks read when given none: `OFFERINGS`, unless `withOfferings` is running. */
export function activeOfferings(): Offerings | undefined {
  return active;
}

/**
 * Runs `fn` (e.g. constructing a cache, or running a cdk-nag pack) with `offerings` as the active table, then
 * restores the previous one. `undefined` runs it as a build without data. Internal: not exported by the library.
 */
export function withOfferings<T>(offerings: Offerings | undefined, fn: () => T): T {
  const previous = active;
  active = offerings;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** Whether the table has any fact (a missing or empty table turns the Region checks off). */
export function hasOfferings(offerings: Offerings | undefined): offerings is Offerings {
  return offerings !== undefined && (Object.keys(offerings.nodeTypes).length > 0 || Object.keys(offerings.engineVersions).length > 0);
}

const parsed = new WeakMap<Offerings, Map<string, Set<string>>>();

/** The node types offered in each Region of the data. */
function nodeTypesByRegion(offerings: Offerings): Map<string, Set<string>> {
  let byRegion = parsed.get(offerings);
  if (!byRegion) {
    byRegion = new Map();
    for (const [region, families] of Object.entries(offerings.nodeTypes)) {
      const names = new Set<string>();
      for (const entry of families.split(';').filter(Boolean)) {
        const [family, sizes] = entry.split(':');
        for (const size of sizes.split(',')) names.add(`cache.${family}.${size}`);
      }
      byRegion.set(region, names);
    }
    parsed.set(offerings, byRegion);
  }
  return byRegion;
}

/** Whether the Region offers the node type: undefined when the data does not know the Region (or there is no data). */
export function offersNodeType(region: string, nodeType: string, offerings: Offerings | undefined): boolean | undefined {
  return offerings ? nodeTypesByRegion(offerings).get(region)?.has(nodeType) : undefined;
}

/** The Regions of the data that do not offer the node type. */
export function regionsWithout(nodeType: string, offerings: Offerings | undefined): string[] {
  return offerings ? [...nodeTypesByRegion(offerings)].filter(([, names]) => !names.has(nodeType)).map(([region]) => region) : [];
}

/** Whether some Region of the data offers the node type (a type newer than the data, given through `of()`, is unknown). */
export function knownNodeType(nodeType: string, offerings: Offerings | undefined): boolean {
  return offerings !== undefined && [...nodeTypesByRegion(offerings).values()].some((names) => names.has(nodeType));
}

/**
 * An error message when the (concrete) Region does not offer a node type other Regions of the data offer. Node types
 * no Region of the data offers are left to the other rules (previous generation) or to AWS (newer than the data).
 */
export function regionNodeTypeProblem(
  name: string, nodeType: string, region: string, offerings: Offerings | undefined,
): string | undefined {
  if (!offerings || !knownNodeType(nodeType, offerings) || offersNodeType(region, nodeType, offerings) !== false) return undefined;
  const size = nodeType.split('.')[2];
  const alternatives = [...(nodeTypesByRegion(offerings).get(region) ?? [])].filter((n) => n.endsWith(`.${size}`)).sort().slice(0, 3);
  return `${name} ${nodeType} is not offered in ${region} (ElastiCache node types by Region, cfn-lint data of ${offerings.date})`
    + (alternatives.length ? `; node types of that size offered there: ${alternatives.join(', ')}` : '');
}

/** A warning for an environment-agnostic stack: the node type is missing in some Regions of the data. */
export function agnosticNodeTypeWarning(name: string, nodeType: string, offerings: Offerings | undefined): string | undefined {
  const missing = offerings && knownNodeType(nodeType, offerings) ? regionsWithout(nodeType, offerings) : [];
  if (!offerings || missing.length === 0) return undefined;
  const total = Object.keys(offerings.nodeTypes).length;
  return `${name} ${nodeType} is not offered in ${missing.length} of ${total} Regions (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}); `
    + 'the stack is environment-agnostic, so its Region is not checked: give the stack an env with a region to check it';
}

/**
 * An error message when ElastiCache does not offer the engine version (the data lists versions for every Region):
 * a version older than the newest of the data and not listed. Newer versions are left to AWS (`of()` is the
 * way to use a version released after the data).
 */
export function engineVersionOfferingProblem(
  name: string, engine: string, version: string, offerings: Offerings | undefined,
): string | undefined {
  const versions = offerings?.engineVersions[engine];
  if (!offerings || !versions || versions.includes(version) || !/^\d+(\.\d+)*$/.test(version)) return undefined;
  const newest = [...versions].sort(compareVersions).pop()!;
  if (compareVersions(version, newest) > 0) return undefined;
  return `${name} ${engine} ${version} is not an engine version ElastiCache offers (cfn-lint data of ${offerings.date}: ${versions.join(', ')})`;
}
