import Redis, { Cluster } from 'ioredis';

/** Either a single-endpoint client (cluster mode disabled) or a cluster client. */
export type CacheClient = Redis | Cluster;
