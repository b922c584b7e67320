import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ContainerTool, DEFAULT_ENGINE_IMAGE, findContainerTool } from './tool';

export interface ImageBuildOptions {
  /** Base image (build argument BASE of container/Containerfile). Default: the Containerfile's (official Node image on bookworm). */
  readonly base?: string;
  /** Tag of the built image. Default `cdk-elasticache-engine:latest`. */
  readonly tag?: string;
  /** Output of the build. Default: none. */
  readonly log?: (line: string) => void;
  /** podman or docker. Default: whichever is installed. */
  readonly tool?: ContainerTool;
}

/** The root of this package (the repository, or node_modules/cdk-elasticache when installed). */
export function packageRoot(): string {
  // lib/local/container (compiled) and src/local/container (ts-node/jest) are both three levels down.
  return resolve(__dirname, '..', '..', '..');
}

/**
 * Builds the engine image from container/Containerfile: packs this package (`npm pack`, with its bundled dependencies)
 * into a temporary build context, then runs `podman build` / `docker build` with host networking (for apt).
 */
export async function buildEngineImage(options: ImageBuildOptions = {}): Promise<{ tag: string; millis: number }> {
  const t0 = Date.now();
  const tool = options.tool ?? findContainerTool();
  const tag = options.tag ?? DEFAULT_ENGINE_IMAGE;
  const log = options.log ?? (() => undefined);
  const root = packageRoot();
  const containerfile = join(root, 'container', 'Containerfile');
  if (!existsSync(containerfile)) throw new Error(`no Containerfile at ${containerfile}: this copy of cdk-elasticache does not ship the image definition`);
  if (!existsSync(join(root, 'lib', 'local', 'container', 'entry.js'))) {
    throw new Error(`${join(root, 'lib')} is not compiled (lib/local/container/entry.js is missing): run 'npx projen compile' first`);
  }
  const context = mkdtempSync(join(tmpdir(), 'cdk-elasticache-image-'));
  try {
    log(`packing ${root}`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', '--silent', '--ignore-scripts', '--pack-destination', context], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const tgz = readdirSync(context).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack wrote no tarball into ${context}`);
    renameSync(join(context, tgz), join(context, 'cdk-elasticache.tgz'));
    copyFileSync(containerfile, join(context, 'Containerfile'));
    const args = ['build', '--network', 'host', '-f', join(context, 'Containerfile'), '-t', tag];
    if (options.base) args.push('--build-arg', `BASE=${options.base}`);
    args.push(context);
    log(`${tool.name} ${args.join(' ')}`);
    await run(tool, args, log);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return { tag, millis: Date.now() - t0 };
}

function run(tool: ContainerTool, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tool.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (!line) continue;
        log(line);
        tail.push(line);
        if (tail.length > 30) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${tool.name} build exited with code ${code}:\n${tail.join('\n')}`));
    });
  });
}
