import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { extname, resolve, join } from 'node:path';
import { Command, Option } from 'commander';
import { readState, recordUpdate, removeState, sendControl, startControlServer } from './control';
import { planCommand } from './plan';
import { reshardCommand } from './reshard';
import { snapshotCommand } from './snapshot';
import { endpointTable } from './table';
import { updateRunning } from './update';
import { DEFAULT_ENGINE_IMAGE } from '../local/container/tool';
import { EndpointsFile, HostPort } from '../local/endpoints';
import { LocalEngine } from '../local/engine';
import { allAddresses, planGroupAddresses } from '../local/state/loopback';
import { PidFiles, isAlive, sleep } from '../local/state/processes';
import { removeRunFiles } from '../local/state/run-dir';
import { loadTemplate, TemplateValues } from '../local/template/load';
import { parseKeyValues, readParametersFile } from '../local/template/parameters';
import { ensureTls } from '../local/tls/ca';
import { buildTopology } from '../local/topology/build';
import { AuthTokenUpdateStrategy } from '../local/update/decide';

/**
 * V8 flags of the background supervisor (budget: 60 MB resident): `--optimize-for-size` (~10 MB less code and heap),
 * a 1 MB semi-space so the young generation (where the proxies' short-lived buffers live) does not grow to its
 * 3 x 16 MB default under load, and a cap on the old generation (the supervisor's heap is a few MB).
 * Measured with benchmarks/local-rss.ts.
 */
const SUPERVISOR_V8_FLAGS = ['--optimize-for-size', '--max-semi-space-size=1', '--max-old-space-size=96'];

const DEFAULT_STATE_DIR = '.cdk-elasticache';

interface UpOptions {
  template?: string;
  app?: string;
  parameters?: string[];
  parametersFile?: string;
  imports?: string[];
  stateDir: string;
  detach?: boolean;
  templatePorts?: boolean;
  proxyEndpoints?: boolean;
  maxmemory: string;
  supervisor?: boolean;
  runtime: 'native' | 'container';
  image?: string;
  controlPlane?: boolean;
  controlPlanePort?: string;
  allowReplacement?: boolean;
  authTokenUpdateStrategy?: AuthTokenUpdateStrategy;
}

