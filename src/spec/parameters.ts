/**
 * Metadata of the engine parameters the library and its users set most, from the Developer Guide's parameter
 * pages (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html, sections
 * "Valkey and Redis OSS parameters" and "Memcached specific parameters"; ParameterGroups.Redis.html for
 * `reserved-memory-percent`): allowed values and whether ElastiCache lets a parameter group change it.
 * Parameters not listed here are not checked (AWS validates them at deploy time).
 */
export interface ParameterFacts {
  /** The values allowed, when they are an enumeration. */
  readonly allowed?: ReadonlyArray<string>;
  /** Integer bounds, when the parameter is numeric. */
  readonly min?: number;
  readonly max?: number;
  /** A grammar, when neither of the above fits. */
  readonly pattern?: RegExp;
  /** False when ElastiCache does not let a parameter group change the parameter. */
  readonly modifiable: boolean;
}

const YES_NO = ['yes', 'no'];

/** Valkey and Redis OSS (families valkey*, redis*). */
export const REDIS_PARAMETERS: { readonly [name: string]: ParameterFacts } = {
  'maxmemory-policy': {
    allowed: ['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'],
    modifiable: true,
  },
  'maxmemory-samples': { min: 1, max: 64, modifiable: true },
  'reserved-memory-percent': { min: 0, max: 100, modifiable: true },
  'cluster-enabled': { allowed: YES_NO, modifiable: true },
  'activedefrag': { allowed: YES_NO, modifiable: true },
  'lazyfree-lazy-eviction': { allowed: YES_NO, modifiable: true },
  'lazyfree-lazy-expire': { allowed: YES_NO, modifiable: true },
  'lazyfree-lazy-server-del': { allowed: YES_NO, modifiable: true },
  'notify-keyspace-events': { pattern: /^[KEg$lshzxetmdnA]*$/, modifiable: true },
  'timeout': { min: 0, modifiable: true },
  'tcp-keepalive': { min: 0, modifiable: true },
  'slowlog-log-slower-than': { min: 0, modifiable: true },
  'slowlog-max-len': { min: 0, modifiable: true },
  'cluster-databases': { min: 1, max: 10_000, modifiable: true },
  // "Modifiable: No": maxmemory is set per node type; lua-time-limit is fixed.
  'maxmemory': { modifiable: false },
  'lua-time-limit': { modifiable: false },
};

/** Memcached (families memcached*). */
export const MEMCACHED_PARAMETERS: { readonly [name: string]: ParameterFacts } = {
  binding_protocol: { allowed: ['ascii', 'binary', 'auto'], modifiable: true },
  cas_disabled: { allowed: ['0', '1'], modifiable: true },
};

/** The facts of a parameter in a family, or undefined when the library does not know it. */
export function parameterFacts(family: string, name: string): ParameterFacts | undefined {
  const table = family.startsWith('memcached') ? MEMCACHED_PARAMETERS : REDIS_PARAMETERS;
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** A problem with one parameter value (`name` is how the caller shows it, e.g. `parameters['maxmemory-policy']`). */
export function parameterProblem(name: string, family: string, parameter: string, value: string): string | undefined {
  const facts = parameterFacts(family, parameter);
  if (!facts) return undefined;
  if (!facts.modifiable) return `${name} cannot be set: ElastiCache does not let a parameter group change '${parameter}' (${family})`;
  if (facts.allowed && !facts.allowed.includes(value)) {
    return `${name} must be one of ${facts.allowed.join(', ')}, got '${value}'`;
  }
  if (facts.min !== undefined || facts.max !== undefined) {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || (facts.min !== undefined && n < facts.min) || (facts.max !== undefined && n > facts.max)) {
      const range = facts.max === undefined ? `an integer of at least ${facts.min}` : `an integer between ${facts.min ?? 0} and ${facts.max}`;
      return `${name} must be ${range}, got '${value}'`;
    }
  }
  if (facts.pattern && !facts.pattern.test(value)) return `${name} must match ${facts.pattern.source}, got '${value}'`;
  return undefined;
}
