import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { NAG_PACKS } from '../helpers/nag';

/** One unacknowledged cdk-nag finding of a pack. */
export interface Finding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  readonly resources: string[];
}

/** The five packs the library promises to pass (cdk-nag v3, acknowledgements honoured by the pack). */
export const PACKS: Array<[string, () => NagPack]> = NAG_PACKS.map((p) => [p.name, p.create]);

/** Unacknowledged findings of one pack, restricted to resources whose path contains `under`. */
export function findings(scope: IConstruct, pack: () => NagPack, under: string, severity: 'error' | 'all' = 'error'): Finding[] {
  const p = pack();
  const report = p.validateScope(scope);
  return report.violations
    .map((v) => ({
      pack: p.readPackName,
      rule: v.ruleName,
      severity: String(v.severity ?? 'error').toLowerCase(),
      resources: v.violatingResources
        .map((r) => (r as { constructPath?: string }).constructPath ?? r.resourceLogicalId ?? '?')
        .filter((path) => path.includes(under)),
    }))
    .filter((f) => f.resources.length > 0 && (severity === 'all' || f.severity === 'error'));
}
