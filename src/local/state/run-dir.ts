import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Topology } from '../topology/model';

/**
 * Where a run directory lives when it lives in memory: a tmpfs every Linux has (Debian, Ubuntu, containers). macOS has
 * none, so the run directory stays in the state dir there.
 */
export const MEMORY_DIR = '/dev/shm';
/** statfs(2) f_type of tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;
/** Names of run directories in MEMORY_DIR; removeRunDir removes nothing else. */
const PREFIX = 'cdk-elasticache-run-';
/** In a run directory in memory: the state dir it belongs to (removeRunDir checks it before removing anything). */
const OWNER_FILE = '.state-dir';

/**
 * Creates `<stateDir>/run`, where the nodes keep their configuration, nodes.conf, RDB files and logs, and returns its
 * path. It is a link to a directory in memory (MEMORY_DIR) when that is a tmpfs with `bytesNeeded` free, else a
 * directory of the state dir. A cluster node rewrites and fsyncs nodes.conf at every change of what it knows, in its
 * main thread: on a disk, 90 nodes forming a cluster spend about half a second of their start waiting for that
 * (docs/decisions/0132). Nothing in it outlives a run: `up` starts it empty and `down` removes it.
 */
export function makeRunDir(stateDir: string, bytesNeeded: number): string {
  const runDir = join(stateDir, 'run');
  removeRunDir(stateDir);
  const memory = memoryDirWith(bytesNeeded);
  if (memory) {
    const target = join(memory, PREFIX + randomBytes(8).toString('hex'));
    try {
      mkdirSync(target, { mode: 0o700 });
      writeFileSync(join(target, OWNER_FILE), resolve(stateDir));
      symlinkSync(target, runDir, 'dir');
      return runDir;
    } catch {
      rmSync(target, { recursive: true, force: true });
    }
  }
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  return runDir;
}

/**
 * What the run directory of a topology may hold at most: an RDB file of `maxmemory` bytes per Valkey/Redis node (a
 * snapshot, a full sync), and 64 MiB for configurations and logs. The engine container gets this much `/dev/shm`.
 */
export function runDirBytes(topology: Topology, maxmemory: number): number {
  const nodes = topology.caches.reduce((a, c) => a + (c.kind === 'memcached' ? 0 : c.shards.reduce((b, s) => b + 1 + s.replicas, 0)), 0);
  return nodes * maxmemory + 64 * 1024 * 1024;
}

/** What an engine container's `/dev/shm` gets beyond runDirBytes (the check in makeRunDir leaves nothing to spare). */
export const SHM_SPARE_BYTES = 16 * 1024 * 1024;

/** Whether `<stateDir>/run` is in memory (a link made by makeRunDir). */
export function runDirInMemory(stateDir: string): boolean {
  return memoryTargetOf(stateDir) !== undefined;
}

/**
 * Removes `<stateDir>/run` and, when it is a link made by makeRunDir, the directory in memory it points to: only a
 * directory of MEMORY_DIR named by this module that says it belongs to this state dir (a state dir mounted into the
 * engine container holds a link to the container's memory, which the host must not follow).
 */
export function removeRunDir(stateDir: string): void {
  const target = memoryTargetOf(stateDir);
  if (target) rmSync(target, { recursive: true, force: true });
  rmSync(join(stateDir, 'run'), { recursive: true, force: true });
}

/**
 * Removes what a run of the native engine leaves in a state dir it keeps: the run directory (its memory included), the
 * pid files and endpoints.json. Snapshots and the CA stay.
 */
export function removeRunFiles(stateDir: string): void {
  removeRunDir(stateDir);
  for (const f of ['pids', 'endpoints.json']) rmSync(join(stateDir, f), { recursive: true, force: true });
}

/** Removes the state dir itself, the run directory's memory included. */
export function removeStateDir(stateDir: string): void {
  removeRunDir(stateDir);
  rmSync(stateDir, { recursive: true, force: true });
}

function memoryTargetOf(stateDir: string): string | undefined {
  const runDir = join(stateDir, 'run');
  try {
    if (!lstatSync(runDir).isSymbolicLink()) return undefined;
    const target = readlinkSync(runDir);
    if (!target.startsWith(join(MEMORY_DIR, PREFIX))) return undefined;
    return readFileSync(join(target, OWNER_FILE), 'utf8') === resolve(stateDir) ? target : undefined;
  } catch {
    return undefined;
  }
}

function memoryDirWith(bytesNeeded: number): string | undefined {
  if (process.env.CDK_ELASTICACHE_RUN_DIR_ON_DISK === '1') return undefined;
  try {
    const fs = statfsSync(MEMORY_DIR);
    return fs.type === TMPFS_MAGIC && fs.bavail * fs.bsize >= bytesNeeded ? MEMORY_DIR : undefined;
  } catch {
    return undefined;
  }
}
