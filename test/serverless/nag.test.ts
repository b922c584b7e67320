import { ServerlessCache } from '../../src/serverless/serverless-cache';
import { NAG_PACKS } from '../helpers/nag';
import { stackWithVpc } from '../helpers/stack';

const packs = NAG_PACKS.map((p) => [p.name, p.create] as const);

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
