import Table from 'cli-table3';
import { EndpointsFile } from '../local/endpoints';

const hp = (x: { host: string; port: number } | null) => (x ? `${x.host}:${x.port}` : '');

/** The endpoint table printed by `local up` and `local status` (no secrets). */
export function endpointTable(file: EndpointsFile, servedBy: Record<string, string> = {}): string {
  const table = new Table({ style: { head: [], border: [] }, head: ['Cache', 'Kind', 'Engine', 'Endpoints', 'Nodes', 'TLS', 'Auth', 'Served by'] });
  for (const [id, c] of Object.entries(file.caches)) {
    const endpoints = [
      c.primary ? `primary ${hp(c.primary)}` : '',
      c.reader ? `${c.kind === 'serverless' ? 'read' : 'reader'} ${hp(c.reader)}` : '',
      c.configuration ? `configuration ${hp(c.configuration)}` : '',
    ].filter(Boolean);
    const disabled = Object.entries(c.userStatus ?? {}).filter(([, s]) => s === 'disabled').map(([u]) => u);
    const enabled = Object.keys(c.users);
    const listed = enabled.length || disabled.length ? `users: ${enabled.join(', ') || 'none enabled'}${disabled.length ? ` (disabled: ${disabled.join(', ')})` : ''}` : '';
    const auth = listed || (c.authToken ? 'AUTH token' : c.engine === 'memcached' ? '' : 'none');
    table.push([
      id,
      c.kind + (c.clusterMode ? ' (cluster mode)' : ''),
      c.engine,
      endpoints.join('\n'),
      c.nodes.map((n) => `${n.port} ${n.role}${c.clusterMode ? ` s${n.shard}` : ''}`).join('\n'),
      c.tls ? 'yes' : 'no',
      auth,
      servedBy[id] ?? '',
    ]);
  }
  return table.toString();
}
