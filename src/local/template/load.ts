import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readAssembly } from './assembly';
import { parseTemplateText } from './parse';
import { prepareStack, PreparedStack } from './prepare';
import { CfnResource, CfnTemplate, LoadedTemplate, StackSource } from './types';

export type { StackSource } from './types';
import { TemplateError, TemplateProblem } from '../errors';

/**
 * What a template can be given as: a parsed template, a path to a JSON or YAML template, a path to a CDK cloud
 * assembly directory (`cdk.out`), or a CDK `Stack`.
 */
export type TemplateInput = CfnTemplate | string | StackLike;

/** Values a template takes from outside, as `aws cloudformation deploy` would be given them. */
export interface TemplateValues {
  /**
   * Parameter values by name. In a cloud assembly with several stacks, `Stack:Name` sets one stack's parameter and
   * `Name` every stack's that declares it.
   */
  readonly parameters?: Record<string, string>;
  /** Values of `Fn::ImportValue` by export name (exports of the stacks of a cloud assembly are known already). */
  readonly imports?: Record<string, string>;
}

/** The parts of an aws-cdk-lib `Stack` the loader uses (duck-typed: aws-cdk-lib is a peer dependency). */
export interface StackLike {
  readonly node: { readonly path: string; readonly root: unknown; findAll(): Array<{ node: { path: string } }> };
  readonly artifactId: string;
  getLogicalId(element: unknown): string;
}

function isStack(x: unknown): x is StackLike {
  return !!x && typeof x === 'object' && 'artifactId' in x && 'node' in x && typeof (x as StackLike).getLogicalId === 'function';
}


/**
 * Loads a template: parameters, conditions, mappings and imports applied (see prepareStack), nested stacks and the
 * stacks of a cloud assembly merged into one. Problems are returned in `problems` for buildTopology to report with
 * its own; a template that cannot be read at all throws.
 */
export function loadTemplate(input: TemplateInput, values: TemplateValues = {}): LoadedTemplate {
  let sources: StackSource[];
  if (typeof input === 'string') {
    if (existsSync(input) && statSync(input).isDirectory()) {
      sources = readAssembly(input);
    } else {
      let text: string;
      try {
        text = readFileSync(input, 'utf8');
      } catch (e) {
        throw new Error(`Cannot read template '${input}': ${(e as Error).message}`);
      }
      let template: CfnTemplate;
      try {
        template = parseTemplateText(text);
      } catch (e) {
        throw new Error(`Cannot read template '${input}': ${(e as Error).message}`);
      }
      sources = [{ template, stackName: 'local', dir: dirname(input) }];
    }
  } else if (isStack(input)) {
    sources = [loadStack(input)];
  } else {
    sources = [{ template: input, stackName: 'local' }];
  }
  return mergeStacks(sources, values);
}

