import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplateText } from './parse';
import { CfnTemplate, StackSource } from './types';

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  readonly dependencies?: string[];
  readonly properties?: { templateFile?: string; stackName?: string; directoryName?: string };
}

/**
 * The stacks of a CDK cloud assembly (`cdk.out`): every `aws:cloudformation:stack` artifact of manifest.json, those
 * of nested assemblies (stages) included, in dependency order so that exports are known before they are imported.
 * Schema: https://github.com/aws/aws-cdk-cli/tree/main/packages/%40aws-cdk/cloud-assembly-schema
 */
export function readAssembly(dir: string): StackSource[] {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`Cannot read cloud assembly '${dir}': no manifest.json (is it a cdk.out directory?)`);
  let manifest: { artifacts?: Record<string, ManifestArtifact> };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read cloud assembly '${dir}': ${(e as Error).message}`);
  }
  const artifacts = manifest.artifacts ?? {};
  const out: StackSource[] = [];
  const done = new Set<string>();
  const visit = (id: string, seen: Set<string>) => {
    if (done.has(id) || seen.has(id)) return;
    seen.add(id);
    const a = artifacts[id];
    if (!a) return;
    for (const dep of a.dependencies ?? []) visit(dep, seen);
    done.add(id);
    if (a.type === 'cdk:cloud-assembly' && a.properties?.directoryName) {
      out.push(...readAssembly(join(dir, a.properties.directoryName)));
      return;
    }
    if (a.type !== 'aws:cloudformation:stack' || !a.properties?.templateFile) return;
    const file = join(dir, a.properties.templateFile);
    let template: CfnTemplate;
    try {
      template = parseTemplateText(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`Cannot read template '${file}' of stack '${id}': ${(e as Error).message}`);
    }
    out.push({ template, stackName: a.properties.stackName ?? id, dir });
  };
  for (const id of Object.keys(artifacts)) visit(id, new Set());
  if (out.length === 0) throw new Error(`Cannot read cloud assembly '${dir}': manifest.json lists no stack`);
  return out;
}
