import { UpdatePlan } from '../plan/plan';
import { DOWNGRADE_NOTE } from '../plan/update-behavior';
import { AuthTokenUpdateStrategy } from '../redis/live-config';
import { CacheSpec, MemcachedCacheSpec, RedisCacheSpec, Topology } from '../topology/model';

export type { AuthTokenUpdateStrategy } from '../redis/live-config';

/** Options of a template update of running caches (`LocalEngine.update`, `local up` on a running state dir). */
export interface UpdateOptions {
  /**
   * Apply the replacements of the plan: a replaced cache is stopped and started anew from the new template (its data is
   * lost). Without it an update with any replacement is refused and nothing changes. Default false.
   */
  readonly allowReplacement?: boolean;
  /** How a changed `AuthToken` is applied: `ROTATE` (old and new token valid) or `SET` (only the new one). Default `ROTATE`. */
  readonly authTokenUpdateStrategy?: AuthTokenUpdateStrategy;
  /** Parameter values of the new template (as `LocalEngineOptions.parameters`). Default: none. */
  readonly parameters?: Record<string, string>;
  /** Values of `Fn::ImportValue` of the new template. Default: none. */
  readonly imports?: Record<string, string>;
}

/** One step of an update, per cache. */
export type UpdateStep =
  | { readonly action: 'add'; readonly spec: CacheSpec }
  | { readonly action: 'remove'; readonly logicalId: string }
  | { readonly action: 'replace'; readonly spec: CacheSpec }
  | { readonly action: 'modify'; readonly spec: RedisCacheSpec; readonly shards?: number; readonly replicas?: number[]; readonly migrate?: boolean }
  | { readonly action: 'modify-memcached'; readonly spec: MemcachedCacheSpec; readonly nodes: number };

/** What an update did to one cache. */
export interface CacheUpdate {
  readonly logicalId: string;
  readonly action: 'add' | 'remove' | 'replace' | 'update';
  /** What changed, e.g. `shards 2 -> 3`, `replicas 1 -> 2`, `parameters maxmemory-policy`, `users`. */
  readonly changes: string[];
}

/** What `update()` did. */
export interface UpdateResult {
  /** The classification (`plan(running template, new template)`). */
  readonly plan: UpdatePlan;
  /** Per cache that changed. */
  readonly caches: CacheUpdate[];
  readonly warnings: string[];
  readonly millis: number;
}

/** Thrown before anything changes: the update needs `allowReplacement`, or changes what the local engine cannot change in place. */
export class UpdateRefusedError extends Error {
  constructor(public readonly problems: string[]) {
    super(`update refused, nothing was changed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'UpdateRefusedError';
  }
}

/**
 * The steps that take the running caches to the new topology, following the plan's classification: caches the plan
 * replaces restart from the new template (only with `allowReplacement`), others change in place. Throws
 * UpdateRefusedError, listing every problem, before any step runs.
 */
export function decideUpdate(running: readonly CacheSpec[], next: Topology, p: UpdatePlan, options: UpdateOptions): UpdateStep[] {
  const problems: string[] = [];
  if (p.replacements.length > 0 && !options.allowReplacement) {
    for (const r of p.resources.filter((x) => x.action === 'replace')) {
      const props = r.changes.filter((c) => c.behavior === 'replacement').map((c) => c.property);
      problems.push(`${r.logicalId} (${r.type}) would be replaced (${props.join(', ')})${r.dataLoss ? ', losing its data' : ''}; allow it with --allow-replacement (API: allowReplacement: true)`);
    }
  }
  // What ElastiCache itself refuses (the plan notes it): the update would fail on AWS.
  for (const r of p.resources) {
    for (const c of r.changes) {
      if (c.note === DOWNGRADE_NOTE || c.note?.endsWith('this update fails')) problems.push(`${r.logicalId}.${c.property}: ${c.note}`);
    }
  }
  const steps: UpdateStep[] = [];
  const replaced = new Set(p.replacements);
  for (const spec of next.caches) {
    const old = running.find((c) => c.logicalId === spec.logicalId);
    if (!old) {steps.push({ action: 'add', spec });} else if (replaced.has(spec.logicalId)) {steps.push({ action: 'replace', spec });} else {
      const step = modifyStep(old, spec, problems);
      if (step) steps.push(step);
    }
  }
  for (const old of running) {
    if (!next.caches.some((c) => c.logicalId === old.logicalId)) steps.push({ action: 'remove', logicalId: old.logicalId });
  }
  if (problems.length > 0) throw new UpdateRefusedError(problems);
  return steps;
}

/** Properties the local engine does not change on running processes (ElastiCache does, in place). */
const FIXED: Array<[keyof RedisCacheSpec, string]> = [
  ['kind', 'the resource type'],
  ['clusterMode', 'ClusterMode'],
  ['tls', 'TransitEncryptionEnabled'],
  ['tlsMode', 'TransitEncryptionMode'],
  ['port', 'Port'],
];

function modifyStep(old: CacheSpec, spec: CacheSpec, problems: string[]): UpdateStep | undefined {
  const id = spec.logicalId;
  const unsupported = (what: string) =>
    problems.push(`${id}: ${what} changes in place on ElastiCache, which the local engine does not do on running nodes; run 'local down' and 'local up' (data is lost) or keep the value`);
  if (old.kind === 'memcached' || spec.kind === 'memcached') {
    if (old.kind !== 'memcached' || spec.kind !== 'memcached') {
      unsupported('the engine');
      return undefined;
    }
    if (JSON.stringify(old.parameters) !== JSON.stringify(spec.parameters)) unsupported('the parameters of a Memcached cache');
    if (old.tls !== spec.tls) unsupported('TransitEncryptionEnabled');
    if (old.port !== spec.port) unsupported(`Port (${old.port} -> ${spec.port})`);
    if (old.nodes === spec.nodes) return undefined;
    if (spec.serverless) {
      unsupported('the nodes of a serverless cache');
      return undefined;
    }
    return { action: 'modify-memcached', spec, nodes: spec.nodes };
  }
  for (const [key, name] of FIXED) {
    if (old[key] !== spec[key]) unsupported(`${name} (${String(old[key])} -> ${String(spec[key])})`);
  }
  // redis -> valkey: in place (a rolling restart on valkey-server); ElastiCache has no other migration.
  if (old.engine !== spec.engine && !(old.engine === 'redis' && spec.engine === 'valkey')) {
    problems.push(`${id}.Engine: ${old.engine} -> ${spec.engine} is not an engine migration ElastiCache makes (only redis -> valkey)`);
  }
  const migrate = old.engine !== spec.engine;
  const shards = spec.clusterMode && spec.shards.length !== old.shards.length ? spec.shards.length : undefined;
  const counts = spec.shards.map((s) => s.replicas);
  const replicas = counts.some((n, i) => n !== (old.shards[i]?.replicas ?? old.shards[0].replicas)) ? counts : undefined;
  const config = JSON.stringify([old.users, old.parameters, old.authToken, old.engineVersion, old.tags, old.userGroupId, old.rbac, old.resourceId])
    !== JSON.stringify([spec.users, spec.parameters, spec.authToken, spec.engineVersion, spec.tags, spec.userGroupId, spec.rbac, spec.resourceId]);
  if (shards === undefined && replicas === undefined && !config && !migrate) return undefined;
  return { action: 'modify', spec, shards, replicas, migrate };
}
