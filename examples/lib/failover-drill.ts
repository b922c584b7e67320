import { performance } from 'node:perf_hooks';
import { CacheClient } from '../patterns/client';

/** What the application saw during a failover. */
export interface DrillResult {
  readonly acknowledged: number;
  readonly lost: number;
  readonly failedAttempts: number;
  /** Longest time between two acknowledged writes around the failover, in ms. */
  readonly longestGapMs: number;
  readonly latencies: number[];
}

/**
 * Writes keys one after another, each acknowledged only when `WAIT 1` confirms a replica has it,
 * triggers a failover after `failoverAfter` acknowledged writes, keeps writing through it
 * (retrying failed attempts), then reads every acknowledged key back.
 */
export async function failoverDrill(
  client: CacheClient,
  keyPrefix: string,
  failover: () => Promise<unknown>,
  options: { writes?: number; failoverAfter?: number } = {},
): Promise<DrillResult> {
  const writes = options.writes ?? 200;
  const failoverAfter = options.failoverAfter ?? writes / 2;
  const acknowledged: string[] = [];
  const latencies: number[] = [];
  let failedAttempts = 0;
  let longestGapMs = 0;
  let lastAck = performance.now();
  let failing: Promise<unknown> | undefined;
  for (let i = 0; i < writes; i++) {
    const key = `${keyPrefix}{drill}:${i}`; // one hash slot: in cluster mode the drill stays on one shard
    for (;;) {
      const start = performance.now();
      try {
        await client.set(key, String(i));
        const replicas = Number(await client.call('WAIT', '1', '1000'));
        if (replicas < 1) throw new Error('not replicated');
        latencies.push(performance.now() - start);
        break;
      } catch {
        failedAttempts++;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - lastAck);
    lastAck = now;
    acknowledged.push(key);
    if (acknowledged.length === failoverAfter) failing = failover();
  }
  await failing;
  let lost = 0;
  for (const [i, key] of acknowledged.entries()) {
    if ((await client.get(key)) !== String(i)) lost++;
  }
  return { acknowledged: acknowledged.length, lost, failedAttempts, longestGapMs, latencies };
}
