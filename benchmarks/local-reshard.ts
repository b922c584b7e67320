/* eslint-disable no-console */
// Online resharding (issue 14): a cluster-mode-enabled TLS + AUTH group, 3 shards x 1 replica, 100,000 keys, goes to
// 4 shards while an ioredis Cluster writes steadily (batches acknowledged with WAIT 1 on every primary).
// Run: npx ts-node --project tsconfig.dev.json benchmarks/local-reshard.ts
// Env: KEYS (default 100000), ENGINE (valkey | redis, default valkey), TLS=0 for plaintext without AUTH, LOG=1 to print
// the engine's log (times of the join and of the slot moves).
// Prints: time to complete, client errors, acknowledged writes lost, throughput during the move / before.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Cluster } from 'ioredis';
import { reshardDrill } from '../examples/lib/reshard-drill';
import { LocalEngine } from '../src/local';

const KEYS = Number(process.env.KEYS ?? 100_000);
const ENGINE = process.env.ENGINE ?? 'valkey';
const TLS = process.env.TLS !== '0';

async function main() {
  const engine = await LocalEngine.start({
    Resources: {
      Data: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: {
          ReplicationGroupDescription: 'reshard benchmark',
          Engine: ENGINE,
          CacheNodeType: 'cache.r7g.large',
          ClusterMode: 'enabled',
          NumNodeGroups: 3,
          ReplicasPerNodeGroup: 1,
          TransitEncryptionEnabled: TLS,
          AuthToken: TLS ? 'benchmark-auth-token-0123456789' : undefined,
        },
      },
    },
  }, { maxmemory: '256mb', log: process.env.LOG === '1' ? (m: string) => console.log(`  [engine] ${m}`) : undefined });
  try {
    const c = engine.cache('Data');
    const client = (autoPipelining: boolean) => {
      const cl = new Cluster([c.configuration!], {
        redisOptions: { tls: c.caFile ? { ca: readFileSync(c.caFile, 'utf8'), servername: 'localhost' } : undefined, password: c.authToken ?? undefined },
        enableAutoPipelining: autoPipelining,
        clusterRetryStrategy: (t) => (t > 40 ? null : 50),
      });
      cl.on('error', () => undefined);
      return cl;
    };
    const loader = client(true);
    const value = 'x'.repeat(100);
    for (let i = 0; i < KEYS; i += 5000) {
      await Promise.all(Array.from({ length: Math.min(5000, KEYS - i) }, (_, j) => loader.set(`bench:${i + j}`, value)));
    }
    loader.disconnect();
    const writer = client(false);
    const load = loadavg()[0];
    const r = await reshardDrill(writer, () => engine.reshard('Data', 4), { prefix: 'drill', warmupMs: 2000 }).catch((e: Error) => {
      console.error(`reshard failed: ${e.message}`);
      throw e;
    });
    const checker = client(true);
    const missing = (await Promise.all(Array.from({ length: KEYS }, (_, i) => checker.exists(`bench:${i}`)))).filter((x) => x !== 1).length;
    checker.disconnect();
    writer.disconnect();
    console.log(`${ENGINE}${TLS ? ', TLS + AUTH' : ''}, 3 -> 4 shards x 1 replica, ${KEYS} keys (load average ${load.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after)`);
    console.log(`  time to complete:       ${(r.reshardMillis / 1000).toFixed(1)} s`);
    console.log(`  client errors:          ${r.clientErrors} (and ${r.clientInternalRejections} unhandled 'Connection is closed.' of ioredis' own ASKING)`);
    console.log(`  acknowledged writes:    ${r.acknowledged}, lost: ${r.lost}; preloaded keys missing: ${missing}`);
    console.log(`  throughput:             ${r.writesPerSecondBefore.toFixed(0)} writes/s before, ${r.writesPerSecondDuring.toFixed(0)} during (ratio ${(r.writesPerSecondDuring / r.writesPerSecondBefore).toFixed(2)})`);
    if (r.lost > 0 || missing > 0) process.exitCode = 1;
  } finally {
    await engine.stop();
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
