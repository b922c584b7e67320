import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { CONTROL_FILE, ContainerControl, lease, readControl, request } from './control';
import { ContainerTool, DEFAULT_ENGINE_IMAGE, findContainerTool, imageExists, removeContainerSync, userFlags } from './tool';
import type { ControlPlane } from '../control-plane/server';
import { CacheEndpoints, EndpointsFile } from '../endpoints';
import { findCache } from '../find-cache';
import { parseSize } from '../memcached/cache';
import { SnapshotResult } from '../redis/snapshots';
import { LocalEngineOptions, RunningEngine, ServedBy } from '../running-engine';
import { FailoverResult, ReshardResult } from '../runtime';
import { allAddresses, planGroupAddresses } from '../state/loopback';
import { sleep } from '../state/processes';
import { runDirBytes, SHM_SPARE_BYTES } from '../state/run-dir';
import { prepareStateDir } from '../state/state-dir';
import { loadTemplate, TemplateInput } from '../template/load';
import { ensureTls } from '../tls/ca';
import { buildTopology } from '../topology/build';
import { Topology } from '../topology/model';
import { UpdateResult } from '../update/decide';

/** Written by the host into the state dir: how `local down` removes a container a crashed supervisor left. */
export const CONTAINER_FILE = 'container.json';
/** Written by the host into the state dir's tls/ once the CA and certificate are there (the container waits for it). */
const TLS_READY_FILE = join('tls', 'host-ready');

export interface ContainerRecord {
  readonly tool: ContainerTool;
  readonly name: string;
  readonly image: string;
}

const live = new Set<ContainerEngine>();
let exitHookInstalled = false;

/**
 * The local engine running inside the engine image (`runtime: 'container'`). The container shares the host's network
 * (its endpoints are the host's loopback addresses) and sees the state dir at the same absolute path, so endpoints.json,
 * the CA file and every path in them mean the same on both sides.
 */
export class ContainerEngine implements RunningEngine {
  /** Starts the container and waits until every cache is up. Use `LocalEngine.start(t, { runtime: 'container' })`. */
  public static async launch(input: TemplateInput, options: LocalEngineOptions): Promise<ContainerEngine> {
    const loaded = loadTemplate(input, { parameters: options.parameters, imports: options.imports });
    const topology = buildTopology(loaded);
    const maxmemory = options.maxmemory ?? '64mb';
    parseSize(maxmemory);
    if (options.binaries) throw new Error("binaries cannot be chosen with runtime 'container': the engine image brings its own");
    if (process.platform !== 'linux') {
      throw new Error(
        `runtime 'container' needs host networking, which ${process.platform} does not have (Docker Desktop runs containers in a VM); ` +
          "published ports are not supported yet: use runtime 'native'",
      );
    }
    const tool = findContainerTool();
    const image = options.image ?? DEFAULT_ENGINE_IMAGE;
    if (!(await imageExists(tool, image))) {
      throw new Error(`the engine image '${image}' is not in the local ${tool.name} store: build it with 'cdk-elasticache local image build${image === DEFAULT_ENGINE_IMAGE ? '' : ` --tag ${image}`}' (on a machine without an image registry: scripts/setup-container.sh of the repository)`);
    }
    const { stateDir, temporary } = prepareStateDir(options.stateDir);
    const engine = new ContainerEngine(stateDir, temporary, topology, [...topology.warnings], options, tool, image);
    writePrivate(join(stateDir, 'template.json'), JSON.stringify(loaded.template));
    await engine.launchContainer();
    return engine;
  }

  private readonly say: (m: string) => void;
  private readonly name: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private leaseSocket?: Socket;
  private control?: ContainerControl;
  private endpointsFileContent: EndpointsFile = { caches: {} };
  private tlsCa?: string;
  private halted = false;
  private readonly exitListeners: Array<(code: number | null) => void> = [];

  private constructor(
    /** The state directory of this run (shared with the container at the same path). */
    public readonly stateDir: string,
    private readonly temporaryDir: boolean,
    public readonly topology: Topology,
    /** Warnings about the template (those of the engine in the container once it is up). */
    public readonly warnings: string[],
    private readonly opts: LocalEngineOptions,
    /** podman or docker. */
    public readonly tool: ContainerTool,
    /** The engine image. */
    public readonly image: string,
  ) {
    this.say = opts.log ?? (() => undefined);
    this.name = `cdk-elasticache-${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`;
  }

