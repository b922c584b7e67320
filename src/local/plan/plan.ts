import {
  AUTH_TOKEN_NOTE, DOWNGRADE_NOTE, ENGINE_NOTE, MEMCACHED_NODE_TYPE_NOTE, NUM_CACHE_NODES_NOTE, ONLINE_RESHARDING_PROPERTIES,
  SECRET_PROPERTIES, UPDATE_FACTS, UpdateBehavior,
} from './update-behavior';
import { loadTemplate, TemplateInput } from '../template/load';

export type { UpdateBehavior } from './update-behavior';

/** One changed property and what CloudFormation does about it. */
export interface PropertyChange {
  /** The top-level property (`Port`, `NumCacheClusters`...). */
  readonly property: string;
  readonly behavior: UpdateBehavior;
  /** The old value (`'(secret)'` for secrets; absent when the property was not set). */
  readonly before?: unknown;
  /** The new value (`'(secret)'` for secrets; absent when the property is removed). */
  readonly after?: unknown;
  /** A condition or caveat from the resource reference, or the resource whose replacement changes this value. */
  readonly note?: string;
}

/** What an update does to a resource. */
export type ResourceAction = 'add' | 'remove' | 'update' | 'replace';

/** The plan of one ElastiCache resource (by logical id). */
export interface ResourcePlan {
  readonly logicalId: string;
  readonly type: string;
  /** The construct path, when the template has `aws:cdk:path` metadata. */
  readonly path?: string;
  readonly action: ResourceAction;
  /** The most disruptive behavior of the changed properties (`update` and `replace`). */
  readonly behavior?: UpdateBehavior;
  /** Changed properties (`update` and `replace`). */
  readonly changes: PropertyChange[];
  /** The cache's data is lost with no copy kept (removed or replaced without a `Snapshot`/`Retain` policy). */
  readonly dataLoss: boolean;
  readonly note?: string;
}

/** What a CloudFormation update from one template to another does to the ElastiCache resources. */
export interface UpdatePlan {
  /** Changed resources only, in template order (new template first, then removed ones). */
  readonly resources: ResourcePlan[];
  /** Logical ids of the resources replaced. */
  readonly replacements: string[];
  /** Logical ids of the caches whose data is lost. */
  readonly dataLoss: string[];
}

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly UpdatePolicy?: Record<string, unknown>;
}

const RANK: Record<UpdateBehavior, number> = { 'no-interruption': 0, 'some-interruption': 1, 'replacement': 2 };

/**
 * Classifies, per ElastiCache resource and per changed property, what a CloudFormation update from `oldTemplate`
 * to `newTemplate` would do: `no-interruption`, `some-interruption` or `replacement` (from each property's
 * "Update requires" in the CloudFormation resource reference), plus added and removed resources.
 *
 * A property that references (`Ref`, `Fn::GetAtt`, `Fn::Sub`) a resource being replaced changes too, and is
 * classified as such. Templates are given as parsed JSON, a path to a JSON file or a CDK `Stack`.
 */
