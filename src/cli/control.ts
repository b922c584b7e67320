import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Server } from 'node:net';
import { join } from 'node:path';
import { sendControlRequest, serveControlSocket } from '../local/control-socket';
import { isAlive } from '../local/state/processes';
import { TemplateValues } from '../local/template/load';
import { AuthTokenUpdateStrategy } from '../local/update/decide';

/** state.json: how `status`, `failover`, `reshard` and `down` reach the supervising process of a state dir. */
export interface SupervisorState {
  readonly pid: number;
  readonly controlPort: number;
  readonly token: string;
  readonly template: string;
  readonly startedAt: string;
  /** When the last template update was applied (`template` is then the new template). */
  readonly updatedAt?: string;
}

export interface ControlRequest {
  readonly token: string;
  readonly cmd: 'failover' | 'reshard' | 'snapshot' | 'update' | 'stop' | 'ping';
  readonly id?: string;
  readonly shard?: number;
  /** `reshard`: the shard count after resharding. */
  readonly shards?: number;
  /** `snapshot`: the snapshot's name (default `<logicalId>-<timestamp>`). */
  readonly name?: string;
  /** `update`: the new template (path), its parameter and import values, and the update options. */
  readonly template?: string;
  readonly values?: TemplateValues;
  readonly allowReplacement?: boolean;
  readonly authTokenUpdateStrategy?: AuthTokenUpdateStrategy;
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

/** The state of the supervisor running in a state dir, or an error saying nothing runs there. */
export function runningState(stateDir: string): SupervisorState {
  const state = readState(stateDir);
  if (!state || !isAlive(state.pid)) throw new Error(`nothing is running in ${stateDir}`);
  return state;
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
  const { server, port, token } = await serveControlSocket<ControlRequest>(handle);
  const state: SupervisorState = {
    pid: process.pid,
    controlPort: port,
    token,
    template,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(statePath(stateDir), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  return server;
}

/** After a template update: state.json names the new template (what `local plan --state-dir` compares with). */
export function recordUpdate(stateDir: string, template: string) {
  const state = readState(stateDir);
  if (!state) return;
  const next: SupervisorState = { ...state, template, updatedAt: new Date().toISOString() };
  writeFileSync(statePath(stateDir), JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
}

/** Sends one request to the supervisor of a state dir. */
export function sendControl(state: SupervisorState, req: Omit<ControlRequest, 'token'>, timeoutMs = 30_000): Promise<unknown> {
  return sendControlRequest(state.controlPort, state.token, req, { name: 'the supervisor', at: `pid ${state.pid}` }, timeoutMs);
}
