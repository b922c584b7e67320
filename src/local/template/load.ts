import { readFileSync } from 'node:fs';
import { CfnTemplate, LoadedTemplate } from './types';

/** What a template can be given as: a parsed template, a path to a JSON template, or a CDK `Stack`. */
export type TemplateInput = CfnTemplate | string | StackLike;

/** The parts of an aws-cdk-lib `Stack` the loader uses (duck-typed: aws-cdk-lib is a peer dependency). */
export interface StackLike {
  readonly node: { readonly path: string; readonly root: unknown; findAll(): Array<{ node: { path: string } }> };
  readonly artifactId: string;
  getLogicalId(element: unknown): string;
}

function isStack(x: unknown): x is StackLike {
  return !!x && typeof x === 'object' && 'artifactId' in x && 'node' in x && typeof (x as StackLike).getLogicalId === 'function';
}

/** Loads a template and the construct path of each resource. */
export function loadTemplate(input: TemplateInput): LoadedTemplate {
  if (typeof input === 'string') {
    let template: CfnTemplate;
    try {
      template = JSON.parse(readFileSync(input, 'utf8')) as CfnTemplate;
    } catch (e) {
      throw new Error(`Cannot read template '${input}': ${(e as Error).message}`);
    }
    return { template, paths: metadataPaths(template) };
  }
  if (isStack(input)) return loadStack(input);
  return { template: input, paths: metadataPaths(input) };
}

function metadataPaths(template: CfnTemplate): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    const p = r.Metadata?.['aws:cdk:path'];
    if (typeof p === 'string') paths[id] = p;
  }
  return paths;
}

function loadStack(stack: StackLike): LoadedTemplate {
  // Template.fromStack synthesizes the app the same way `cdk synth` does (aspects, validation included).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const assertions = require('aws-cdk-lib/assertions') as { Template: { fromStack(s: unknown): { toJSON(): CfnTemplate } } };
  const template = assertions.Template.fromStack(stack).toJSON();
  const paths: Record<string, string> = { ...metadataPaths(template) };
  for (const c of stack.node.findAll()) {
    if (typeof (c as unknown as { cfnResourceType?: unknown }).cfnResourceType === 'string') {
      try {
        const id = stack.getLogicalId(c);
        if (template.Resources?.[id]) paths[id] = c.node.path;
      } catch {
        // a resource of a nested stack: not in this template
      }
    }
  }
  return { template, paths };
}
