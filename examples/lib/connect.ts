import { readFileSync } from 'node:fs';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import type { CacheEndpoints, HostPort } from '../../src/local';
import { CacheClient } from '../patterns/client';

/** Credentials to connect with: a user of the cache's user group, or the AUTH token. */
export interface Credentials {
  readonly username?: string;
  readonly password?: string;
}

/** Connection options of a cache as the local engine (or ElastiCache) reports it. */
export function redisOptions(cache: CacheEndpoints, credentials: Credentials): RedisOptions {
  return {
    username: credentials.username,
    password: credentials.password ?? cache.authToken ?? undefined,
    tls: cache.tls ? { ca: cache.caFile ? readFileSync(cache.caFile) : undefined, servername: 'localhost' } : undefined,
    // Least-privilege users may not run INFO, which ioredis' ready check uses.
    enableReadyCheck: false,
    maxRetriesPerRequest: 2,
    connectTimeout: 2000,
  };
}

/**
 * The client an application uses for the cache: a cluster client on the configuration endpoint
 * (cluster mode enabled), or a plain client on the primary endpoint (cluster mode disabled).
 */
export function connect(cache: CacheEndpoints, credentials: Credentials = {}, endpoint?: HostPort): CacheClient {
  const options = redisOptions(cache, credentials);
  if (cache.clusterMode) {
    const seed = endpoint ?? cache.configuration!;
    return listenForErrors(new Cluster([{ host: seed.host, port: seed.port }], {
      redisOptions: options,
      enableReadyCheck: false,
      dnsLookup: (address, callback) => callback(null, address),
      slotsRefreshTimeout: 2000,
      clusterRetryStrategy: (times) => Math.min(100 * times, 1000),
    }));
  }
  const target = endpoint ?? cache.primary!;
  // After a failover an open connection may still reach the demoted primary, which answers READONLY:
  // reconnect (the primary endpoint now leads to the new primary) and resend the command.
  const reconnectOnError = (err: Error) => (err.message.startsWith('READONLY') ? 2 : false);
  return listenForErrors(new Redis({ ...options, host: target.host, port: target.port, reconnectOnError }));
}

/**
 * Connection errors (a node restarting, a failover, the cache going away) are retried by the client and surface as
 * the errors of the commands that fail; without an 'error' listener ioredis also reports each as unhandled.
 */
function listenForErrors<T extends CacheClient>(client: T): T {
  client.on('error', () => undefined);
  return client;
}

/** The example application's user name in the caches' user groups. */
export const APP_USER = 'app';

/** How the application authenticates: as its RBAC user when the cache has one, else with the AUTH token. */
export function appCredentials(cache: CacheEndpoints): Credentials {
  const password = cache.users[APP_USER];
  return password !== undefined ? { username: APP_USER, password } : { password: cache.authToken ?? undefined };
}
