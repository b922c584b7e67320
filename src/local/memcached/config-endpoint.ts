import { readFileSync } from 'node:fs';
import { createServer, Server, Socket, connect } from 'node:net';
import { connect as tlsConnect, createSecureContext, TLSSocket } from 'node:tls';
import { TlsFiles } from '../tls/ca';

export interface MemcachedNodeAddress {
  readonly host: string;
  readonly port: number;
}

/** The reply to `config get cluster` in ElastiCache's auto-discovery format (reference §3.7). */
export function autoDiscoveryReply(version: number, nodes: MemcachedNodeAddress[]): string {
  const entries = [...nodes]
    .sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port)
    .map((n) => `${n.host}|127.0.0.1|${n.port}`);
  const body = `${version}\n${entries.join(' ')}\n`;
  return `CONFIG cluster 0 ${Buffer.byteLength(body)}\r\n${body}\r\nEND\r\n`;
}

const COMMAND = /^config get cluster\r?\n/i;
const LEGACY = /^get AmazonElastiCache:cluster\r?\n/;

/**
 * The configuration endpoint of a Memcached cluster, and the front of each node (on ElastiCache every node answers
 * `config get cluster`; memcached itself does not): answers `config get cluster` (and the pre-1.4.14
 * `get AmazonElastiCache:cluster`) itself; any other command switches the connection to a plain pipe to a node.
 * With TLS it terminates TLS and talks TLS to the node.
 */
export class MemcachedConfigEndpoint {
  private server?: Server;
  private turn = 0;
  private readonly sockets = new Set<Socket>();

  /**
   * @param nodes the cluster's nodes as clients see them (the auto-discovery reply)
   * @param upstream the process a connection is piped to after its first other command: by default the nodes' in
   * turn (configuration endpoint); a node's own front gives its process
   */
  constructor(
    private readonly nodes: () => MemcachedNodeAddress[],
    private readonly version: () => number,
    private readonly tls?: TlsFiles,
    private readonly upstream?: () => MemcachedNodeAddress,
  ) {}

  public listen(port: number): Promise<void> {
    const handler = (s: Socket) => this.handle(s);
    let server: Server;
    if (this.tls) {
      const secureContext = createSecureContext({ cert: readFileSync(this.tls.certFile), key: readFileSync(this.tls.keyFile) });
      server = createServer({ noDelay: true }, (raw) => {
        const socket = new TLSSocket(raw, { isServer: true, secureContext });
        // A client that does not speak TLS is reset, as memcached itself does (it does not wait for a reply that never comes).
        socket.on('error', () => {
          if (!raw.destroyed) raw.resetAndDestroy();
        });
        handler(socket);
      });
    } else {
      server = createServer({ noDelay: true }, handler);
    }
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  }

  public get port(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  private handle(client: Socket) {
    this.sockets.add(client);
    client.setNoDelay(true);
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const text = buf.toString('latin1');
        const m = COMMAND.exec(text) ?? LEGACY.exec(text);
        if (m) {
          const reply = autoDiscoveryReply(this.version(), this.nodes());
          client.write(m[0].startsWith('get') ? legacyReply(reply) : reply);
          buf = buf.subarray(m[0].length);
          continue;
        }
        const nl = text.indexOf('\n');
        const couldBeConfig = 'config get cluster\r\n'.startsWith(text.toLowerCase()) || 'get AmazonElastiCache:cluster\r\n'.startsWith(text);
        if (buf.length === 0 || (nl === -1 && couldBeConfig)) return;
        client.off('data', onData);
        this.forward(client, buf);
        return;
      }
    };
    client.on('data', onData);
    client.on('error', () => client.destroy());
    client.on('close', () => this.sockets.delete(client));
  }

  private forward(client: Socket, first: Buffer) {
    client.pause();
    const nodes = this.nodes();
    const node = this.upstream?.() ?? nodes[this.turn++ % nodes.length];
    const upstream = this.tls
      ? tlsConnect({ host: '127.0.0.1', port: node.port, ca: this.tls.ca, servername: 'localhost' })
      : connect({ host: '127.0.0.1', port: node.port, noDelay: true });
    this.sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(upstream);
    };
    upstream.on('error', close);
    upstream.on('close', close);
    client.on('close', close);
    upstream.once(this.tls ? 'secureConnect' : 'connect', () => {
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  public async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}

/** Before 1.4.14 the same payload came back as the value of the key AmazonElastiCache:cluster. */
function legacyReply(reply: string): string {
  const body = reply.slice(reply.indexOf('\r\n') + 2, reply.lastIndexOf('\r\nEND\r\n'));
  return `VALUE AmazonElastiCache:cluster 0 ${Buffer.byteLength(body)}\r\n${body}\r\nEND\r\n`;
}
