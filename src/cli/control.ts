import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, Server } from 'node:net';
import { join } from 'node:path';

/** state.json: how `status`, `failover` and `down` reach the supervising process of a state dir. */
export interface SupervisorState {
  readonly pid: number;
  readonly controlPort: number;
  readonly token: string;
  readonly template: string;
  readonly startedAt: string;
}

export interface ControlRequest {
  readonly token: string;
  readonly cmd: 'failover' | 'stop' | 'ping';
  readonly id?: string;
  readonly shard?: number;
}

export function statePath(stateDir: string): string {
  return join(stateDir, 'state.json');
}

export function readState(stateDir: string): SupervisorState | undefined {
  const p = statePath(stateDir);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as SupervisorState;
  } catch {
    return undefined;
  }
}

export function removeState(stateDir: string) {
  rmSync(statePath(stateDir), { force: true });
}

/** Listens on a loopback port for newline-delimited JSON requests carrying the token of state.json. */
export async function startControlServer(
  stateDir: string,
  template: string,
  handle: (req: ControlRequest) => Promise<unknown>,
): Promise<Server> {
  const token = randomBytes(16).toString('hex');
  const server = createServer((s) => {
    let buf = '';
    s.on('error', () => s.destroy());
    s.on('data', (d) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl === -1) return;
      let req: ControlRequest;
      try {
        req = JSON.parse(buf.slice(0, nl)) as ControlRequest;
      } catch {
        s.end(JSON.stringify({ error: 'bad request' }) + '\n');
        return;
      }
      if (req.token !== token) {
        s.end(JSON.stringify({ error: 'bad token' }) + '\n');
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
  const state: SupervisorState = {
    pid: process.pid,
    controlPort: typeof addr === 'object' && addr ? addr.port : 0,
    token,
    template,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(statePath(stateDir), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  return server;
}

/** Sends one request to the supervisor of a state dir. */
export function sendControl(state: SupervisorState, req: Omit<ControlRequest, 'token'>, timeoutMs = 30_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: state.controlPort });
    let buf = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error('the supervisor did not answer'));
    }, timeoutMs);
    s.on('connect', () => s.write(JSON.stringify({ ...req, token: state.token }) + '\n'));
    s.on('data', (d) => (buf += d.toString()));
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot reach the supervisor (pid ${state.pid}): ${e.message}`));
    });
    s.on('end', () => {
      clearTimeout(timer);
      try {
        const res = JSON.parse(buf) as { result?: unknown; error?: string };
        if (res.error) reject(new Error(res.error));
        else resolve(res.result);
      } catch {
        reject(new Error('bad answer from the supervisor'));
      }
    });
  });
}
