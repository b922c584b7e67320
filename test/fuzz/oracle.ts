import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import fc from 'fast-check';
import { templateErrors } from '../harness/validate-template';
import { findingsUnder, nagFindings } from '../helpers/nag';

/**
 * The property every fuzz case must hold (issue 12): building the construct either throws a validation error of the
 * library (`[Construct.Rule] ...` naming the property), or synthesizes a template that passes the schema harness and
 * ElastiCache's cross-property rules and, when the case keeps the library's security settings, the five cdk-nag
 * packs on the construct's resources (a case that turns TLS or Multi-AZ off is rightly flagged by them).
 */

/** `FUZZ_SEED` reproduces a run; `FUZZ_RUNS` sets the cases per construct (CI: 200). */
export const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
export const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** Run the cdk-nag packs on one secure case in NAG_EVERY (all of them by default; the 10k benchmark thins it). */
export const NAG_EVERY = Number(process.env.FUZZ_NAG_EVERY ?? 1);

export const VALIDATION = /^\[[A-Za-z0-9]+\.[A-Za-z0-9]+\] /;

/** Counts of one construct's run, for the report. */
export interface FuzzStats { cases: number; rejected: number; synthesized: number; nagChecked: number; codes: Map<string, number> }

export function newStats(): FuzzStats {
  return { cases: 0, rejected: 0, synthesized: 0, nagChecked: 0, codes: new Map() };
}

/** A stack in us-east-1 with an imported three-AZ VPC (cheap to build: the fuzz cases are about the cache). */
export function fuzzStack(region = 'us-east-1', app = new App()): { app: App; stack: Stack; vpc: ec2.IVpc } {
  const stack = new Stack(app, `Fuzz${app.node.children.length || ''}`, { env: { account: '123456789012', region } });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-12345678',
    availabilityZones: [`${region}a`, `${region}b`, `${region}c`],
    privateSubnetIds: ['subnet-1111aaaa', 'subnet-2222bbbb', 'subnet-3333cccc'],
    privateSubnetRouteTableIds: ['rtb-1111aaaa', 'rtb-2222bbbb', 'rtb-3333cccc'],
    vpcCidrBlock: '10.0.0.0/16',
  });
  return { app, stack, vpc };
}

/**
 * One case: `build` adds the construct(s) under `path` of `stack`; returns a failure description, or undefined.
 * `secure` false skips the nag packs for this case.
 */
export function checkCase(stats: FuzzStats, stack: Stack, build: () => void, path: string, secure: boolean): string | undefined {
  stats.cases++;
  try {
    build();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const lines = message.split('\n');
    const bad = lines.filter((l) => !VALIDATION.test(l));
    if (bad.length) return `not a validation error of the library: ${message}`;
    stats.rejected++;
    for (const l of lines) {
      const code = VALIDATION.exec(l)![0].trim();
      stats.codes.set(code, (stats.codes.get(code) ?? 0) + 1);
    }
    return undefined;
  }
  let errors: string[];
  try {
    errors = templateErrors(Template.fromStack(stack).toJSON());
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Constructs validated lazily (node.addValidation) report at synthesis, in CDK's own wrapping.
    const ours = message.split('\n').filter((l) => /\[[A-Za-z0-9]+\.[A-Za-z0-9]+\] /.test(l));
    if (ours.length) {
      stats.rejected++;
      return undefined;
    }
    return `synthesis failed: ${message}`;
  }
  if (errors.length) return `template errors:\n  ${errors.join('\n  ')}`;
  stats.synthesized++;
  if (secure && stats.synthesized % NAG_EVERY === 0) {
    stats.nagChecked++;
    const findings = findingsUnder(nagFindings(stack), path);
    if (findings.length) return `cdk-nag findings: ${findings.map((f) => `${f.rule} ${f.resources.join(',')}`).join('; ')}`;
  }
  return undefined;
}

/** Runs the property `RUNS` times with the shared seed and fails with the case, the seed and the path of the failure. */
export function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, one: (props: T, stats: FuzzStats) => string | undefined, runs = RUNS): FuzzStats {
  const stats = newStats();
  fc.assert(fc.property(arbitrary, (props) => {
    const failure = one(props, stats);
    if (failure) throw new Error(`${name}: ${failure}`);
  }), { seed: SEED, numRuns: runs, endOnFailure: true });
  return stats;
}
