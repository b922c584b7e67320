import { isIntrinsicBranch, propertiesValidator } from './cfn-schemas';
import { TemplateJson, templateProblems } from '../../src/spec';

export type { TemplateJson };

/** Resource types seen by the harness, and those it had no schema for (custom resources, unknown types). */
export const harnessCoverage = { validated: new Set<string>(), unknown: new Set<string>(), templates: 0 };

/**
 * Every problem of a template: the registry schema of each resource's `Properties` (test/harness/cfn-schemas.ts)
 * and ElastiCache's cross-property rules (src/spec/template-rules.ts). Each line names the logical id.
 */
export function templateErrors(template: TemplateJson): string[] {
  harnessCoverage.templates++;
  const errors: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const validate = resource.Type.startsWith('Custom::') ? undefined : propertiesValidator(resource.Type);
    if (!validate) {
      harnessCoverage.unknown.add(resource.Type);
      continue;
    }
    harnessCoverage.validated.add(resource.Type);
    if (!validate(resource.Properties ?? {})) {
      for (const e of validate.errors ?? []) {
        // anyOf branches repeat the same failure (value or intrinsic): keep the first line of each path.
        if (e.keyword === 'anyOf' || isIntrinsicBranch(e.parentSchema)) continue;
        const where = `${logicalId} (${resource.Type}) Properties${e.instancePath.replace(/\//g, '.')}`;
        const detail = e.keyword === 'additionalProperties' ? `unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`
          : e.keyword === 'enum' ? `${e.message}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
            : e.message;
        const line = `${where}: ${detail}`;
        if (!errors.includes(line)) errors.push(line);
      }
    }
  }
  errors.push(...templateProblems(template));
  return errors;
}

/** Throws with every problem of the template (schema and cross-property rules), or returns when it is clean. */
export function validateTemplate(template: TemplateJson): void {
  const errors = templateErrors(template);
  if (errors.length) {
    throw new Error(`The synthesized template breaks ${errors.length} CloudFormation/ElastiCache rule(s):\n  ${errors.join('\n  ')}`);
  }
}
