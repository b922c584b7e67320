import { randomBytes } from 'node:crypto';
import { createServer, connect, Server, Socket } from 'node:net';

/**
 * A control socket: a loopback TCP port taking one newline-delimited JSON request per connection, which must carry
 * the server's random token (written by the caller to a mode-0600 file of the state dir); the answer is
 * `{ "result": ... }` or `{ "error": "..." }` and ends the connection. The CLI's supervisor (state.json) and the
 * engine in the container (container-control.json) both serve one.
 */
export interface ControlSocket {
  readonly server: Server;
  readonly port: number;
  readonly token: string;
}

/** A request as sent: a command and its parameters. */
export interface ControlSocketRequest {
  readonly cmd: string;
}

/** Who answers a control socket, for error messages: e.g. `the supervisor` at `pid 123`. */
export interface ControlSocketPeer {
  readonly name: string;
  readonly at: string;
}

/**
 * Listens on 127.0.0.1 (a free port). `handle` answers each request with a valid token; `keep`, when given, is asked
 * first and may keep the connection open instead (it then owns the socket, and further data on it is ignored).
 */
export async function serveControlSocket<R extends ControlSocketRequest>(
  handle: (req: R) => Promise<unknown>,
  keep?: (req: R, socket: Socket) => boolean,
): Promise<ControlSocket> {
  const token = randomBytes(16).toString('hex');
  const server = createServer((s) => {
    let buf = '';
    let kept = false;
    s.on('error', () => s.destroy());
    s.on('data', (d) => {
      if (kept) return;
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl === -1) return;
      let req: R & { token?: string };
      try {
        req = JSON.parse(buf.slice(0, nl)) as R & { token?: string };
      } catch {
        s.end(JSON.stringify({ error: 'bad request' }) + '\n');
        return;
      }
      if (req.token !== token) {
        s.end(JSON.stringify({ error: 'bad token' }) + '\n');
        return;
      }
      if (keep?.(req, s)) {
        kept = true;
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

/** Sends one request to a control socket and resolves with its result (rejects with its error). */
export function sendControlRequest(
  port: number,
  token: string,
  req: ControlSocketRequest,
  peer: ControlSocketPeer,
  timeoutMs = 30_000,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    let buf = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`${peer.name} did not answer '${req.cmd}' within ${timeoutMs} ms`));
    }, timeoutMs);
    s.on('connect', () => s.write(JSON.stringify({ ...req, token }) + '\n'));
    s.on('data', (d) => (buf += d.toString()));
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot reach ${peer.name} (${peer.at}): ${e.message}`));
    });
    s.on('end', () => {
      clearTimeout(timer);
      try {
        const res = JSON.parse(buf) as { result?: unknown; error?: string };
        if (res.error) reject(new Error(res.error));
        else resolve(res.result);
      } catch {
        reject(new Error(`bad answer from ${peer.name}`));
      }
    });
  });
}
