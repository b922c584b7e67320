import { CacheDescription, NodeDescription, ShardDescription } from './model';

/*
 * Terminal drawing of cache descriptions in the seed's box style (docs: elasticache-seed.md):
 * an outer frame per cache, node boxes, shards side by side with their slot ranges.
 * Pure: descriptions in, text out (no colours, so it can be checked into docs and tests).
 */

/** Shards per row of the drawing before wrapping. */
const SHARDS_PER_ROW = 4;

/** Draws every cache, separated by a blank line. */
export function renderText(caches: CacheDescription[]): string {
  if (caches.length === 0) return 'No ElastiCache cache (ReplicationGroup, CacheCluster, ServerlessCache) in this template.\n';
  return caches.map(renderCache).join('\n') + '\n';
}

/** One cache in an outer frame. */
export function renderCache(cache: CacheDescription): string {
  const body: string[] = [];
  body.push(`${cache.name}  (${cache.kind}${cache.name !== cache.logicalId ? `, logical id ${cache.logicalId}` : ''})`);
  body.push('');
  body.push(...drawTopology(cache));
  body.push('');
  body.push(...facts(cache));
  return frame(body).join('\n') + '\n';
}

function facts(c: CacheDescription): string[] {
  const lines: string[] = [];
  const engine = [`${c.engine}${c.engineVersion ? ` ${c.engineVersion}` : ''}`];
  if (c.nodeType) engine.push(c.nodeType);
  if (c.port !== undefined) engine.push(`port ${c.port}`);
  lines.push(`Engine:      ${engine.join(' · ')}`);
  if (c.kind === 'ReplicationGroup') {
    const shards = c.shards.length;
    const perShard = c.shards[0] ? c.shards[0].nodes.length - 1 : 0;
    const layout = c.clusterMode === 'disabled'
      ? `1 primary + ${perShard} ${plural(perShard, 'replica')}`
      : `${shards} ${plural(shards, 'shard')} × (1 primary + ${perShard} ${plural(perShard, 'replica')})`;
    const ha = [`Multi-AZ ${onOff(c.multiAz)}`, `automatic failover ${onOff(c.automaticFailover)}`];
    lines.push(`Topology:    cluster mode ${c.clusterMode} · ${layout} · ${ha.join(' · ')}`);
    if (c.clusterMode !== 'disabled') {
      lines.push(`Slots:       ${c.shards.every((s) => s.slotsGiven) ? 'as given in NodeGroupConfiguration' : 'even split of 0-16383 (ElastiCache default)'}`);
    }
  } else if (c.kind !== 'ServerlessCache') {
    const n = c.shards[0]?.nodes.length ?? 0;
    lines.push(`Topology:    ${n} ${plural(n, 'node')}, keys sharded by the client`);
  }
  lines.push('Endpoints:');
  for (const e of c.endpoints) lines.push(`  - ${e.kind}: ${e.purpose}`);
  lines.push(`Encryption:  at rest ${c.encryptionAtRest} · in transit ${c.encryptionInTransit}`);
  lines.push(`Auth:        ${c.auth}`);
  for (const note of c.notes) lines.push(`Note:        ${note}`);
  return lines;
}

function onOff(value: boolean | undefined): string {
  return value === undefined ? 'unset' : value ? 'on' : 'off';
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function drawTopology(c: CacheDescription): string[] {
  if (c.kind === 'ServerlessCache') {
    return box(['Serverless cache', '(scales automatically)'], 24);
  }
  const width = nodeWidth(c);
  if (c.kind !== 'ReplicationGroup') {
    const boxes = c.shards[0].nodes.map((n, i) => box(nodeLabel(n, `Node ${i + 1}`), width));
    return hjoin(boxes, 2);
  }
  if (c.clusterMode === 'disabled') return drawReplicated(c.shards[0], width);
  const rows: string[] = [];
  for (let i = 0; i < c.shards.length; i += SHARDS_PER_ROW) {
    if (i > 0) rows.push('');
    rows.push(...hjoin(c.shards.slice(i, i + SHARDS_PER_ROW).map((s) => shardColumn(s, width)), 4));
  }
  return rows;
}

/** Cluster mode disabled: the primary and an async arrow to its replicas, side by side. */
function drawReplicated(shard: ShardDescription, width: number): string[] {
  const [primary, ...replicas] = shard.nodes;
  const p = box(nodeLabel(primary, 'Primary'), width);
  if (replicas.length === 0) return p;
  const r = hjoin(replicas.map((n) => box(nodeLabel(n, 'Replica'), width)), 2);
  const arrow = ['  async   ', '─────────▶', ...Array(p.length - 2).fill('          ')];
  return hjoin([p, arrow, r], 0);
}

/** Cluster mode enabled: shard header, the primary, then its replicas linked below it. */
function shardColumn(shard: ShardDescription, width: number): string[] {
  const lines = [`Shard ${shard.index}`, `(Slots ${shard.slots})`, ''];
  shard.nodes.forEach((n, i) => {
    const last = i === shard.nodes.length - 1;
    const b = box(nodeLabel(n, n.role === 'primary' ? 'Primary' : 'Replica'), width, { top: i > 0, bottom: !last });
    lines.push(...b);
    if (!last) lines.push(center('│', width + 2));
  });
  return lines;
}

function nodeLabel(node: NodeDescription, title: string): string[] {
  return node.availabilityZone ? [title, `(${node.availabilityZone})`] : [title];
}

function nodeWidth(c: CacheDescription): number {
  let w = 9; // 'Primary' / 'Replica' / 'Node 10' with one space each side
  for (const s of c.shards) {
    for (const n of s.nodes) w = Math.max(w, (n.availabilityZone ? n.availabilityZone.length + 2 : 0) + 2);
  }
  return w;
}

/** A box with the given inner width; `top`/`bottom` put a link (┴/┬) in the middle of the border. */
function box(content: string[], inner: number, link: { top?: boolean; bottom?: boolean } = {}): string[] {
  const border = (left: string, right: string, mid?: string) => {
    if (!mid) return left + '─'.repeat(inner) + right;
    const half = Math.floor((inner - 1) / 2);
    return left + '─'.repeat(half) + mid + '─'.repeat(inner - half - 1) + right;
  };
  return [
    border('┌', '┐', link.top ? '┴' : undefined),
    ...content.map((l) => '│' + center(l, inner) + '│'),
    border('└', '┘', link.bottom ? '┬' : undefined),
  ];
}

function center(text: string, width: number): string {
  const left = Math.floor((width - text.length) / 2);
  return ' '.repeat(Math.max(0, left)) + text + ' '.repeat(Math.max(0, width - text.length - left));
}

/** Blocks side by side, each padded to its widest line, top-aligned. */
function hjoin(blocks: string[][], gap: number): string[] {
  const widths = blocks.map((b) => Math.max(0, ...b.map(len)));
  const height = Math.max(0, ...blocks.map((b) => b.length));
  const out: string[] = [];
  for (let row = 0; row < height; row++) {
    out.push(blocks.map((b, i) => pad(b[row] ?? '', widths[i])).join(' '.repeat(gap)).replace(/\s+$/, ''));
  }
  return out;
}

/** The outer frame: two spaces of margin inside, as in the seed. */
function frame(body: string[]): string[] {
  const inner = Math.max(...body.map(len)) + 4;
  return [
    '┌' + '─'.repeat(inner) + '┐',
    ...body.map((l) => '│  ' + pad(l, inner - 2) + '│'),
    '└' + '─'.repeat(inner) + '┘',
  ];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - len(text)));
}

/** Display width: every character used here is one column wide. */
function len(text: string): number {
  return [...text].length;
}
