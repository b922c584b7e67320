import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { join } from 'node:path';
import { ControlSocket, sendControlRequest, serveControlSocket } from '../control-socket';

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

/** The control server in the container (see ../control-socket.ts). */
export type ControlServer = ControlSocket;

/** Starts the control server in the container; `onLeasesGone` runs when the last lease connection closes. */
export async function serveControl(handle: (req: ContainerRequest) => Promise<unknown>, onLeasesGone: () => void): Promise<ControlServer> {
  const leases = new Set<Socket>();
  return serveControlSocket<ContainerRequest>(handle, (req, s) => {
    if (req.cmd !== 'lease') return false;
    leases.add(s);
    s.on('close', () => {
      if (leases.delete(s) && leases.size === 0) onLeasesGone();
    });
    s.setKeepAlive(true, 1000);
    s.write(JSON.stringify({ result: 'leased' }) + '\n');
    return true;
  });
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
  const peer = { name: 'the engine in the container', at: `127.0.0.1:${control.controlPort}` };
  return sendControlRequest(control.controlPort, control.token, req, peer, timeoutMs);
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
