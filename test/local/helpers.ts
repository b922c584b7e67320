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
