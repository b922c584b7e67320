import {
  AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R4Checks, NIST80053R5Checks, PCIDSS321Checks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ElastiCacheChecks } from '../../src';

/** One unacknowledged cdk-nag finding. */
export interface NagFinding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  /** Construct paths (or logical ids) of the resources that break the rule. */
  readonly resources: string[];
}

/** The five packs the library promises to pass. */
export const NAG_PACKS: ReadonlyArray<{ name: string; create: () => NagPack }> = [
  { name: 'AwsSolutions', create: () => new AwsSolutionsChecks() },
  { name: 'HIPAA.Security', create: () => new HIPAASecurityChecks() },
  { name: 'NIST.800.53.R4', create: () => new NIST80053R4Checks() },
  { name: 'NIST.800.53.R5', create: () => new NIST80053R5Checks() },
  { name: 'PCI.DSS.321', create: () => new PCIDSS321Checks() },
];

/** The five packs and the library's own ElastiCache pack (the demo's report). */
export const ALL_PACKS: ReadonlyArray<{ name: string; create: () => NagPack }> = [
  ...NAG_PACKS,
  { name: 'ElastiCache', create: () => new ElastiCacheChecks() },
];

/**
 * Runs every pack over the scope and returns the findings that nobody acknowledged.
 * Acknowledgements (`Validations.of(c).acknowledge(...)`) are honoured by cdk-nag itself.
 */
export function nagFindings(
  scope: IConstruct, options: { severity?: 'error' | 'all'; packs?: ReadonlyArray<{ name: string; create: () => NagPack }> } = {},
): NagFinding[] {
  const findings: NagFinding[] = [];
  for (const pack of options.packs ?? NAG_PACKS) {
    const report = pack.create().validateScope(scope);
    for (const v of report.violations) {
      const severity = String(v.severity ?? 'error').toLowerCase();
      if (options.severity !== 'all' && severity !== 'error') continue;
      findings.push({
        pack: pack.name,
        rule: v.ruleName,
        severity,
        resources: v.violatingResources.map((r) => (r as { constructPath?: string }).constructPath ?? r.resourceLogicalId ?? 'unknown'),
      });
    }
  }
  return findings;
}

/** Findings restricted to resources under one construct path (e.g. the library's cache). */
export function findingsUnder(findings: NagFinding[], pathPrefix: string): NagFinding[] {
  return findings
    .map((f) => ({ ...f, resources: f.resources.filter((r) => r.includes(pathPrefix)) }))
    .filter((f) => f.resources.length > 0);
}
