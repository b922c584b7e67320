import { CacheEngine, EngineType } from '../engine';
import { MEMCACHED_DEFAULT_PORT, REDIS_DEFAULT_PORT, SERVERLESS_MEMCACHED_READER_PORT, SERVERLESS_REDIS_READER_PORT } from '../spec';

/**
 * Ports of a serverless cache: Valkey/Redis OSS serve writes and strongly consistent reads on 6379 and
 * read-from-replica (latency-optimized, eventually consistent) on 6380 (ElastiCache User Guide,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ReadReplicas.html). Memcached serverless
 * caches listen on 11211 and 11212 for their reader endpoint (inference by analogy: the CFN
 * `ReaderEndpoint.Port` attribute is authoritative, see `readerEndpoint`).
 * @internal
 */
export function serverlessPorts(engine: CacheEngine | undefined): { port: number; readerPort: number } {
  return engine?.engineType === EngineType.MEMCACHED
    ? { port: MEMCACHED_DEFAULT_PORT, readerPort: SERVERLESS_MEMCACHED_READER_PORT }
    : { port: REDIS_DEFAULT_PORT, readerPort: SERVERLESS_REDIS_READER_PORT };
}
