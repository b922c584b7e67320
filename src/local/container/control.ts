import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, connect, Server, Socket } from 'node:net';
import { join } from 'node:path';

/**
 * How the host reaches the engine inside the container: a loopback TCP port (the container shares the host's network)
 * taking newline-delimited JSON requests that carry the token of `container-control.json` in the shared state dir.
 * A `lease` request keeps its connection open: when the last lease closes (the host process ended, however it ended),
 * the engine stops and the container exits.
 */
export const CONTROL_FILE = 'container-control.json';

/** Written by the engine in the container once every cache is up. */
export interface ContainerControl {
  readonly controlPort: number;
  readonly token: string;
  /** Logical id → "valkey-server 8.1.1". */
  readonly servedBy: Record<string, { binary: string; path: string; version: string }>;
  readonly warnings: string[];
}

export interface ContainerRequest {
  readonly cmd: 'failover' | 'stop' | 'lease' | 'ping';
  readonly id?: string;
  readonly shard?: number;
}

/** The line the engine prints on stderr when it is ready (wait strategy of the Testcontainers module). */
export const READY_LINE = 'cdk-elasticache engine ready';

export function readControl(stateDir: string): ContainerControl | undefined {
  const p = join(stateDir, CONTROL_FILE);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as ContainerControl;
  } catch {
    return undefined;
  }
}

export interface ControlServer {
  readonly server: Server;
  readonly port: number;
  readonly token: string;
}

/** Starts the control server in the container; `onLeasesGone` runs when the last lease connection closes. */
export async function serveControl(handle: (req: ContainerRequest) => Promise<unknown>, onLeasesGone: () => void): Promise<ControlServer> {
  const token = randomBytes(16).toString('hex');
  const leases = new Set<Socket>();
  const server = createServer((s) => {
    let buf = '';
    s.on('error', () => s.destroy());
    s.on('close', () => {
      if (leases.delete(s) && leases.size === 0) onLeasesGone();
    });
    s.on('data', (d) => {
      if (leases.has(s)) return;
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl === -1) return;
      let req: ContainerRequest & { token?: string };
      try {
        req = JSON.parse(buf.slice(0, nl)) as ContainerRequest & { token?: string };
      } catch {
        s.end(JSON.stringify({ error: 'bad request' }) + '\n');
        return;
      }
      if (req.token !== token) {
        s.end(JSON.stringify({ error: 'bad token' }) + '\n');
        return;
      }
      if (req.cmd === 'lease') {
        leases.add(s);
        s.setKeepAlive(true, 1000);
        s.write(JSON.stringify({ result: 'leased' }) + '\n');
        return;
      }
      handle(req).then(
        (result) => s.end(JSON.stringify({ result }) + '\n'),
        (e: Error) => s.end(JSON.stringify({ error: e.message }) + '\n'),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0, token };
}

/** Writes container-control.json atomically, mode 0600 (it holds the token). */
export function writeControl(stateDir: string, control: ContainerControl) {
  const p = join(stateDir, CONTROL_FILE);
  const tmp = `${p}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(control, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, p);
}

/** One request to the engine in the container. */
export function request(control: ContainerControl, req: ContainerRequest, timeoutMs = 30_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: control.controlPort });
    let buf = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`the engine in the container did not answer '${req.cmd}' within ${timeoutMs} ms`));
    }, timeoutMs);
    s.on('connect', () => s.write(JSON.stringify({ ...req, token: control.token }) + '\n'));
    s.on('data', (d) => (buf += d.toString()));
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot reach the engine in the container (127.0.0.1:${control.controlPort}): ${e.message}`));
    });
    s.on('end', () => {
      clearTimeout(timer);
      try {
        const res = JSON.parse(buf) as { result?: unknown; error?: string };
        if (res.error) reject(new Error(res.error));
        else resolve(res.result);
      } catch {
        reject(new Error('bad answer from the engine in the container'));
      }
    });
  });
}

/** Opens a lease: the engine stops when this socket closes (destroy it, or let the process end). */
export function lease(control: ContainerControl): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: control.controlPort });
    s.once('connect', () => {
      s.setKeepAlive(true, 1000);
      s.write(JSON.stringify({ cmd: 'lease', token: control.token }) + '\n');
    });
    s.once('data', () => {
      s.removeAllListeners('error');
      s.on('error', () => undefined);
      s.unref();
      resolve(s);
    });
    s.once('error', (e) => reject(new Error(`cannot lease the engine in the container: ${e.message}`)));
  });
}
