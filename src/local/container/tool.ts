import { execFile, spawnSync } from 'node:child_process';
import { which } from '../binaries';

/** The container tool that builds and runs the engine image. */
export interface ContainerTool {
  readonly name: 'podman' | 'docker';
  readonly path: string;
}

/**
 * The image `local image build` tags and `--runtime container` runs by default: `cdk-elasticache-engine:latest`, or
 * the environment's `CDK_ELASTICACHE_ENGINE_IMAGE` (for example a tag of one's own in a container store shared with others).
 */
export const DEFAULT_ENGINE_IMAGE = process.env.CDK_ELASTICACHE_ENGINE_IMAGE || 'cdk-elasticache-engine:latest';

/**
 * podman or docker, whichever is installed (podman first); `CDK_ELASTICACHE_CONTAINER_TOOL=docker|podman` chooses.
 */
export function findContainerTool(): ContainerTool {
  const wanted = process.env.CDK_ELASTICACHE_CONTAINER_TOOL;
  if (wanted !== undefined && wanted !== 'podman' && wanted !== 'docker') {
    throw new Error(`CDK_ELASTICACHE_CONTAINER_TOOL is '${wanted}'; allowed: podman, docker`);
  }
  for (const name of wanted ? [wanted as 'podman' | 'docker'] : (['podman', 'docker'] as const)) {
    const path = which(name);
    if (path) return { name, path };
  }
  throw new Error(
    `the container runtime needs podman or docker on PATH${wanted ? ` (CDK_ELASTICACHE_CONTAINER_TOOL=${wanted})` : ''}; ` +
      "install one (Debian: 'sudo apt-get install -y podman runc', then scripts/setup-container.sh), or use the native runtime",
  );
}

/** Runs the tool, resolving with stdout; rejects with its stderr. */
export function runTool(tool: ContainerTool, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool.path, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${tool.name} ${args[0]} failed: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

/** Whether an image is present in the local store. */
export async function imageExists(tool: ContainerTool, image: string): Promise<boolean> {
  try {
    await runTool(tool, ['image', 'inspect', '--format', '{{.Id}}', image]);
    return true;
  } catch {
    return false;
  }
}

/** Removes a container at once (running or not); a missing container is not an error. Synchronous: exit hooks use it. */
export function removeContainerSync(tool: ContainerTool, name: string) {
  const args = tool.name === 'podman' ? ['rm', '--force', '--time', '0', name] : ['rm', '--force', name];
  spawnSync(tool.path, args, { stdio: 'ignore', timeout: 20_000 });
}

/** Flags that keep files the container writes into a bind-mounted host directory owned by the calling user. */
export function userFlags(tool: ContainerTool): string[] {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === undefined || uid === 0) return [];
  // Rootless podman maps the calling user to root in the container unless told to keep the id.
  return tool.name === 'podman' ? ['--userns', 'keep-id'] : ['--user', `${uid}:${gid}`];
}
