// cdk-elasticache/testcontainers — the engine image as a Testcontainers container, for teams that use Testcontainers.
// Node-only; needs the npm package `testcontainers` (>= 10) in the project that uses it (resolved at start()).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { CONTROL_FILE, ContainerControl, READY_LINE, readControl, request } from '../local/container/control';
import { DEFAULT_ENGINE_IMAGE } from '../local/container/tool';
import type { CacheEndpoints, EndpointsFile } from '../local/endpoints';
import { findCache } from '../local/find-cache';
import { parseSize } from '../local/memcached/cache';
import type { FailoverResult } from '../local/runtime';
import { runDirBytes, SHM_SPARE_BYTES } from '../local/state/run-dir';
import { loadTemplate, TemplateInput } from '../local/template/load';
import { buildTopology } from '../local/topology/build';
import type { Topology } from '../local/topology/model';

export interface ElastiCacheContainerOptions {
  /** The engine image (`cdk-elasticache local image build`). Default `cdk-elasticache-engine:latest`. */
  readonly image?: string;
  /** Host directory shared with the container at the same path (endpoints.json, CA, node files). Default: a new temporary directory, removed by stop(). */
  readonly stateDir?: string;
  /** `maxmemory` of every node. Default `64mb`. */
  readonly maxmemory?: string;
  /** How long start() waits for every cache. Default 120 000 ms. */
  readonly startupTimeoutMs?: number;
}

/**
 * The caches of a CloudFormation template (or a CDK `Stack`) in the engine image, started with Testcontainers:
 * host network mode, the state dir bind-mounted at the same path, started when the engine logs that it is ready.
 *
 *   const caches = await new ElastiCacheContainer(stack).start();
 *   const { primary } = caches.cache('Sessions');   // as useLocalEngine's cache()
 *   await caches.stop();
 */
export class ElastiCacheContainer {
  private readonly template: ReturnType<typeof loadTemplate>;
  private readonly topology: Topology;

  /** Validates the template at once (the same errors as the local engine). */
  constructor(input: TemplateInput, private readonly options: ElastiCacheContainerOptions = {}) {
    this.template = loadTemplate(input);
    this.topology = buildTopology(this.template);
    parseSize(options.maxmemory ?? '64mb');
  }

  public async start(): Promise<StartedElastiCacheContainer> {
    if (process.platform !== 'linux') {
      throw new Error(`cdk-elasticache/testcontainers needs host networking, which ${process.platform} does not have (Docker Desktop runs containers in a VM); published ports are not supported yet`);
    }
    let tc: typeof import('testcontainers');
    try {
      // The user's own testcontainers (a devDependency here, on purpose: see docs/decisions/0103-engine-image.md).
      // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
      tc = require('testcontainers') as typeof import('testcontainers');
    } catch {
      throw new Error("cdk-elasticache/testcontainers needs the npm package 'testcontainers' (>= 10): npm install --save-dev testcontainers");
    }
    const temporary = this.options.stateDir === undefined;
    const stateDir = resolve(this.options.stateDir ?? mkdtempSync(join(tmpdir(), 'cdk-elasticache-')));
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const templateFile = join(stateDir, 'template.json');
    writeFileSync(templateFile, JSON.stringify(this.template.template), { mode: 0o600 });
    rmSync(join(stateDir, CONTROL_FILE), { force: true });
    const uid = process.getuid?.();
    let container = new tc.GenericContainer(this.options.image ?? DEFAULT_ENGINE_IMAGE)
      .withNetworkMode('host')
      .withBindMounts([{ source: stateDir, target: stateDir, mode: 'rw' }])
      .withLabels({ 'cdk-elasticache.state-dir': stateDir })
      // Room for the engine's run directory in memory (decision 0132), with some to spare: 64 MiB by default.
      .withSharedMemorySize(runDirBytes(this.topology, parseSize(this.options.maxmemory ?? '64mb')) + SHM_SPARE_BYTES)
      .withCommand(['cdk-elasticache-engine', '--state-dir', stateDir, '--template', templateFile, '--maxmemory', this.options.maxmemory ?? '64mb'])
      .withWaitStrategy(tc.Wait.forLogMessage(READY_LINE))
      .withStartupTimeout(this.options.startupTimeoutMs ?? 120_000);
    if (uid !== undefined && uid !== 0) container = container.withUser(`${uid}:${process.getgid?.()}`);
    let started: StartedTestContainer;
    try {
      started = await container.start();
    } catch (e) {
      if (temporary) rmSync(stateDir, { recursive: true, force: true });
      throw e;
    }
    const control = readControl(stateDir);
    if (!control) {
      await started.stop();
      throw new Error(`the engine container logged '${READY_LINE}' but wrote no ${CONTROL_FILE} in ${stateDir}`);
    }
    return new StartedElastiCacheContainer(started, stateDir, temporary, this.topology, control);
  }
}

/** The running caches: the same cache objects as `useLocalEngine`. */
export class StartedElastiCacheContainer {
  private endpointsContent: EndpointsFile;
  private stopped = false;

  constructor(
    /** The Testcontainers container. */
    public readonly container: StartedTestContainer,
    /** The state dir shared with the container (endpoints.json, tls/ca.pem). */
    public readonly stateDir: string,
    private readonly temporary: boolean,
    private readonly topology: Topology,
    private readonly control: ContainerControl,
  ) {
    this.endpointsContent = this.readEndpoints();
  }

  /** Path of endpoints.json (contains credentials). */
  public get endpointsFile(): string {
    return join(this.stateDir, 'endpoints.json');
  }

  /** The content of endpoints.json. */
  public get endpoints(): EndpointsFile {
    return this.endpointsContent;
  }

  /** The CA certificate file of the TLS endpoints (undefined when no cache uses TLS). */
  public get caFile(): string | undefined {
    return this.topology.caches.some((c) => c.tls) ? join(this.stateDir, 'tls', 'ca.pem') : undefined;
  }

  /** The CA certificate (PEM), for clients' `tls.ca`. */
  public get ca(): string | undefined {
    const f = this.caFile;
    return f ? readFileSync(f, 'utf8') : undefined;
  }

  /** The endpoints of a cache, by logical id or construct path. */
  public cache(idOrPath: string): CacheEndpoints {
    return this.endpointsContent.caches[findCache(this.topology.caches, idOrPath).logicalId];
  }

  /** TestFailover: promote the least-lagging replica of a shard (0-based); endpoints follow. */
  public async failover(idOrPath: string, shard?: number): Promise<FailoverResult> {
    const id = findCache(this.topology.caches, idOrPath).logicalId;
    const result = (await request(this.control, { cmd: 'failover', id, shard }, 60_000)) as FailoverResult;
    this.endpointsContent = this.readEndpoints();
    return result;
  }

  /** Stops the caches and removes the container (and the state dir when it was temporary). Safe to call twice. */
  public async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // The engine stops its processes on SIGTERM; the container is then removed.
    await this.container.stop({ timeout: 10_000 });
    if (this.temporary) rmSync(this.stateDir, { recursive: true, force: true });
    else for (const f of ['run', 'pids', 'endpoints.json', 'template.json', CONTROL_FILE]) rmSync(join(this.stateDir, f), { recursive: true, force: true });
  }

  private readEndpoints(): EndpointsFile {
    return JSON.parse(readFileSync(this.endpointsFile, 'utf8')) as EndpointsFile;
  }
}
