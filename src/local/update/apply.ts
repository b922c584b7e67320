import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { decideUpdate, CacheUpdate, UpdateOptions, UpdateResult, UpdateStep } from './decide';
import { EngineBinary, versionWarning } from '../binaries';
import { MemcachedCache } from '../memcached/cache';
import { plan } from '../plan/plan';
import { RedisCache } from '../redis/cache';
import { CacheRuntime } from '../runtime';
import { loadTemplate, TemplateInput } from '../template/load';
import { parseTemplateText } from '../template/parse';
import { buildTopology } from '../topology/build';
import { CacheSpec, RedisEngine, Topology } from '../topology/model';

/** What `applyUpdate` needs of a running engine (the native engine implements it). */
export interface UpdatableEngine {
  /** The template the caches run now. */
  readonly template: TemplateInput;
  readonly runtimes: readonly CacheRuntime[];
  readonly topology: Topology;
  readonly log: (message: string) => void;
  /** `pinTemplate` into a place of the engine's. */
  pin(input: TemplateInput): TemplateInput;
  /** Starts a cache (its processes, endpoints) and adds it to the engine. */
  startCache(spec: CacheSpec): Promise<void>;
  /** Stops a cache and removes it from the engine. */
  stopCache(logicalId: string): Promise<void>;
  /** Takes the new template, topology and warnings; endpoints.json is written anew. */
  commit(template: TemplateInput, topology: Topology, warnings: string[]): void;
  /** The binary that runs an engine (an engine migration restarts the nodes on it). */
  engineBinary(engine: RedisEngine): EngineBinary;
}

/**
 * A template as it is now, so that a later update compares with what runs even after the file changes (`cdk synth`
 * again): a template file is read once; a cloud assembly directory is copied (its templates and manifests: `.json`,
 * `.yaml`, `.yml`) to `copyTo`; a parsed template or a CDK Stack is kept as given.
 */
export function pinTemplate(input: TemplateInput, copyTo: string): TemplateInput {
  if (typeof input !== 'string' || !existsSync(input)) return input;
  if (!statSync(input).isDirectory()) return parseTemplateText(readFileSync(input, 'utf8'));
  cpSync(input, copyTo, { recursive: true, filter: (src) => statSync(src).isDirectory() || /\.(json|ya?ml)$/.test(src) });
  return copyTo;
}

/**
 * Applies a new template to running caches as a CloudFormation update would (see decide.ts and
 * docs/decisions/0131-local-template-updates.md): the new template is validated and the update refused before
 * anything changes; removed and replaced caches stop, added and replaced ones start, the others change in place
 * (users, passwords, AUTH token and parameters on every node, then online resharding, then replicas per shard).
 */
