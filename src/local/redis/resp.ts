import { connect as tcpConnect, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** Where and how an AdminClient connects. */
export interface AdminClientOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** CA certificate (PEM) when the node only speaks TLS. */
  readonly ca?: string;
  readonly connectTimeoutMs?: number;
}

type Reply = string | number | null | Error | Reply[];

/**
 * A minimal RESP2 client for the engine's own management commands (CLUSTER, INFO, ROLE, FAILOVER...): a few KB in
 * the supervising process instead of a full client library (~18 MB resident). Commands are pipelined in order on one
 * connection; a failed command rejects and the next one reconnects (callers poll with `waitFor`).
 */
export class AdminClient {
  private socket?: Socket;
  private connecting?: Promise<Socket>;
  private readonly pending: Array<{ resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;

  constructor(private readonly options: AdminClientOptions) {}

  /** Sends a command; resolves with its reply (bulk strings as strings, integers as numbers), rejects on an error reply. */
  public async call(...args: string[]): Promise<unknown> {
    const socket = await this.connection();
    return this.send(socket, args);
  }

  public async info(section: string): Promise<string> {
    return (await this.call('INFO', section)) as string;
  }

  public disconnect() {
    this.closed = true;
    this.socket?.destroy();
    this.failAll(new Error('connection closed'));
  }

  private send(socket: Socket, args: string[]): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      let out = `*${args.length}\r\n`;
      for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
      socket.write(out);
    });
  }

  private connection(): Promise<Socket> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<Socket>((resolve, reject) => {
      const { port, ca, host = '127.0.0.1' } = this.options;
      const s = ca ? tlsConnect({ host, port, ca, servername: 'localhost' }) : tcpConnect({ host, port });
      s.setNoDelay(true);
      s.setTimeout(this.options.connectTimeoutMs ?? 5000, () => s.destroy(new Error(`connect timeout to port ${port}`)));
      s.on('data', (d: Buffer) => this.onData(d));
      s.on('error', () => undefined);
      s.once('close', (hadError) => {
        if (this.socket === s) this.socket = undefined;
        this.failAll(new Error(`connection to port ${port} closed${hadError ? ' (error)' : ''}`));
        if (this.connecting) {
          this.connecting = undefined;
          reject(new Error(`cannot connect to port ${port}`));
        }
      });
      s.once(ca ? 'secureConnect' : 'connect', () => {
        s.setTimeout(0);
        this.buffer = Buffer.alloc(0);
        this.send(s, ['AUTH', this.options.username, this.options.password]).then(
          () => {
            this.socket = s;
            this.connecting = undefined;
            resolve(s);
          },
          (e: Error) => s.destroy(e),
        );
      });
    });
    return this.connecting;
  }

  private failAll(e: Error) {
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  private onData(d: Buffer) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, d]) : d;
    for (;;) {
      const parsed = parse(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.next);
      const p = this.pending.shift();
      if (!p) continue;
      if (parsed.value instanceof Error) p.reject(parsed.value);
      else p.resolve(parsed.value);
    }
  }
}

/** Parses one RESP2 value at `at`; undefined when the buffer does not hold all of it yet. */
function parse(buf: Buffer, at: number): { value: Reply; next: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (buf[at]) {
    case 0x2b: // +
      return { value: line, next };
    case 0x2d: // -
      return { value: new Error(line), next };
    case 0x3a: // :
      return { value: Number(line), next };
    case 0x24: { // $
      const len = Number(line);
      if (len < 0) return { value: null, next };
      if (buf.length < next + len + 2) return undefined;
      return { value: buf.toString('utf8', next, next + len), next: next + len + 2 };
    }
    case 0x2a: { // *
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items: Reply[] = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, pos);
        if (!item) return undefined;
        items.push(item.value);
        pos = item.next;
      }
      return { value: items, next: pos };
    }
    default:
      throw new Error(`bad RESP reply: ${line}`);
  }
}
