import { createServer, Server, Socket, connect } from 'node:net';

/** Where a proxied connection goes: a port, plus an optional plaintext port for TLS `preferred` nodes. */
export interface ProxyTarget {
  readonly port: number;
  readonly plainPort?: number;
}

/**
 * A loopback TCP proxy: every new connection is forwarded to the target chosen at connect time; bytes pass through
 * untouched (TLS terminates at the engine). When a target has a plaintext port too, the first byte decides
 * (0x16 starts a TLS handshake). Connections to a target can be dropped, e.g. after a failover.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Map<number, Set<Socket>>();

  constructor(
    public readonly name: string,
    private readonly pick: () => ProxyTarget | undefined,
  ) {}

  public listen(port: number): Promise<void> {
    const server = createServer({ noDelay: true, pauseOnConnect: true }, (client) => this.handle(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  private handle(client: Socket) {
    client.on('error', () => client.destroy());
    const target = this.pick();
    if (!target) {
      client.destroy();
      return;
    }
    if (target.plainPort === undefined) {
      this.pipe(client, target.port, target.port);
      return;
    }
    client.once('data', (first: Buffer) => {
      client.pause();
      client.unshift(first);
      this.pipe(client, first[0] === 0x16 ? target.port : target.plainPort!, target.port);
    });
    client.resume();
  }

  private pipe(client: Socket, port: number, key: number) {
    const upstream = connect({ host: '127.0.0.1', port, noDelay: true });
    let set = this.sockets.get(key);
    if (!set) this.sockets.set(key, (set = new Set()));
    set.add(client);
    const close = () => {
      set!.delete(client);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', close);
    upstream.on('close', close);
    client.on('close', close);
    client.on('error', close);
    upstream.once('connect', () => {
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  /** Closes the proxied connections that go to a target (clients reconnect and reach the new target). */
  public dropConnectionsTo(port: number) {
    for (const s of this.sockets.get(port) ?? []) s.destroy();
    this.sockets.delete(port);
  }

  public get port(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  public async close(): Promise<void> {
    for (const set of this.sockets.values()) for (const s of set) s.destroy();
    this.sockets.clear();
    const server = this.server;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
