/*
 * The 10,000-case fuzz run of issue 12: every construct's generator of test/fuzz, 10,000 cases each (FUZZ_RUNS),
 * seeded (FUZZ_SEED, printed), the same oracle as the CI suite (schema harness, template rules, cdk-nag packs on the
 * secure cases; FUZZ_NAG_EVERY=n runs the packs on one secure case in n to fit the run in an hour).
 *
 *   FUZZ_NAG_EVERY=10 npx ts-node --project tsconfig.dev.json benchmarks/fuzz-10k.ts [construct...]
 *
 * Without arguments each construct runs in a process of its own: aws-cdk-lib keeps every token of a process for
 * its lifetime, and ~45,000 cases in one process exhausted a 4 GB heap.
 *
 * Figures of the last run are in benchmarks/RESULTS.md.
 */
import { spawnSync } from 'child_process';
import { TARGETS } from '../test/fuzz/cases';
import { fuzz, SEED } from '../test/fuzz/oracle';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const only = process.argv.slice(2);
if (only.length === 0) {
  for (const target of TARGETS) {
    spawnSync('npx', ['ts-node', '--project', 'tsconfig.dev.json', __filename, target.name], { stdio: 'inherit' });
  }
  process.exit(0);
}
console.log(`fuzz-10k: seed ${SEED}, ${runs} cases per construct, nag packs on 1 secure case in ${process.env.FUZZ_NAG_EVERY ?? 1}`);
for (const target of TARGETS.filter((t) => only.length === 0 || only.includes(t.name))) {
  const start = Date.now();
  try {
    const stats = fuzz(target.name, target.arbitrary, target.one, runs);
    const seconds = (Date.now() - start) / 1000;
    const top = [...stats.codes].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([c, n]) => `${c} ${n}`).join(', ');
    console.log(`| ${target.name} | ${stats.cases} | ${stats.rejected} | ${stats.synthesized} | ${stats.nagChecked} | ${seconds.toFixed(0)} s | 0 | ${top} |`);
  } catch (e) {
    console.log(`| ${target.name} | FAILED after ${((Date.now() - start) / 1000).toFixed(0)} s | ${(e as Error).message.split('\n').slice(0, 4).join(' / ')} |`);
  }
}