/** `cdk-elasticache local ...` */
export function localCommand(): Command {
  const local = new Command('local').description('run a synthesized template on local Valkey/Redis and Memcached processes');
  const stateDirOption = () => new Option('--state-dir <dir>', 'state directory').default(DEFAULT_STATE_DIR);

  local
    .command('up')
    .description('start every cache of a template (foreground: Ctrl-C stops everything); with caches already running in the state dir, update them to the template as CloudFormation would')
    .option('--template <file>', 'CloudFormation template (JSON or YAML), e.g. cdk.out/MyStack.template.json')
    .option('--app <dir>', 'CDK cloud assembly directory, e.g. cdk.out: every stack of manifest.json, nested stacks included')
    .option('--parameters <Key=Value...>', 'template parameter values (Stack:Key=Value for one stack of an assembly; file://params.json reads a parameters file)')
    .option('--parameters-file <file>', 'parameters file: [{"ParameterKey": "K", "ParameterValue": "V"}] or {"Parameters": {"K": "V"}}')
    .option('--imports <Name=Value...>', 'values of Fn::ImportValue by export name')
    .addOption(stateDirOption())
    .option('--detach', 'run in the background; stop with `local down`')
    .option('--template-ports', "listen on the template's ports instead of free ones")
    .option('--maxmemory <size>', 'maxmemory of every node', '64mb')
    .option('--proxy-endpoints', 'serve primary/reader endpoints through proxies on 127.0.0.1 instead of the nodes (automatic where 127.0.n.x cannot be bound)')
    .addOption(new Option('--runtime <runtime>', 'native: processes on this machine; container: inside the engine image (local image build)').choices(['native', 'container']).env('CDK_ELASTICACHE_RUNTIME').default('native'))
    .option('--image <image>', `engine image of --runtime container (default ${DEFAULT_ENGINE_IMAGE}; CDK_ELASTICACHE_ENGINE_IMAGE sets it)`)
    .option('--control-plane', 'also serve the AWS-compatible ElastiCache and Secrets Manager endpoint (its URL in endpoints.json)')
    .option('--control-plane-port <port>', 'port of --control-plane on 127.0.0.1 (default: a free port)')
    .option('--allow-replacement', 'caches already running in the state dir: apply replacements too (a replaced cache starts anew, empty)')
    .addOption(new Option('--auth-token-update-strategy <strategy>', 'caches already running: how a changed AuthToken is applied (ROTATE: old and new valid; SET: only the new)').choices(['ROTATE', 'SET']).default('ROTATE'))
    .addOption(new Option('--supervisor').hideHelp())
    .action((opts: UpOptions) => up(opts));

  const image = local.command('image').description('the engine image (--runtime container)');
  image
    .command('build')
    .description('build the engine image (Node, valkey-server, redis-server, memcached, this CLI) with podman or docker')
    .option('--base <image>', 'base image with Node.js >= 20 on Debian (default: the official Node image on bookworm)')
    .option('--tag <tag>', 'tag of the image (CDK_ELASTICACHE_ENGINE_IMAGE sets the default)', DEFAULT_ENGINE_IMAGE)
    .action(async (opts: { base?: string; tag: string }) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildEngineImage } = require('../local/container/image') as typeof import('../local/container/image');
      const built = await buildEngineImage({ base: opts.base, tag: opts.tag, log: (l) => process.stderr.write(`${l}\n`) });
      process.stdout.write(`built ${built.tag} in ${(built.millis / 1000).toFixed(1)} s\n`);
    });

  local
    .command('status')
    .description('show the endpoints of the running caches')
    .addOption(stateDirOption())
    .option('--json', 'print endpoints.json (contains credentials)')
    .action((opts: { stateDir: string; json?: boolean }) => status(opts.stateDir, opts.json));

  local
    .command('failover <id>')
    .description('TestFailover: promote the least-lagging replica of a cache (by logical id or construct path)')
    .option('--shard <n>', 'shard (node group) number as in endpoints.json, 0-based', '0')
    .addOption(stateDirOption())
    .action(async (id: string, opts: { shard: string; stateDir: string }) => {
      const state = readState(resolve(opts.stateDir));
      if (!state || !isAlive(state.pid)) throw new Error(`nothing is running in ${opts.stateDir}`);
      const result = (await sendControl(state, { cmd: 'failover', id, shard: Number(opts.shard) })) as { millis: number; from: HostPort; to: HostPort };
      const at = (n: HostPort) => `${n.host}:${n.port}`;
      process.stdout.write(`failover of ${id} shard ${opts.shard}: primary ${at(result.from)} -> ${at(result.to)} in ${result.millis} ms\n`);
    });

  local
    .command('down')
    .description('stop everything started in the state dir')
    .addOption(stateDirOption())
    .action((opts: { stateDir: string }) => down(resolve(opts.stateDir)));
  local.addCommand(planCommand());
  local.addCommand(reshardCommand(stateDirOption));
  local.addCommand(snapshotCommand(stateDirOption));
  return local;
}

/** Environment variable that hands parameter and import values to the background supervisor (never argv: ps shows it). */
const VALUES_ENV = 'CDK_ELASTICACHE_TEMPLATE_VALUES';

/** The template or assembly to load, and the parameter and import values given on the command line. */
function templateArgs(opts: UpOptions): { template: string; values: TemplateValues } {
  if (!opts.template === !opts.app) throw new Error('give exactly one of --template <file> and --app <cdk.out directory>');
  const template = resolve((opts.template ?? opts.app)!);
  if (opts.supervisor && process.env[VALUES_ENV]) return { template, values: JSON.parse(process.env[VALUES_ENV]) as TemplateValues };
  const parameters = {
    ...(opts.parametersFile ? readParametersFile(opts.parametersFile) : {}),
    ...parseKeyValues(opts.parameters ?? [], '--parameters'),
  };
  return { template, values: { parameters, imports: parseKeyValues(opts.imports ?? [], '--imports') } };
}

