// Entry point of the engine image (`cdk-elasticache-engine` in the container): runs the native local engine on the
// processes of the image and serves the control protocol of ./control.ts. Loads only the local engine (never
// aws-cdk-lib, never the other CLI commands).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTROL_FILE, ContainerControl, READY_LINE, serveControl, writeControl } from './control';
import { LocalEngine } from '../engine';

const USAGE = 'usage: cdk-elasticache-engine --state-dir DIR --template FILE [--maxmemory SIZE] [--template-ports] [--proxy-endpoints] [--lease] [--tls-ready FILE]';

async function main() {
  const { values } = parseArgs({
    options: {
      'state-dir': { type: 'string' },
      'template': { type: 'string' },
      'maxmemory': { type: 'string', default: '64mb' },
      'template-ports': { type: 'boolean', default: false },
      'proxy-endpoints': { type: 'boolean', default: false },
      'lease': { type: 'boolean', default: false },
      'tls-ready': { type: 'string' },
    },
  });
  const stateDir = values['state-dir'];
  const template = values.template;
  if (!stateDir || !template) throw new Error(`--state-dir and --template are required\n${USAGE}`);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  rmSync(join(stateDir, CONTROL_FILE), { force: true });
  // The host creates the CA and certificate while this container starts (ContainerEngine): wait for them rather than
  // make (and load the code to make) another pair.
  const tlsReady = values['tls-ready'];
  if (tlsReady) {
    const end = Date.now() + 60_000;
    while (!existsSync(tlsReady)) {
      if (Date.now() > end) throw new Error(`the host did not create the TLS files within 60 s (${tlsReady} missing)`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const engine = await LocalEngine.start(template, {
    stateDir,
    maxmemory: values.maxmemory,
    useTemplatePorts: values['template-ports'],
    proxyEndpoints: values['proxy-endpoints'],
    runtime: 'native',
    log,
  });
  let stopping: Promise<void> | undefined;
  const stop = (why: string) => {
    stopping ??= (async () => {
      log(`stopping (${why})`);
      rmSync(join(stateDir, CONTROL_FILE), { force: true });
      await engine.stop();
      log('stopped');
      process.exit(0);
    })();
    return stopping;
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void stop(sig));
  const control = await serveControl(
    async (req) => {
      if (req.cmd === 'failover') return engine.failover(req.id!, req.shard);
      if (req.cmd === 'stop') {
        setImmediate(() => void stop('stop request'));
        return 'stopping';
      }
      return 'pong';
    },
    () => void stop('the host process holding the lease is gone'),
  );
  const servedBy: ContainerControl['servedBy'] = {};
  for (const id of Object.keys(engine.endpoints.caches)) servedBy[id] = engine.servedBy(id);
  writeControl(stateDir, { controlPort: control.port, token: control.token, servedBy, warnings: engine.warnings });
  log(`${READY_LINE}: ${Object.keys(servedBy).length} cache(s), endpoints in ${engine.endpointsFile}`);
  if (values.lease) {
    // The host takes its lease right after the control file appears; without one in 30 s, nobody is watching.
    setTimeout(() => {
      if (!stopping && control.server.listening) {
        void countLeases(control.server).then((n) => {
          if (n === 0) void stop('no lease taken within 30 s');
        });
      }
    }, 30_000).unref();
  }
}

function countLeases(server: import('node:net').Server): Promise<number> {
  return new Promise((r) => server.getConnections((_e, n) => r(n ?? 0)));
}

main().catch((e: Error) => {
  process.stderr.write(`error: ${e.message}\n`);
  process.exit(1);
});
