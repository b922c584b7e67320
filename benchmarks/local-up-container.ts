/* eslint-disable no-console */
// Benchmark of the container runtime (issue 11): `up` of the 3-shard x 2-replica TLS + ACL cluster inside the engine
// image vs native, interleaved (native, container, native, ...), median. Goal: container <= 1.5 x native.
// Needs the engine image (scripts/setup-container.sh, or `cdk-elasticache local image build`).
// Run: npx ts-node --project tsconfig.dev.json benchmarks/local-up-container.ts   (RUNS=7 by default)
import { join } from 'node:path';
import { LocalEngine } from '../src/local';
import { DEFAULT_ENGINE_IMAGE, findContainerTool, runTool } from '../src/local/container/tool';

const fixture = join(__dirname, '..', 'test', 'local', 'fixtures', 'cme-tls-rbac.json');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RUNS = Number(process.env.RUNS ?? 7);

async function upOnce(runtime: 'native' | 'container'): Promise<{ ms: number; servedBy: string }> {
  const t0 = performance.now();
  const e = await LocalEngine.start(fixture, { runtime });
  const ms = performance.now() - t0;
  const s = e.servedBy('Cache');
  await e.stop();
  return { ms, servedBy: `${s.binary} ${s.version}` };
}

(async () => {
  const tool = findContainerTool();
  const size = Number((await runTool(tool, ['image', 'inspect', '--format', '{{.Size}}', DEFAULT_ENGINE_IMAGE])).trim());
  // Warm-up of both (page cache, first podman run), not counted.
  await upOnce('native');
  await upOnce('container');
  const times = { native: [] as number[], container: [] as number[] };
  const servedBy: Record<string, string> = {};
  for (let i = 0; i < RUNS; i++) {
    for (const runtime of ['native', 'container'] as const) {
      const r = await upOnce(runtime);
      times[runtime].push(r.ms);
      servedBy[runtime] = r.servedBy;
      await sleep(300);
    }
  }
  const f = (n: number) => n.toFixed(0);
  for (const runtime of ['native', 'container'] as const) {
    console.log(`up 3x2 TLS+ACL ${runtime} (${servedBy[runtime]}): median ${f(median(times[runtime]))} ms (runs: ${times[runtime].map(f).join(', ')})`);
  }
  console.log(`ratio container / native = ${(median(times.container) / median(times.native)).toFixed(2)} (goal <= 1.5)`);
  console.log(`image ${DEFAULT_ENGINE_IMAGE} (${tool.name}): ${(size / 1e6).toFixed(0)} MB`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