export function plan(oldTemplate: TemplateInput, newTemplate: TemplateInput): UpdatePlan {
  const before = loadTemplate(oldTemplate);
  const after = loadTemplate(newTemplate);
  const oldResources = elastiCache(before.template.Resources);
  const newResources = elastiCache(after.template.Resources);
  const paths = { ...before.paths, ...after.paths };

  const changes = new Map<string, PropertyChange[]>();
  const replaced = new Set<string>();
  for (const [id, res] of Object.entries(newResources)) {
    const old = oldResources[id];
    if (!old) continue;
    if (old.Type !== res.Type) {
      changes.set(id, [{ property: 'Type', behavior: 'replacement', before: old.Type, after: res.Type }]);
      replaced.add(id);
      continue;
    }
    const list = diffProperties(old, res);
    changes.set(id, list);
    if (list.some((c) => c.behavior === 'replacement')) replaced.add(id);
  }

  // A replaced resource gets a new physical id: every Ref / GetAtt to it changes (until nothing more changes).
  for (let grew = true; grew;) {
    grew = false;
    for (const [id, res] of Object.entries(newResources)) {
      const list = changes.get(id);
      if (!list || res.Type !== oldResources[id].Type) continue;
      for (const [property, value] of Object.entries(res.Properties ?? {})) {
        if (list.some((c) => c.property === property)) continue;
        const target = referencedIds(value).find((r) => replaced.has(r));
        if (target === undefined) continue;
        const { behavior, note } = classify(oldResources[id], res, property, value, value);
        list.push({ property, behavior, ...shown(property, value, value), note: joinNotes(`changes: ${target} is replaced`, note) });
        if (behavior === 'replacement' && !replaced.has(id)) {
          replaced.add(id);
          grew = true;
        }
      }
    }
  }

  const resources: ResourcePlan[] = [];
  for (const [id, res] of Object.entries(newResources)) {
    const old = oldResources[id];
    if (!old) {
      resources.push({ logicalId: id, type: res.Type, path: paths[id], action: 'add', changes: [], dataLoss: false });
      continue;
    }
    const list = changes.get(id) ?? [];
    if (list.length === 0) continue;
    const behavior = list.reduce<UpdateBehavior>((w, c) => (RANK[c.behavior] > RANK[w] ? c.behavior : w), 'no-interruption');
    const replace = behavior === 'replacement';
    const loss = replace ? lossOf(old, old.UpdateReplacePolicy, 'UpdateReplacePolicy') : { dataLoss: false };
    resources.push({
      logicalId: id,
      type: res.Type,
      path: paths[id],
      action: replace ? 'replace' : 'update',
      behavior,
      changes: list,
      dataLoss: loss.dataLoss,
      note: loss.note,
    });
  }
  for (const [id, old] of Object.entries(oldResources)) {
    if (newResources[id]) continue;
    const loss = lossOf(old, old.DeletionPolicy, 'DeletionPolicy');
    resources.push({ logicalId: id, type: old.Type, path: paths[id], action: 'remove', changes: [], dataLoss: loss.dataLoss, note: loss.note });
  }
  return {
    resources,
    replacements: resources.filter((r) => r.action === 'replace').map((r) => r.logicalId),
    dataLoss: resources.filter((r) => r.dataLoss).map((r) => r.logicalId),
  };
}

function elastiCache(resources: Record<string, unknown> | undefined): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const [id, r] of Object.entries(resources ?? {})) {
    const res = r as Resource;
    if (typeof res?.Type === 'string' && res.Type.startsWith('AWS::ElastiCache::')) out[id] = res;
  }
  return out;
}

function diffProperties(old: Resource, res: Resource): PropertyChange[] {
  const a = old.Properties ?? {};
  const b = res.Properties ?? {};
  const list: PropertyChange[] = [];
  for (const property of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (canonical(a[property]) === canonical(b[property])) continue;
    const { behavior, note } = classify(old, res, property, a[property], b[property]);
    list.push({ property, behavior, ...shown(property, a[property], b[property]), note });
  }
  return list;
}

