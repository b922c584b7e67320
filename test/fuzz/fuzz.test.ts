import { TARGETS } from './cases';
import { RUNS, SEED, fuzz } from './oracle';

/*
 * Property-based fuzzing of every construct (issue 12): FUZZ_RUNS cases each (200 in CI), seeded by FUZZ_SEED
 * (printed: rerun a failure with FUZZ_SEED=<seed>). The 10,000-case run is benchmarks/fuzz-10k.ts.
 */
console.log(`fuzz: seed ${SEED}, ${RUNS} cases per construct (FUZZ_SEED=${SEED} reproduces this run)`);

describe('fuzz: every case is rejected by a validation error naming the property, or deploys by the harness and the nag packs', () => {
  test.each(TARGETS.map((t) => [t.name, t] as const))('%s', (_name, target) => {
    const stats = fuzz(target.name, target.arbitrary, target.one);
    const top = [...stats.codes].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([c, n]) => `${c} ${n}`).join(', ');
    console.log(`${target.name}: ${stats.cases} cases, ${stats.rejected} rejected, ${stats.synthesized} synthesized, `
      + `${stats.nagChecked} through the nag packs; most frequent rejections: ${top}`);
    expect(stats.cases).toBeGreaterThanOrEqual(RUNS);
  }, 180_000);
});
