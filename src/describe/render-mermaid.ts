import { CacheDescription } from './model';

/*
 * Mermaid flowchart of cache descriptions, for documentation (GitHub renders ```mermaid blocks).
 * Pure: descriptions in, text out.
 */

/** One flowchart with a subgraph per cache and per shard. */
export function renderMermaid(caches: CacheDescription[]): string {
  const lines = ['flowchart TB'];
  caches.forEach((c, ci) => {
    const id = `c${ci}`;
    const title = [`${c.name} · ${c.kind}`, `${c.engine}${c.engineVersion ? ` ${c.engineVersion}` : ''}${c.nodeType ? ` · ${c.nodeType}` : ''}`,
      `at rest: ${c.encryptionAtRest} · in transit: ${c.encryptionInTransit} · auth: ${c.auth}`].join('<br/>');
    lines.push(`  subgraph ${id}["${esc(title)}"]`);
    if (c.kind === 'ServerlessCache') {
      lines.push(`    ${id}_svc(["Serverless cache<br/>scales automatically"])`);
    }
    const sharded = c.kind === 'ReplicationGroup' && c.clusterMode !== 'disabled';
    c.shards.forEach((s) => {
      const sid = `${id}_s${s.index}`;
      if (sharded) lines.push(`    subgraph ${sid}["Shard ${s.index} · slots ${s.slots}"]`);
      const indent = sharded ? '      ' : '    ';
      s.nodes.forEach((n, ni) => {
        const label = n.role === 'primary' ? 'Primary' : n.role === 'replica' ? 'Replica' : `Node ${ni + 1}`;
        lines.push(`${indent}${sid}_n${ni}["${esc(label + (n.availabilityZone ? `<br/>${n.availabilityZone}` : ''))}"]`);
      });
      s.nodes.forEach((n, ni) => {
        if (n.role === 'replica') lines.push(`${indent}${sid}_n0 -. async .-> ${sid}_n${ni}`);
      });
      if (sharded) lines.push('    end');
    });
    lines.push('  end');
    c.endpoints.forEach((e, ei) => {
      lines.push(`  ${id}_e${ei}(["${esc(`${e.kind} endpoint`)}"]) --- ${id}`);
    });
  });
  return lines.join('\n') + '\n';
}

function esc(text: string): string {
  return text.replace(/"/g, '#quot;');
}
