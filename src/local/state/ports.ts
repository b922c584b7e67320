import { mkdirSync, openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canBind, LOOPBACK } from './loopback';
import { isAlive } from './processes';

/**
 * Free loopback ports that never collide, also across parallel jest workers and engines: the kernel picks a free
 * port (bind to port 0) and a lock file in a machine-wide directory reserves it until released.
 */
const LOCK_DIR = join(tmpdir(), 'cdk-elasticache-ports');

export class PortAllocator {
  private readonly held = new Set<number>();

  /** Reserves `count` free ports. */
  public async allocate(count: number): Promise<number[]> {
    mkdirSync(LOCK_DIR, { recursive: true });
    const ports: number[] = [];
    let attempts = 0;
    while (ports.length < count) {
      if (++attempts > count * 20) throw new Error('could not find free loopback ports');
      const port = await kernelFreePort();
      if (this.held.has(port) || !this.lock(port)) continue;
      this.held.add(port);
      ports.push(port);
    }
    return ports;
  }

  /** Reserves one port that is free on every one of `hosts` (the addresses of a group whose nodes share a port). */
  public async allocateOn(hosts: string[]): Promise<number> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const [port] = await this.allocate(1);
      if ((await Promise.all(hosts.map((h) => canBind(port, h)))).every(Boolean)) return port;
      this.release(port);
    }
    throw new Error(`could not find a port free on ${hosts.join(', ')}`);
  }

  /** Reserves a specific port (template ports) on `hosts`; throws when it is in use. */
  public async reserve(port: number, hosts: string[] = [LOOPBACK]): Promise<number> {
    mkdirSync(LOCK_DIR, { recursive: true });
    const free = (await Promise.all(hosts.map((h) => canBind(port, h)))).every(Boolean);
    if (!free) throw new Error(`port ${port} is already in use on ${hosts.join(', ')}`);
    if (this.held.has(port)) return port;
    if (!this.lock(port)) throw new Error(`port ${port} is held by another local engine (${join(LOCK_DIR, String(port))})`);
    this.held.add(port);
    return port;
  }

  private release(port: number) {
    this.held.delete(port);
    try {
      unlinkSync(join(LOCK_DIR, String(port)));
    } catch {
      // already gone
    }
  }

  public releaseAll() {
    for (const p of [...this.held]) this.release(p);
  }

  private lock(port: number): boolean {
    const file = join(LOCK_DIR, String(port));
    for (let i = 0; i < 2; i++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return true;
      } catch {
        // held: take it over only if the holder is gone
        let holder = NaN;
        try {
          holder = Number(readFileSync(file, 'utf8'));
        } catch {
          continue;
        }
        if (holder && isAlive(holder)) return false;
        try {
          unlinkSync(file);
        } catch {
          // raced with another process
        }
      }
    }
    return false;
  }
}

function kernelFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

