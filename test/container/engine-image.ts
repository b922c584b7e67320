import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { buildEngineImage, packageRoot } from '../../src/local/container/image';
import { DEFAULT_ENGINE_IMAGE, findContainerTool, runTool } from '../../src/local/container/tool';

/** The base that scripts/setup-container.sh builds from Debian packages (no image registry needed). */
export const LOCAL_BASE = process.env.BASE_IMAGE ?? 'localhost/cdk-elasticache-base:trixie';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds the engine image when it is missing or older than lib/ (the image runs lib/, not src/), from the local base of
 * scripts/setup-container.sh when it is there. Fails with what to run when neither the image nor a way to build it is.
 */
export async function ensureEngineImage(): Promise<void> {
  const tool = findContainerTool();
  const lib = join(packageRoot(), 'lib');
  if (!existsSync(join(lib, 'local', 'container', 'entry.js'))) {
    throw new Error("the container tests run lib/ in the engine image: run 'npx projen compile', then scripts/setup-container.sh");
  }
  const created = await runTool(tool, ['image', 'inspect', '--format', '{{.Created.Unix}}', DEFAULT_ENGINE_IMAGE]).then(
    (s) => Number(s.trim()) * 1000,
    () => 0,
  );
  if (created > newestMtime(lib)) return;
  const hasLocalBase = await runTool(tool, ['image', 'inspect', '--format', '{{.Id}}', LOCAL_BASE]).then(() => true, () => false);
  try {
    await buildEngineImage({ base: hasLocalBase ? LOCAL_BASE : undefined });
  } catch (e) {
    throw new Error(`cannot build the engine image ${DEFAULT_ENGINE_IMAGE} (run scripts/setup-container.sh first): ${(e as Error).message}`);
  }
}

/** Containers (running or not) whose name or label matches, by the container tool. */
export function containersOf(stateDir: string): string[] {
  const tool = findContainerTool();
  const out = execFileSync(tool.path, ['ps', '-a', '--filter', `label=cdk-elasticache.state-dir=${stateDir}`, '--format', '{{.Names}}'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

/**
 * Testcontainers speaks the Docker API. With podman: starts `podman system service` on its default root socket when
 * nothing answers there, points DOCKER_HOST at it and disables Ryuk (its image cannot be pulled here). Returns a stop.
 */
export async function dockerApiForTestcontainers(): Promise<() => void> {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const tool = findContainerTool();
  if (tool.name !== 'podman' || process.env.DOCKER_HOST) return () => undefined;
  const socket = process.getuid?.() === 0 ? '/run/podman/podman.sock' : join(process.env.XDG_RUNTIME_DIR ?? '/tmp', 'podman', 'podman.sock');
  process.env.DOCKER_HOST = `unix://${socket}`;
  const answers = () =>
    new Promise<boolean>((resolve) => {
      const req = request({ socketPath: socket, path: '/_ping', timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
  if (await answers()) return () => undefined;
  mkdirSync(dirname(socket), { recursive: true });
  const service: ChildProcess = spawn(tool.path, ['system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await answers()); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await answers())) {
    service.kill();
    throw new Error(`podman system service did not answer on ${socket}`);
  }
  return () => service.kill();
}
