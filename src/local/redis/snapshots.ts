import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evenSlots, formatSlots, parseSlots, slotCoverageProblem, SlotRange } from '../../spec/slots';
import { TemplateError } from '../errors';
import { RedisCacheSpec } from '../topology/model';

/** `<stateDir>/snapshots/<name>/manifest.json`, next to `shard-0001.rdb`... */
export interface SnapshotManifest {
  readonly name: string;
  readonly cache: string;
  readonly engine: string;
  readonly clusterMode: boolean;
  readonly shardCount: number;
  /** Slot ranges of each shard (`0-5460`), cluster mode only. */
  readonly slots: string[];
  readonly createdAt: string;
}

export interface SnapshotResult {
  readonly name: string;
  readonly cache: string;
  readonly dir: string;
  readonly shardCount: number;
}

export function snapshotDir(stateDir: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`snapshot name is '${name}'; allowed: letters, digits, '.', '_' and '-', starting with a letter or digit`);
  return join(stateDir, 'snapshots', name);
}

export function rdbName(shard: number): string {
  return `shard-${String(shard + 1).padStart(4, '0')}.rdb`;
}

/** Copies each shard's dump.rdb (just saved) into the snapshot folder and writes its manifest. */
export function writeSnapshot(stateDir: string, name: string, spec: RedisCacheSpec, dumps: string[], slots: string[]): SnapshotResult {
  const dir = snapshotDir(stateDir, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  dumps.forEach((f, s) => copyFileSync(f, join(dir, rdbName(s))));
  const manifest: SnapshotManifest = {
    name,
    cache: spec.logicalId,
    engine: spec.engine,
    clusterMode: spec.clusterMode,
    shardCount: dumps.length,
    slots,
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return { name, cache: spec.logicalId, dir, shardCount: dumps.length };
}

/**
 * The RDB files a cache whose template names a snapshot (SnapshotName/SnapshotArns) boots from, by shard; undefined
 * (with a warning) when the state dir has no such snapshot. Cluster mode: the shard count must be the snapshot's.
 */
export function restoreFiles(stateDir: string, spec: RedisCacheSpec, warnings: string[]): string[] | undefined {
  if (!spec.snapshot) return undefined;
  const { name, property } = spec.snapshot;
  const dir = join(stateDir, 'snapshots', name);
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    warnings.push(`${spec.logicalId}: ${property} '${name}' is not a snapshot in ${join(stateDir, 'snapshots')}; the cache starts empty`);
    return undefined;
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SnapshotManifest;
  const shards = spec.shards.length;
  if (spec.clusterMode && manifest.shardCount !== shards) {
    throw new TemplateError([{
      logicalId: spec.logicalId,
      property,
      message: `snapshot '${name}' has ${manifest.shardCount} shard(s) but the replication group has ${shards}; allowed: ${manifest.shardCount} shard(s) (NumNodeGroups)`,
    }]);
  }
  if (spec.clusterMode) adoptSlots(spec, manifest, property, warnings);
  // Cluster mode disabled: one shard, whatever the snapshot was taken from (its first shard).
  return spec.shards.map((_, s) => join(dir, rdbName(spec.clusterMode ? s : 0)));
}

/**
 * A snapshot taken after an online reshard holds each shard's keys in the slots that shard served then (several
 * ranges: docs/decisions/0130), not in the even split a template without `Slots` gives: the shards then boot with the
 * snapshot's slots, so that every key is served. A template whose `Slots` differ from the snapshot's keeps its own,
 * with a warning (the keys of slots that moved are not served).
 */
function adoptSlots(spec: RedisCacheSpec, manifest: SnapshotManifest, property: string, warnings: string[]): void {
  const parsed = manifest.slots.map((text) => parseSlots('slots', text));
  const layout = parsed.map((p) => ('ranges' in p ? p.ranges : undefined));
  if (layout.some((r) => r === undefined) || slotCoverageProblem(layout as SlotRange[][], () => 'slots')) return;
  const same = (a: ReadonlyArray<SlotRange>, b: ReadonlyArray<SlotRange>) => formatSlots(a) === formatSlots(b);
  if (spec.shards.every((sh, i) => same(sh.slots, layout[i]!))) return;
  const even = evenSlots(spec.shards.length);
  if (spec.shards.every((sh, i) => same(sh.slots, [even[i]]))) {
    spec.shards.splice(0, spec.shards.length, ...spec.shards.map((sh, i) => ({ ...sh, slots: layout[i]! })));
  } else {
    warnings.push(`${spec.logicalId}: ${property} '${manifest.name}' was taken with the slots ${manifest.slots.join(' / ')} per shard; the template's Slots differ, so keys of slots that changed shard are not served`);
  }
}