/** The behavior of one property change, with the conditions of the resource reference (see update-behavior.ts). */
function classify(old: Resource, res: Resource, property: string, before: unknown, after: unknown): { behavior: UpdateBehavior; note?: string } {
  const facts = UPDATE_FACTS[res.Type];
  if (!facts) return { behavior: 'no-interruption', note: `unknown type ${res.Type}: assumed in place` };
  if (res.Type === 'AWS::ElastiCache::ReplicationGroup') {
    if (ONLINE_RESHARDING_PROPERTIES.includes(property)) {
      const online = String(res.UpdatePolicy?.UseOnlineResharding) === 'true';
      return online
        ? { behavior: 'no-interruption', note: 'online resharding (UpdatePolicy UseOnlineResharding)' }
        : { behavior: 'replacement', note: 'without UpdatePolicy UseOnlineResharding: true, CloudFormation replaces the group' };
    }
    if (property === 'AuthToken') {
      return before === undefined ? { behavior: 'replacement', note: AUTH_TOKEN_NOTE } : { behavior: 'no-interruption', note: AUTH_TOKEN_NOTE };
    }
    if (property === 'Engine') {
      const inPlace = before === 'redis' && after === 'valkey';
      return { behavior: 'no-interruption', note: inPlace ? ENGINE_NOTE : `${ENGINE_NOTE}; ElastiCache has no other engine migration: this update fails` };
    }
  }
  if (res.Type === 'AWS::ElastiCache::CacheCluster') {
    if (property === 'NumCacheNodes') {
      const zones = (r: Resource) => r.Properties?.PreferredAvailabilityZone !== undefined || r.Properties?.PreferredAvailabilityZones !== undefined;
      if (!zones(old) && !zones(res)) return { behavior: 'replacement', note: NUM_CACHE_NODES_NOTE };
    }
    if (property === 'CacheNodeType' && res.Properties?.Engine === 'memcached') {
      return { behavior: 'no-interruption', note: `${MEMCACHED_NODE_TYPE_NOTE}; this update fails` };
    }
  }
  if (property === 'EngineVersion' && isDowngrade(before, after)) return { behavior: 'no-interruption', note: DOWNGRADE_NOTE };
  if (facts.replacement.includes(property)) return { behavior: 'replacement' };
  if (facts.someInterruption?.includes(property)) return { behavior: 'some-interruption' };
  return { behavior: 'no-interruption' };
}

function lossOf(res: Resource, policy: string | undefined, attribute: string): { dataLoss: boolean; note?: string } {
  if (!UPDATE_FACTS[res.Type]?.holdsData) return { dataLoss: false };
  if (res.Properties?.Engine === 'memcached') return { dataLoss: true, note: 'data lost: Memcached keeps no snapshots' };
  if (res.Type === 'AWS::ElastiCache::ServerlessCache') {
    // The Snapshot policy does not cover ServerlessCache (CloudFormation DeletionPolicy attribute); FinalSnapshotName does.
    if (res.Properties?.FinalSnapshotName !== undefined) return { dataLoss: false, note: 'FinalSnapshotName: a final snapshot keeps the data' };
    if (policy !== 'Retain') return { dataLoss: true, note: 'data lost: no FinalSnapshotName (the Snapshot policy does not cover ServerlessCache)' };
  }
  if (policy === 'Snapshot') return { dataLoss: false, note: `${attribute} Snapshot: a final snapshot keeps the data (restore it with SnapshotName)` };
  if (policy === 'Retain') return { dataLoss: false, note: `${attribute} Retain: the old cache is kept, outside the stack` };
  return { dataLoss: true, note: `data lost: no ${attribute} Snapshot or Retain` };
}

function isDowngrade(before: unknown, after: unknown): boolean {
  if (typeof before !== 'string' || typeof after !== 'string') return false;
  const a = before.split('.').map(Number);
  const b = after.split('.').map(Number);
  if ([...a, ...b].some(Number.isNaN)) return false;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((b[i] ?? 0) !== (a[i] ?? 0)) return (b[i] ?? 0) < (a[i] ?? 0);
  }
  return false;
}

function shown(property: string, before: unknown, after: unknown): { before?: unknown; after?: unknown } {
  const secret = SECRET_PROPERTIES.includes(property);
  const out: { before?: unknown; after?: unknown } = {};
  if (before !== undefined) out.before = secret ? '(secret)' : before;
  if (after !== undefined) out.after = secret ? '(secret)' : after;
  return out;
}

function joinNotes(a: string, b?: string): string {
  return b ? `${a}; ${b}` : a;
}

/** JSON with sorted keys: two values are the same property value when their canonical forms are equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
    : v)) ?? 'undefined';
}

/** Logical ids a value references through `Ref`, `Fn::GetAtt` or `Fn::Sub`. */
function referencedIds(value: unknown): string[] {
  const ids: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [k, inner] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'Ref' && typeof inner === 'string') {ids.push(inner);} else if (k === 'Fn::GetAtt') {ids.push(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);} else if (k === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g)) ids.push(m[1]);
        if (Array.isArray(inner)) walk(inner[1]);
      } else {walk(inner);}
    }
  };
  walk(value);
  return ids;
}