function mergeStacks(sources: StackSource[], values: TemplateValues): LoadedTemplate {
  const problems: TemplateProblem[] = [];
  const warnings: string[] = [];
  const secrets: string[] = [];
  const failedResources: string[] = [];
  const resources: Record<string, CfnResource> = {};
  const paths: Record<string, string> = {};
  const imports: Record<string, unknown> = { ...(values.imports ?? {}) };
  const given = values.parameters ?? {};
  const used = new Set<string>();
  const several = sources.length > 1;

  const add = (source: StackSource, parameters: Record<string, unknown>, depth: number): PreparedStack => {
    const renames = new Map<string, string>();
    const prefix = source.stackName.replace(/[^A-Za-z0-9]/g, '');
    for (const id of Object.keys(source.template.Resources ?? {})) {
      if (resources[id] !== undefined || used.has(id)) renames.set(id, `${prefix}${id}`);
    }
    const prepared = prepareStack(source.template, { parameters, imports, stackName: source.stackName, renames });
    const label = several || depth > 0 ? `${source.stackName}/` : '';
    for (const p of prepared.problems) {
      problems.push(label ? { ...p, logicalId: `${label}${p.logicalId}` } : p);
      failedResources.push(renames.get(p.logicalId) ?? p.logicalId);
    }
    warnings.push(...prepared.warnings.map((w) => `${label}${w}`));
    secrets.push(...prepared.secrets);
    for (const id of prepared.failed) failedResources.push(renames.get(id) ?? id);
    for (const [name, value] of Object.entries(prepared.exports)) if (!(name in (values.imports ?? {}))) imports[name] = value;
    const own = prepared.template.Resources ?? {};
    for (const [id, r] of Object.entries(own)) {
      used.add(id);
      resources[id] = r;
      const p = r.Metadata?.['aws:cdk:path'];
      const original = [...renames.entries()].find(([, n]) => n === id)?.[0] ?? id;
      const known = source.paths?.[original];
      if (known) paths[id] = known;
      else if (typeof p === 'string') paths[id] = p;
    }
    // Nested stacks (CDK writes their template next to the parent's, named in `aws:asset:path`).
    for (const [id, r] of Object.entries(own)) {
      if (r.Type !== 'AWS::CloudFormation::Stack') continue;
      const asset = r.Metadata?.['aws:asset:path'] ?? (source.dir ? assetOfTemplateUrl(source.dir, r.Properties?.TemplateURL) : undefined);
      const file = typeof asset === 'string' && source.dir ? join(source.dir, asset) : undefined;
      if (!file || !existsSync(file)) {
        warnings.push(`${label}${id}: nested stack template not found locally${typeof asset === 'string' ? ` (${asset})` : ''}; its resources are not run`);
        continue;
      }
      let template: CfnTemplate;
      try {
        template = parseTemplateText(readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push({ logicalId: `${label}${id}`, property: 'TemplateURL', message: `cannot read nested template '${file}': ${(e as Error).message}` });
        continue;
      }
      const nestedParams = (r.Properties?.Parameters ?? {}) as Record<string, unknown>;
      const nested = add({ template, stackName: `${source.stackName}-${id}`, dir: dirname(file) }, nestedParams, depth + 1);
      // The parent reads the nested stack's outputs with Fn::GetAtt Nested.Outputs.Name.
      for (const rid of Object.keys(own)) resources[rid] = substituteOutputs(resources[rid], id, nested.outputs) as CfnResource;
    }
    return prepared;
  };

  for (const source of sources) {
    const declared = (source.template.Parameters ?? {}) as Record<string, unknown>;
    const parameters: Record<string, string> = {};
    for (const [key, v] of Object.entries(given)) {
      const colon = key.indexOf(':');
      if (colon > 0 && !key.startsWith('AWS::')) {
        if (key.slice(0, colon) === source.stackName && (!several || key.slice(colon + 1) in declared)) parameters[key.slice(colon + 1)] = v;
      } else if (!several || key in declared) {
        parameters[key] = v;
      }
    }
    add(source, parameters, 0);
  }
  if (several) {
    for (const key of Object.keys(given)) {
      const colon = key.indexOf(':');
      const [stack, name] = colon > 0 ? [key.slice(0, colon), key.slice(colon + 1)] : [undefined, key];
      const declaring = sources.filter((s) => (stack === undefined || s.stackName === stack) && name in ((s.template.Parameters ?? {}) as object));
      if (declaring.length === 0) {
        problems.push({ logicalId: 'Parameters', property: key, message: `is not declared by ${stack ? `stack '${stack}'` : 'any stack'} (stacks: ${sources.map((s) => s.stackName).join(', ')})` });
      }
    }
  }
  return { template: { Resources: resources }, paths, problems, warnings, secrets, failedResources };
}

/**
 * The file of a nested stack's template, from the asset manifests (`*.assets.json`) of a cloud assembly: CDK names
 * the S3 object of the template by the asset's hash. (`aws:asset:path` metadata is written only when the CDK CLI
 * synthesizes the app.)
 */
function assetOfTemplateUrl(dir: string, templateUrl: unknown): string | undefined {
  const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(templateUrl ?? ''))?.[1];
  if (!hash) return undefined;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.assets.json'))) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { files?: Record<string, { source?: { path?: string } }> };
      const path = manifest.files?.[hash]?.source?.path;
      if (path) return path;
    } catch {
      // not an asset manifest
    }
  }
  return undefined;
}

/** Replaces `Fn::GetAtt [nestedId, Outputs.X]` with the nested stack's output value. */
function substituteOutputs(value: unknown, nestedId: string, outputs: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => substituteOutputs(v, nestedId, outputs));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const ga = obj['Fn::GetAtt'];
  if (Array.isArray(ga) && ga[0] === nestedId && typeof ga[1] === 'string' && ga[1].startsWith('Outputs.')) {
    const name = ga[1].slice('Outputs.'.length);
    if (name in outputs) return outputs[name];
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = substituteOutputs(v, nestedId, outputs);
  return out;
}

/** Throws a TemplateError for the problems of a loaded template (for callers that do not build a topology). */
export function assertNoProblems(loaded: LoadedTemplate) {
  if (loaded.problems && loaded.problems.length > 0) throw new TemplateError(loaded.problems, loaded.secrets);
}

function metadataPaths(template: CfnTemplate): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    const p = r.Metadata?.['aws:cdk:path'];
    if (typeof p === 'string') paths[id] = p;
  }
  return paths;
}

function loadStack(stack: StackLike): StackSource {
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
  return { template, stackName: stack.artifactId, paths };
}