async function up(opts: UpOptions) {
  const stateDir = resolve(opts.stateDir);
  const { template, values } = templateArgs(opts);
  const running = readState(stateDir);
  if (running && running.pid !== process.pid && isAlive(running.pid)) return update(opts, stateDir, template, values);
  if (opts.detach) return detach(opts, stateDir, template, values);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const engine = await LocalEngine.start(template, {
    stateDir,
    useTemplatePorts: opts.templatePorts,
    proxyEndpoints: opts.proxyEndpoints,
    maxmemory: opts.maxmemory,
    parameters: values.parameters,
    imports: values.imports,
    log,
    runtime: opts.runtime,
    image: opts.image,
    controlPlane: controlPlaneOption(opts),
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log('stopping...');
      server.close();
      await engine.stop();
      removeState(stateDir);
      log('stopped');
    })();
    return stopping;
  };
  const server = await startControlServer(stateDir, template, async (req) => {
    if (req.cmd === 'failover') return engine.failover(req.id!, req.shard);
    if (req.cmd === 'reshard') return engine.reshard(req.id!, req.shards!);
    if (req.cmd === 'snapshot') return engine.snapshot(req.id!, req.name);
    if (req.cmd === 'update') {
      const result = await engine.update(req.template!, {
        allowReplacement: req.allowReplacement,
        authTokenUpdateStrategy: req.authTokenUpdateStrategy,
        parameters: req.values?.parameters,
        imports: req.values?.imports,
      });
      recordUpdate(stateDir, req.template!);
      return result;
    }
    if (req.cmd === 'stop') {
      setImmediate(() => void stop().then(() => process.exit(0)));
      return 'stopping';
    }
    return 'pong';
  });
  const servedBy: Record<string, string> = {};
  for (const id of Object.keys(engine.endpoints.caches)) {
    const s = engine.servedBy(id);
    servedBy[id] = `${s.binary} ${s.version}`;
  }
  const out = opts.supervisor ? log : (m: string) => process.stdout.write(`${m}\n`);
  out(endpointTable(engine.endpoints, servedBy));
  out(`endpoints and credentials: ${engine.endpointsFile}${engine.caFile ? `\nCA certificate: ${engine.caFile}` : ''}`);
  if (engine.controlPlane) out(`AWS API endpoint (ElastiCache, Secrets Manager): ${engine.controlPlane.url}`);
  if (!opts.supervisor) out('Press Ctrl-C to stop.');
  // --runtime container: the container stopped from outside ends this run too (exit code 1).
  engine.onContainerExit(() => void stop().then(() => process.exit(1)));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => void stop().then(() => process.exit(0)));
  }
}

/** `up` on a state dir whose caches run: the supervisor applies the template as an update (./update.ts). */
function update(opts: UpOptions, stateDir: string, template: string, values: TemplateValues) {
  const { allowReplacement, authTokenUpdateStrategy } = opts;
  return updateRunning(stateDir, readState(stateDir)!, { template, values, allowReplacement, authTokenUpdateStrategy });
}

