import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R4Checks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ServerlessCache } from '../../src/serverless/serverless-cache';
import { stackWithVpc } from '../helpers/stack';

const packs = [
  ['AwsSolutions', () => new AwsSolutionsChecks()],
  ['HIPAA.Security', () => new HIPAASecurityChecks()],
  ['NIST.800.53.R4', () => new NIST80053R4Checks()],
  ['NIST.800.53.R5', () => new NIST80053R5Checks()],
  ['PCI.DSS.321', () => new PCIDSS321Checks()],
] as const;

describe('ServerlessCache cdk-nag', () => {
  test.each(packs)('%s: no finding at all on the resources the library creates (no acknowledgement)', (_name, pack) => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    new ServerlessCache(stack, 'Cache', { vpc });
    const report = pack().validateScope(stack);
    const ours = report.violations.flatMap((v) => v.violatingResources
      .filter((r) => r.constructPath?.startsWith('TestStack/Cache/'))
      .map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`));
    expect(ours).toEqual([]);
  });
});
