import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis, { RedisOptions } from 'ioredis';
import { CacheEndpoints, HostPort } from '../../src/local';

export const fixture = (name: string) => join(__dirname, 'fixtures', name);
export const stateDir = () => mkdtempSync(join(tmpdir(), 'cdk-ec-test-'));

/** An ioredis client for an endpoint of a cache, with TLS and credentials from endpoints.json. */
export function client(cache: CacheEndpoints, at: HostPort, opts: RedisOptions & { ca?: string } = {}): Redis {
  const { ca, ...rest } = opts;
  const r = new Redis({
    host: at.host,
    port: at.port,
    tls: cache.tls ? { ca: ca ?? readFileSync(cache.caFile!, 'utf8'), servername: 'localhost' } : undefined,
    password: cache.authToken ?? undefined,
    maxRetriesPerRequest: 3,
    retryStrategy: (t) => (t > 100 ? null : 20),
    ...rest,
  });
  r.on('error', () => undefined);
  return r;
}

/** Resolves to the error an ioredis call rejects with. */
export async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/**
 * redis-benchmark arguments for an endpoint of a cache (pipelined, quiet): TLS with the engine's CA when the cache has
 * one, the AUTH token when it has one. `options` are redis-benchmark's own (`-t`, `-n`, `-c`, `--csv`...).
 */
export function redisBenchmarkArgs(cache: Pick<CacheEndpoints, 'caFile' | 'authToken'>, at: HostPort, options: string[]): string[] {
  const args = ['-h', at.host, '-p', String(at.port), '-P', '16', '-q', ...options];
  if (cache.caFile) args.push('--tls', '--cacert', cache.caFile);
  if (cache.authToken) args.push('-a', cache.authToken);
  return args;
}
