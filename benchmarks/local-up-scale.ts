/* eslint-disable no-console */
// `local up` at production size (issue 13): one cluster-mode-enabled TLS + AUTH group, 2 replicas per shard, at
// 3, 10 and 30 shards (9, 30, 90 nodes). Run: npx ts-node --project tsconfig.dev.json benchmarks/local-up-scale.ts
// Env: RUNS (default 5), SHARDS (default 3,10,30), ENGINE (valkey | redis, default valkey), TLS=0 for plaintext
// without AUTH (the comparison of issue 13).
// Every run also checks what a client sees right after `up`: every replica in CLUSTER SLOTS, every link up.
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { LocalEngine } from '../src/local';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZES = (process.env.SHARDS ?? '3,10,30').split(',').map(Number);
const ENGINE = process.env.ENGINE ?? 'valkey';
const TLS = process.env.TLS !== '0';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function template(shards: number) {
  return {
    Resources: {
      Big: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: {
          ReplicationGroupDescription: `${shards} shards`,
          Engine: ENGINE,
          CacheNodeType: 'cache.r7g.large',
          ClusterMode: 'enabled',
          NumNodeGroups: shards,
          ReplicasPerNodeGroup: 2,
          TransitEncryptionEnabled: TLS,
          AuthToken: TLS ? 'benchmark-auth-token-0123456789' : undefined,
        },
      },
    },
  };
}

/** What a client created right after `up` sees: every node lists every replica; every replica's link is up. */
async function complete(engine: LocalEngine, shards: number): Promise<boolean> {
  const c = engine.cache('Big');
  const ca = c.caFile ? readFileSync(c.caFile, 'utf8') : undefined;
  const ok = await Promise.all(
    c.nodes.map(async (n) => {
      const r = new Redis({ host: n.host, port: n.port, tls: ca ? { ca, servername: 'localhost' } : undefined, password: c.authToken ?? undefined, lazyConnect: true });
      try {
        await r.connect();
        const slots = (await r.call('CLUSTER', 'SLOTS')) as unknown[][];
        const listed = slots.reduce((a, s) => a + s.length - 3, 0);
        const link = n.role === 'primary' || /master_link_status:up/.test(await r.info('replication'));
        return listed === shards * 2 && slots.length === shards && link;
      } finally {
        r.disconnect();
      }
    }),
  );
  return ok.every(Boolean);
}

async function main() {
  const results: Record<number, number[]> = {};
  for (const shards of SIZES) {
    results[shards] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const engine = await LocalEngine.start(template(shards));
      const ms = performance.now() - t0;
      const seen = await complete(engine, shards);
      await engine.stop();
      if (!seen) throw new Error(`${shards} shards: a client right after up does not see every replica or link`);
      results[shards].push(ms);
      console.log(`${shards} shards (${shards * 3} nodes) run ${i + 1}: ${Math.round(ms)} ms`);
    }
  }
  console.log(`\n${ENGINE}, ${TLS ? 'TLS + AUTH' : 'plaintext, no AUTH'}, 2 replicas per shard, ${RUNS} runs each (median, min-max):`);
  for (const shards of SIZES) {
    const xs = results[shards];
    console.log(`  ${shards} shards / ${shards * 3} nodes: ${Math.round(median(xs))} ms (${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))})`);
  }
  if (results[3] && results[30]) console.log(`  up(90 nodes) / up(9 nodes): ${(median(results[30]) / median(results[3])).toFixed(1)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
