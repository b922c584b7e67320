import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process, or undefined when it is gone. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  }
}

interface PidRecord {
  readonly pid: number;
  /** A string the process's command line contains, so a recycled pid is never killed. */
  readonly marker: string;
  readonly name: string;
}

/** Pid files in `<stateDir>/pids`: how the next `up` finds and stops processes of a crashed run. */
export class PidFiles {
  private readonly dir: string;
  constructor(stateDir: string) {
    this.dir = join(stateDir, 'pids');
  }

  public record(name: string, pid: number, marker: string) {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, `${name}.json`), JSON.stringify({ pid, marker, name } satisfies PidRecord));
  }

  public remove(name: string) {
    rmSync(join(this.dir, `${name}.json`), { force: true });
  }

  /** Stops every recorded process that is still running (SIGTERM, then SIGKILL) and removes the pid files. */
  public async stopStale(log?: (m: string) => void): Promise<number> {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    } catch {
      return 0;
    }
    const victims: PidRecord[] = [];
    for (const f of names) {
      try {
        const rec = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as PidRecord;
        if (rec.pid !== process.pid && isAlive(rec.pid) && commandLine(rec.pid)?.includes(rec.marker)) victims.push(rec);
      } catch {
        // unreadable pid file: ignore
      }
      rmSync(join(this.dir, f), { force: true });
    }
    for (const v of victims) {
      log?.(`stopping stale ${v.name} (pid ${v.pid}) left by a previous run`);
      signal(v.pid, 'SIGTERM');
    }
    await waitAllDead(victims.map((v) => v.pid), 3000);
    for (const v of victims) if (isAlive(v.pid)) signal(v.pid, 'SIGKILL');
    return victims.length;
  }
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // gone
  }
}

async function waitAllDead(pids: number[], timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < end) await sleep(20);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A running engine process. */
export class EngineProcess {
  private exited = false;
  private exitInfo = '';
  private readonly stderr: string[] = [];

  constructor(
    public readonly name: string,
    public readonly child: ChildProcess,
  ) {
    child.on('exit', (code, sig) => {
      this.exited = true;
      this.exitInfo = sig ? `signal ${sig}` : `code ${code}`;
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 50) this.stderr.push(d.toString());
    });
    child.stdout?.on('data', (d: Buffer) => {
      if (this.stderr.length < 50) this.stderr.push(d.toString());
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  public describeExit(): string {
    return `${this.name} exited (${this.exitInfo})${this.stderr.length ? ': ' + this.stderr.join('').trim().slice(-2000) : ''}`;
  }

  /** Resolves once the port accepts TCP connections; rejects if the process exits first. */
  public async waitForPort(port: number, timeoutMs = 10_000, host = '127.0.0.1', intervalMs = 5): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error(this.describeExit());
      if (await canConnect(port, host)) return;
      if (Date.now() > end) throw new Error(`${this.name} did not listen on ${host}:${port} within ${timeoutMs} ms`);
      await sleep(intervalMs);
    }
  }

  public async stop(timeoutMs = 3000): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await done;
    clearTimeout(timer);
  }
}

/**
 * Holds processes at the start line until `open()`: many nodes of one cluster are started together, and each node
 * connects to all the others as soon as it runs. Spawned one by one, the first nodes' retries against ports not yet
 * open (every 100 ms, to every missing node) take the CPU the later spawns need, and a 90-node start stretched over
 * ~5 s on 2 cores. Held, every process is spawned as a shell waiting on its stdin (cheap, nothing else runs yet), then
 * all exec the server at once (docs/decisions/0104).
 */
export class StartGate {
  private readonly held: ChildProcess[] = [];

  public hold(child: ChildProcess) {
    this.held.push(child);
  }

  /** Lets every held process exec its command. */
  public open() {
    for (const child of this.held.splice(0)) child.stdin?.end('\n');
  }
}

/** Starts `command`, at once or, with a gate, when the gate opens (same pid: the shell execs the command). */
export function startProcess(name: string, command: string, args: string[], cwd: string, gate?: StartGate): EngineProcess {
  const child = gate
    ? spawn('/bin/sh', ['-c', 'read _; exec "$0" "$@"', command, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('error', () => undefined);
  if (gate) {
    child.stdin?.on('error', () => undefined);
    gate.hold(child);
  }
  return new EngineProcess(name, child);
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