export async function applyUpdate(engine: UpdatableEngine, newTemplate: TemplateInput, options: UpdateOptions = {}): Promise<UpdateResult> {
  const t0 = Date.now();
  const pinned = engine.pin(newTemplate);
  // Secrets the caches use keep their values (CloudFormation does not regenerate a secret it keeps).
  const next = buildTopology(loadTemplate(pinned, { parameters: options.parameters, imports: options.imports }), engine.topology.resolvedSecrets);
  const classification = plan(engine.template, pinned);
  const steps = decideUpdate(engine.runtimes.map((r) => r.spec), next, classification, options);
  const warnings = [...next.warnings];
  const caches: CacheUpdate[] = [];
  const order = (s: UpdateStep) => ['remove', 'replace', 'add', 'modify', 'modify-memcached'].indexOf(s.action);
  for (const step of [...steps].sort((a, b) => order(a) - order(b))) {
    if (step.action === 'remove') {
      engine.log(`update: stopping ${step.logicalId} (removed from the template)`);
      await engine.stopCache(step.logicalId);
      caches.push({ logicalId: step.logicalId, action: 'remove', changes: [] });
    } else if (step.action === 'replace') {
      const props = classification.resources.find((r) => r.logicalId === step.spec.logicalId)?.changes.filter((c) => c.behavior === 'replacement').map((c) => c.property) ?? [];
      engine.log(`update: replacing ${step.spec.logicalId} (${props.join(', ')}): its data is lost`);
      await engine.stopCache(step.spec.logicalId);
      await engine.startCache(step.spec);
      caches.push({ logicalId: step.spec.logicalId, action: 'replace', changes: props });
    } else if (step.action === 'add') {
      engine.log(`update: starting ${step.spec.logicalId} (added to the template)`);
      await engine.startCache(step.spec);
      caches.push({ logicalId: step.spec.logicalId, action: 'add', changes: [] });
    } else if (step.action === 'modify-memcached') {
      const m = engine.runtimes.find((x) => x.spec.logicalId === step.spec.logicalId) as MemcachedCache;
      const from = m.spec.nodes;
      await m.setNodes(step.nodes);
      m.spec = step.spec;
      engine.log(`update: ${m.spec.logicalId} changed in place (nodes ${from} -> ${step.nodes})`);
      caches.push({ logicalId: m.spec.logicalId, action: 'update', changes: [`nodes ${from} -> ${step.nodes}`] });
    } else {
      const r = engine.runtimes.find((x) => x.spec.logicalId === step.spec.logicalId) as RedisCache;
      const changes: string[] = [];
      const before = r.spec;
      if (step.migrate) {
        // Before the new parameters: they may be the new engine's.
        const binary = engine.engineBinary(step.spec.engine);
        const from = `${r.binary.name} ${r.binary.version}`;
        await r.migrateEngine(binary);
        changes.push(`Engine ${before.engine} -> ${step.spec.engine} (rolling restart from ${from} to ${binary.name} ${binary.version})`);
      }
      const removed = await r.reconfigure(step.spec, options.authTokenUpdateStrategy ?? 'ROTATE');
      for (const p of removed) warnings.push(`${r.spec.logicalId}: parameter ${p} was removed from the parameter group; running nodes keep its value until they restart`);
      if (JSON.stringify(before.users) !== JSON.stringify(step.spec.users)) changes.push(before.authToken !== step.spec.authToken ? 'AuthToken' : 'users');
      const params = Object.keys({ ...before.parameters, ...step.spec.parameters }).filter((k) => before.parameters[k] !== step.spec.parameters[k]);
      if (params.length > 0) changes.push(`parameters ${params.join(', ')}`);
      if (before.engineVersion !== step.spec.engineVersion) {
        changes.push(`EngineVersion ${before.engineVersion ?? '(default)'} -> ${step.spec.engineVersion ?? '(default)'}`);
        const w = versionWarning(step.spec.logicalId, step.spec.engine, step.spec.engineVersion, r.binary);
        if (w) warnings.push(w);
      }
      if (step.shards !== undefined) {
        const from = r.spec.shards.length;
        await r.reshard(step.shards);
        changes.push(`shards ${from} -> ${step.shards}`);
      }
      if (step.replicas !== undefined) {
        const from = r.spec.shards.map((s) => s.replicas);
        await r.setReplicas(step.replicas);
        changes.push(`replicas per shard ${from.join(',')} -> ${step.replicas.join(',')}`);
      }
      engine.log(`update: ${r.spec.logicalId} changed in place (${changes.join('; ') || 'tags'})`);
      caches.push({ logicalId: r.spec.logicalId, action: 'update', changes });
    }
  }
  // Changes the plan lists that change nothing on the processes (CacheNodeType: the memory cap is `maxmemory`; tags...).
  for (const res of classification.resources) {
    if (res.action !== 'update' || caches.some((c) => c.logicalId === res.logicalId)) continue;
    if (!next.caches.some((c) => c.logicalId === res.logicalId)) continue;
    caches.push({ logicalId: res.logicalId, action: 'update', changes: res.changes.map((c) => `${c.property} (nothing to change on the local processes)`) });
  }
  engine.commit(pinned, next, warnings);
  return { plan: classification, caches, warnings, millis: Date.now() - t0 };
}
