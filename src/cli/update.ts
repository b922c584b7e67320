import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendControl, SupervisorState } from './control';
import { endpointTable } from './table';
import { EndpointsFile } from '../local/endpoints';
import { renderPlan } from '../local/plan/render';
import { TemplateValues } from '../local/template/load';
import { AuthTokenUpdateStrategy, UpdateResult } from '../local/update/decide';

export interface UpdateRequest {
  readonly template: string;
  readonly values: TemplateValues;
  readonly allowReplacement?: boolean;
  readonly authTokenUpdateStrategy?: AuthTokenUpdateStrategy;
}

const DONE = { add: 'added', remove: 'removed', replace: 'replaced', update: 'updated in place' } as const;

/**
 * `local up --template NEW` on a state dir whose caches run: the supervisor applies NEW as a CloudFormation update
 * (LocalEngine.update); prints the plan, what changed per cache and the endpoints after it.
 */
export async function updateRunning(stateDir: string, state: SupervisorState, req: UpdateRequest): Promise<void> {
  const result = (await sendControl(state, { cmd: 'update', ...req }, 900_000)) as UpdateResult;
  const out: string[] = [renderPlan(result.plan).trimEnd(), ''];
  for (const c of result.caches) out.push(`${DONE[c.action]}: ${c.logicalId}${c.changes.length ? ` (${c.changes.join('; ')})` : ''}`);
  for (const w of result.warnings) out.push(`warning: ${w}`);
  const endpoints = JSON.parse(readFileSync(join(stateDir, 'endpoints.json'), 'utf8')) as EndpointsFile;
  out.push(endpointTable(endpoints), `update applied in ${result.millis} ms`);
  process.stdout.write(out.join('\n') + '\n');
}
