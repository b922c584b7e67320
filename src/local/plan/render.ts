import { PropertyChange, ResourcePlan, UpdatePlan } from './plan';

const LABEL = { 'no-interruption': 'no interruption', 'some-interruption': 'some interruption', 'replacement': 'REPLACEMENT' } as const;

/** The plan as text, one block per changed resource, then a summary line. */
export function renderPlan(p: UpdatePlan): string {
  if (p.resources.length === 0) return 'No change to the ElastiCache resources.\n';
  const lines: string[] = [];
  for (const r of p.resources) {
    lines.push(`${sign(r)} ${r.logicalId} (${r.type}${r.path ? `, ${r.path}` : ''}): ${headline(r)}`);
    for (const c of r.changes) lines.push(`    ${c.property}: ${value(c, 'before')} -> ${value(c, 'after')}  [${LABEL[c.behavior]}]${c.note ? ` (${c.note})` : ''}`);
  }
  const count = (a: string) => p.resources.filter((r) => r.action === a).length;
  lines.push('', `${count('replace')} to replace, ${count('update')} to update in place, ${count('add')} to add, ${count('remove')} to remove`
    + (p.dataLoss.length > 0 ? `; data lost: ${p.dataLoss.join(', ')}` : ''));
  return lines.join('\n') + '\n';
}

function sign(r: ResourcePlan): string {
  return { add: '+', remove: '-', update: '~', replace: '!' }[r.action];
}

function headline(r: ResourcePlan): string {
  const note = r.note ? ` (${r.note})` : '';
  switch (r.action) {
    case 'add': return 'added';
    case 'remove': return `removed${note}`;
    case 'replace': return `REPLACEMENT${note}`;
    default: return `updated in place, ${LABEL[r.behavior ?? 'no-interruption']}`;
  }
}

function value(c: PropertyChange, key: 'before' | 'after'): string {
  if (!(key in c)) return '(not set)';
  const text = JSON.stringify(c[key]);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
