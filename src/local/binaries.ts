import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MissingBinaryError } from './errors';
import { Engine } from './topology/model';

/** An engine binary found on PATH and the version it reports. */
export interface EngineBinary {
  readonly name: string;
  readonly path: string;
  readonly version: string;
  /** `redis` or `valkey` for server binaries, `memcached` otherwise. */
  readonly flavour: Engine;
}

const INSTALL_HINTS: Record<string, string> = {
  'redis-server': "'sudo apt-get install -y redis-server' (Debian/Ubuntu) or 'brew install redis' (macOS)",
  'valkey-server': "'sudo apt-get install -y valkey-server' (Debian 13+/Ubuntu 25.04+) or 'brew install valkey' (macOS)",
  'memcached': "'sudo apt-get install -y memcached' (Debian/Ubuntu) or 'brew install memcached' (macOS)",
};

/**
 * Overrides for tests or unusual installs: explicit paths (or names looked up on PATH) of the binaries.
 * Unset fields fall back to the environment variables `CDK_ELASTICACHE_REDIS_SERVER`, `CDK_ELASTICACHE_VALKEY_SERVER`
 * and `CDK_ELASTICACHE_MEMCACHED`, then to PATH.
 */
export interface BinaryOverrides {
  /** The binary serving Redis OSS caches. */
  readonly redisServer?: string;
  /** The binary serving Valkey caches. */
  readonly valkeyServer?: string;
  readonly memcached?: string;
}

/** Environment variables that choose a binary (e.g. CI runs the engine's tests once more with the two servers swapped). */
export const BINARY_ENV = {
  redisServer: 'CDK_ELASTICACHE_REDIS_SERVER',
  valkeyServer: 'CDK_ELASTICACHE_VALKEY_SERVER',
  memcached: 'CDK_ELASTICACHE_MEMCACHED',
} as const;

/** An explicit choice (option, else environment variable) as a path: a bare name is looked up on PATH. */
function chosen(overrides: BinaryOverrides, key: keyof BinaryOverrides): string | undefined {
  const value = overrides[key] ?? (process.env[BINARY_ENV[key]] || undefined);
  if (value === undefined) return undefined;
  if (value.includes('/')) return value;
  const found = which(value);
  if (!found) {
    const source = overrides[key] ? `binaries.${key}` : BINARY_ENV[key];
    throw new Error(`${source} names '${value}', which is not on PATH: give a path or the name of an installed binary`);
  }
  return found;
}

export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const cache = new Map<string, EngineBinary>();

function probe(name: string, path: string, flavour: Engine): EngineBinary {
  const key = `${flavour}:${path}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out = execFileSync(path, [flavour === 'memcached' ? '-V' : '--version'], { encoding: 'utf8' });
  const m = flavour === 'memcached' ? /memcached\s+(\d+\.\d+(?:\.\d+)?)/.exec(out) : /v=(\d+\.\d+(?:\.\d+)?)/.exec(out);
  const detected: Engine = flavour === 'memcached' ? 'memcached' : /valkey/i.test(out) ? 'valkey' : 'redis';
  // The name says what the binary is (a valkey-server may be installed as redis-server by valkey-redis-compat).
  const actual = flavour === 'memcached' ? name : detected === 'valkey' ? 'valkey-server' : 'redis-server';
  const bin: EngineBinary = { name: actual, path, version: m ? m[1] : 'unknown', flavour: detected };
  cache.set(key, bin);
  return bin;
}

/** Finds the binary serving an engine: valkey-server preferred for valkey, redis-server otherwise. */
export function findEngineBinary(engine: Engine, overrides: BinaryOverrides = {}): EngineBinary {
  if (engine === 'memcached') {
    const path = chosen(overrides, 'memcached') ?? which('memcached');
    if (!path) throw new MissingBinaryError('memcached', INSTALL_HINTS.memcached);
    return probe('memcached', path, 'memcached');
  }
  if (engine === 'valkey') {
    const valkey = chosen(overrides, 'valkeyServer') ?? which('valkey-server');
    if (valkey) return probe(serverName(valkey), valkey, 'valkey');
  }
  const redis = (engine === 'redis' ? chosen(overrides, 'redisServer') : undefined) ?? which('redis-server') ?? (engine === 'redis' ? which('valkey-server') : undefined);
  if (!redis) {
    throw new MissingBinaryError(engine === 'valkey' ? 'valkey-server or redis-server' : 'redis-server', engine === 'valkey' ? `${INSTALL_HINTS['valkey-server']}, or ${INSTALL_HINTS['redis-server']}` : INSTALL_HINTS['redis-server']);
  }
  return probe(serverName(redis), redis, 'redis');
}

function serverName(path: string): string {
  return /valkey/.test(path.split('/').pop() ?? '') ? 'valkey-server' : 'redis-server';
}

/** A warning when the binary is older than the engine version the template asks for, else undefined. */
export function versionWarning(cacheId: string, engine: Engine, wanted: string | undefined, bin: EngineBinary): string | undefined {
  if (!wanted || bin.version === 'unknown') return undefined;
  const want = parseVersion(wanted);
  const have = parseVersion(bin.version);
  if (!want) return undefined;
  // Valkey 7.2 is Redis 7.2 compatible; Valkey 8+ has no Redis equivalent, so any Redis binary is older.
  const older = compare(have ?? [0, 0], want) < 0;
  if (older || (engine === 'valkey' && bin.flavour === 'redis' && want[0] >= 8)) {
    return `${cacheId}: template asks for ${engine} ${wanted}, served locally by ${bin.name} ${bin.version} (older)`;
  }
  return undefined;
}

function parseVersion(v: string): number[] | undefined {
  const m = /(\d+)(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

function compare(a: number[], b: number[]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}