async function detach(opts: UpOptions, stateDir: string, template: string, values: TemplateValues) {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const logFile = join(stateDir, 'supervisor.log');
  const fd = openSync(logFile, 'w', 0o600);
  // Validate the template and create the CA here, in the short-lived process: the supervisor then reuses the
  // certificate files and never loads the X.509 library.
  const topology = buildTopology(loadTemplate(template, values));
  if (topology.caches.some((c) => c.tls)) await ensureTls(stateDir, allAddresses(planGroupAddresses(topology)));
  const entry = join(__dirname, `supervisor${extname(__filename)}`);
  const upArgs = ['up', '--template', template, '--state-dir', stateDir, '--maxmemory', opts.maxmemory, '--supervisor'];
  const args = [...SUPERVISOR_V8_FLAGS, ...process.execArgv, entry, ...upArgs];
  if (opts.templatePorts) args.push('--template-ports');
  if (opts.proxyEndpoints) args.push('--proxy-endpoints');
  if (opts.runtime === 'container') args.push('--runtime', 'container');
  if (opts.image) args.push('--image', opts.image);
  if (opts.controlPlane || opts.controlPlanePort) args.push('--control-plane');
  if (opts.controlPlanePort) args.push('--control-plane-port', opts.controlPlanePort);
  removeState(stateDir);
  // One glibc malloc arena: the proxies' socket buffers are freed by the main thread, extra arenas only hold memory.
  const env = { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '1', [VALUES_ENV]: JSON.stringify(values) };
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const state = readState(stateDir);
    if (state?.pid === child.pid && existsSync(join(stateDir, 'endpoints.json'))) break;
    if (exited || Date.now() > deadline) {
      throw new Error(`the background supervisor failed to start:\n${readFileSync(logFile, 'utf8').trim()}`);
    }
    await sleep(50);
  }
  // The supervisor writes endpoints.json, then logs its table, the files and the control plane's URL in one go: wait
  // for that (a few ms) so what is printed here is complete.
  const logged = Date.now() + 5_000;
  while (!readFileSync(logFile, 'utf8').includes('endpoints and credentials:') && !exited && Date.now() < logged) await sleep(20);
  child.unref();
  process.stdout.write(`${readFileSync(logFile, 'utf8').trim()}\nrunning in the background (pid ${child.pid}); stop with 'cdk-elasticache local down --state-dir ${opts.stateDir}'\n`);
}

function status(stateDirArg: string, json?: boolean) {
  const stateDir = resolve(stateDirArg);
  const state = readState(stateDir);
  const file = join(stateDir, 'endpoints.json');
  if (!state || !isAlive(state.pid) || !existsSync(file)) {
    process.stdout.write(`nothing is running in ${stateDirArg}\n`);
    process.exitCode = 3;
    return;
  }
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as EndpointsFile;
  if (json) process.stdout.write(JSON.stringify(endpoints, null, 2) + '\n');
  else process.stdout.write(`running (pid ${state.pid}, since ${state.startedAt}, template ${state.template})\n${endpointTable(endpoints)}\n`);
}

async function down(stateDir: string) {
  const state = readState(stateDir);
  if (state && isAlive(state.pid)) {
    try {
      await sendControl(state, { cmd: 'stop' }, 10_000);
    } catch {
      process.kill(state.pid, 'SIGTERM');
    }
    const end = Date.now() + 15_000;
    while (isAlive(state.pid) && Date.now() < end) await sleep(50);
    if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  }
  // Whatever a crashed supervisor left behind.
  const stale = await new PidFiles(stateDir).stopStale();
  // The engine container a crashed `--runtime container` supervisor left (container.json is only written by that runtime).
  if (existsSync(join(stateDir, 'container.json'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../local/container/engine') as typeof import('../local/container/engine')).removeRecordedContainer(stateDir);
  }
  removeState(stateDir);
  removeRunFiles(stateDir);
  process.stdout.write(`stopped${stale ? ` (${stale} leftover process(es))` : ''}\n`);
}

/** `--control-plane [--control-plane-port N]` as the engine's `controlPlane` option (a port alone implies the flag). */
function controlPlaneOption(opts: UpOptions): boolean | { port: number } | undefined {
  if (opts.controlPlanePort === undefined) return opts.controlPlane ? true : undefined;
  const port = Number(opts.controlPlanePort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--control-plane-port must be a port number from 1 to 65535, got '${opts.controlPlanePort}'`);
  }
  return { port };
}