  /** Runs `listener` when the container exits without `stop()` (stopped or killed from outside). */
  public onContainerExit(listener: (code: number | null) => void) {
    this.exitListeners.push(listener);
  }

  /** The name of the container. */
  public get containerName(): string {
    return this.name;
  }

  private async launchContainer() {
    removeContainerSync(this.tool, this.name); // left by a crashed run in the same state dir
    rmSync(join(this.stateDir, CONTROL_FILE), { force: true });
    const record: ContainerRecord = { tool: this.tool, name: this.name, image: this.image };
    writePrivate(join(this.stateDir, CONTAINER_FILE), JSON.stringify(record));
    const engineArgs = ['--state-dir', this.stateDir, '--template', join(this.stateDir, 'template.json'), '--maxmemory', this.maxmemoryArg, '--lease'];
    if (this.opts.useTemplatePorts) engineArgs.push('--template-ports');
    if (this.opts.proxyEndpoints) engineArgs.push('--proxy-endpoints');
    // TLS: the host makes the CA and certificate while the container starts (the same files and addresses as the
    // engine would make), so neither step waits for the other; the engine in the container waits for the marker.
    const tls = this.topology.caches.some((c) => c.tls);
    const tlsReady = join(this.stateDir, TLS_READY_FILE);
    rmSync(tlsReady, { force: true });
    if (tls) engineArgs.push('--tls-ready', tlsReady);
    const args = [
      'run', '--rm', '--name', this.name,
      '--network', 'host',
      '--volume', `${this.stateDir}:${this.stateDir}`,
      '--label', `cdk-elasticache.state-dir=${this.stateDir}`,
      '--stop-timeout', '5',
      // Room for the engine's run directory in memory (decision 0132), with some to spare: 64 MiB by default.
      '--shm-size', String(runDirBytes(this.topology, parseSize(this.maxmemoryArg)) + SHM_SPARE_BYTES),
      ...userFlags(this.tool),
      this.image, 'cdk-elasticache-engine', ...engineArgs,
    ];
    this.say(`starting the engine image ${this.image} with ${this.tool.name} (container ${this.name})`);
    live.add(this);
    installExitHook();
    // Own process group: Ctrl-C reaches this process, which stops the container through the control port.
    const child = spawn(this.tool.path, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    const tail: string[] = [];
    const onLine = (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (!line) continue;
        this.say(line);
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    let exitCode: number | null | undefined;
    this.exited = new Promise((r) =>
      child.on('exit', (code) => {
        exitCode = code;
        r();
        // Stopped from outside (`podman stop`, `docker kill`...): the engine is gone; tell whoever supervises.
        if (!this.halted && this.control) {
          this.say(`the engine container ${this.name} exited (code ${code})`);
          for (const cb of this.exitListeners) cb(code);
        }
      }),
    );
    child.on('error', (e) => tail.push(e.message));
    child.unref();
    (child.stdout as unknown as Socket).unref?.();
    (child.stderr as unknown as Socket).unref?.();
    try {
      if (tls) {
        await ensureTls(this.stateDir, allAddresses(planGroupAddresses(this.topology)));
        writePrivate(tlsReady, '');
      }
      const deadline = Date.now() + 120_000;
      for (;;) {
        const control = readControl(this.stateDir);
        if (control && existsSync(this.endpointsFile)) {
          this.control = control;
          break;
        }
        if (exitCode !== undefined) throw new Error(`the engine container exited (code ${exitCode}) before the caches were up:\n${tail.join('\n')}`);
        if (Date.now() > deadline) throw new Error(`the engine container did not start within 120 s:\n${tail.join('\n')}`);
        await sleep(25);
      }
      this.leaseSocket = await lease(this.control);
      this.warnings.splice(0, this.warnings.length, ...this.control.warnings);
      this.reload();
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  private get maxmemoryArg(): string {
    return this.opts.maxmemory ?? '64mb';
  }

  private reload() {
    this.endpointsFileContent = JSON.parse(readFileSync(this.endpointsFile, 'utf8')) as EndpointsFile;
    const caFile = join(this.stateDir, 'tls', 'ca.pem');
    this.tlsCa = this.topology.caches.some((c) => c.tls) && existsSync(caFile) ? readFileSync(caFile, 'utf8') : undefined;
  }

  /** Path of endpoints.json. */
  public get endpointsFile(): string {
    return join(this.stateDir, 'endpoints.json');
  }

  /** The control plane is not served with runtime 'container'. */
  public get controlPlane(): ControlPlane | undefined {
    return undefined;
  }

  public get endpoints(): EndpointsFile {
    return this.endpointsFileContent;
  }

  public get caFile(): string | undefined {
    return this.tlsCa === undefined ? undefined : join(this.stateDir, 'tls', 'ca.pem');
  }

  public get ca(): string | undefined {
    return this.tlsCa;
  }

  public cache(idOrPath: string): CacheEndpoints {
    return this.endpointsFileContent.caches[findCache(this.topology.caches, idOrPath).logicalId];
  }

  public servedBy(idOrPath: string): ServedBy {
    return this.control!.servedBy[findCache(this.topology.caches, idOrPath).logicalId];
  }

  public async failover(idOrPath: string, shard?: number): Promise<FailoverResult> {
    const id = findCache(this.topology.caches, idOrPath).logicalId;
    if (!this.control || this.halted) throw new Error('the engine container is not running');
    const result = (await request(this.control, { cmd: 'failover', id, shard }, 60_000)) as FailoverResult;
    this.reload();
    return result;
  }

  public reshard(idOrPath: string, shardCount: number): Promise<ReshardResult> {
    const id = findCache(this.topology.caches, idOrPath).logicalId;
    return Promise.reject(new Error(`${id}: resharding to ${shardCount} shard(s) is not supported with runtime 'container'; use runtime 'native'`));
  }

  public update(): Promise<UpdateResult> {
    return Promise.reject(new Error("template updates of running caches are not supported with runtime 'container'; use runtime 'native', or 'local down' and 'local up' with the new template"));
  }

  public snapshot(idOrPath: string): Promise<SnapshotResult> {
    const id = findCache(this.topology.caches, idOrPath).logicalId;
    return Promise.reject(new Error(`${id}: snapshots are not supported with runtime 'container'; use runtime 'native'`));
  }

  public passwords(idOrPath: string): string[] {
    return this.noUsers(idOrPath);
  }

  public async setPasswords(idOrPath: string): Promise<void> {
    this.noUsers(idOrPath);
  }

  private noUsers(idOrPath: string): never {
    const id = findCache(this.topology.caches, idOrPath).logicalId;
    throw new Error(`${id}: passwords cannot be read or changed with runtime 'container'; use runtime 'native'`);
  }

  /** The pid of the container tool's client process on this machine (the engine processes run in the container). */
  public get pids(): number[] {
    return this.child?.pid !== undefined && this.child.exitCode === null ? [this.child.pid] : [];
  }

  /** Stops the engine in the container, waits for the container to exit (it is removed: `--rm`). Safe to call twice. */
  public async stop(): Promise<void> {
    if (this.halted) return;
    this.halted = true;
    if (this.control) await request(this.control, { cmd: 'stop' }, 10_000).catch(() => undefined);
    this.leaseSocket?.destroy();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15_000)));
    const exited = await Promise.race([this.exited?.then(() => true) ?? Promise.resolve(true), timeout]);
    clearTimeout(timer);
    // `--rm` removes the container when it exits; remove it by force when it did not exit, or the client died first.
    if (!exited || this.child?.exitCode !== 0) removeContainerSync(this.tool, this.name);
    live.delete(this);
    if (this.temporaryDir) {
      rmSync(this.stateDir, { recursive: true, force: true });
    } else {
      for (const f of ['run', 'pids', 'endpoints.json', 'template.json', CONTROL_FILE, CONTAINER_FILE, TLS_READY_FILE]) rmSync(join(this.stateDir, f), { recursive: true, force: true });
    }
  }

  /** Synchronous last resort when the Node process exits without stop(). */
  public killNow() {
    this.leaseSocket?.destroy();
    removeContainerSync(this.tool, this.name);
  }
}

/** `local down`: removes the container a state dir records, if any (a supervisor that crashed left it). */
export function removeRecordedContainer(stateDir: string): boolean {
  const p = join(stateDir, CONTAINER_FILE);
  if (!existsSync(p)) return false;
  try {
    const rec = JSON.parse(readFileSync(p, 'utf8')) as ContainerRecord;
    removeContainerSync(rec.tool, rec.name);
  } catch {
    // unreadable record: nothing to remove
  }
  for (const f of [CONTAINER_FILE, CONTROL_FILE, 'template.json']) rmSync(join(stateDir, f), { force: true });
  return true;
}

function writePrivate(path: string, content: string) {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const e of live) e.killNow();
  });
}
