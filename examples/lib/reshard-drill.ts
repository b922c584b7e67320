import { performance } from 'node:perf_hooks';
import type { Cluster } from 'ioredis';

/** What a cluster client saw while its cache was resharded. */
export interface ReshardDrillResult {
  /** Writes acknowledged with `WAIT 1` (a replica of the primary that took the write has it). */
  readonly acknowledged: number;
  /** Acknowledged writes whose key did not read back with its value afterwards. */
  readonly lost: number;
  /** Commands that failed in the client (after its own MOVED/ASK handling). */
  readonly clientErrors: number;
  /**
   * Rejections of the client's own promises that nothing handled, with 'Connection is closed.': ioredis 5 `Cluster`
   * sends `ASKING` without handling its promise (built/cluster/index.js), and drops its connection to a primary that
   * has no slot yet when a slot refresh does not list it. The command itself is retried (not a client error).
   */
  readonly clientInternalRejections: number;
  /** How long the reshard took, ms. */
  readonly reshardMillis: number;
  /** Acknowledged writes per second before the reshard and during it. */
  readonly writesPerSecondBefore: number;
  readonly writesPerSecondDuring: number;
}

export interface ReshardDrillOptions {
  /** Key prefix of the drill's writes. */
  readonly prefix?: string;
  /** How long the load runs before the reshard starts (throughput baseline), ms. Default 1000. */
  readonly warmupMs?: number;
  /** Writes sent together before they are acknowledged. Default 20. */
  readonly batch?: number;
}

/**
 * Writes unique keys through an ioredis `Cluster` (which follows MOVED and ASK itself) in batches; a batch counts as
 * acknowledged when `WAIT 1` answers >= 1 on every primary connection of the client — WAIT covers the writes of the
 * connection it is sent on, and each write went through the connection of the primary that took it. Runs
 * `reshard` after a warm-up, keeps writing until it resolves, then reads every acknowledged key back.
 */
export async function reshardDrill(
  cluster: Cluster,
  reshard: () => Promise<unknown>,
  options: ReshardDrillOptions = {},
): Promise<ReshardDrillResult> {
  const prefix = options.prefix ?? 'drill:reshard';
  const batch = options.batch ?? 20;
  const acknowledged: number[] = [];
  let clientErrors = 0;
  let clientInternalRejections = 0;
  // Only these are counted; any other unhandled rejection is thrown again (Node's default: the process fails).
  const onUnhandled = (reason: unknown) => {
    if (reason instanceof Error && reason.message === 'Connection is closed.') clientInternalRejections++;
    else throw reason;
  };
  process.on('unhandledRejection', onUnhandled);
  let next = 0;
  let done = false;
  const writer = (async () => {
    while (!done) {
      const ids = Array.from({ length: batch }, () => next++);
      const results = await Promise.allSettled(ids.map((i) => cluster.set(`${prefix}:${i}`, String(i))));
      const written = ids.filter((_, j) => results[j].status === 'fulfilled');
      clientErrors += ids.length - written.length;
      const waits = await Promise.allSettled(cluster.nodes('master').map((n) => n.call('WAIT', '1', '2000')));
      if (waits.every((w) => w.status === 'fulfilled' && Number(w.value) >= 1)) acknowledged.push(...written);
      else clientErrors += waits.filter((w) => w.status === 'rejected').length;
    }
  })();
  await new Promise((r) => setTimeout(r, options.warmupMs ?? 1000));
  const before = acknowledged.length;
  const t0 = performance.now();
  const warmupMs = options.warmupMs ?? 1000;
  try {
    await reshard();
  } finally {
    done = true;
    await writer;
    process.off('unhandledRejection', onUnhandled);
  }
  const reshardMillis = performance.now() - t0;
  const during = acknowledged.length - before;
  let lost = 0;
  for (let i = 0; i < acknowledged.length; i += 500) {
    const chunk = acknowledged.slice(i, i + 500);
    const values = await Promise.all(chunk.map((k) => cluster.get(`${prefix}:${k}`)));
    lost += chunk.filter((k, j) => values[j] !== String(k)).length;
  }
  return {
    acknowledged: acknowledged.length,
    lost,
    clientErrors,
    clientInternalRejections,
    reshardMillis,
    writesPerSecondBefore: before / (warmupMs / 1000),
    writesPerSecondDuring: during / (reshardMillis / 1000),
  };
}
