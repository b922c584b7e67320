import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from './errors';
import {
  activeOfferings, agnosticNodeTypeWarning, engineVersionOfferingProblem, identifierProblem, maintenanceWindowProblem,
  parameterGroupFamily, parameterGroupFamilyProblem, parameterProblem, previousGenerationProblem, regionNodeTypeProblem,
} from '../spec';

/**
 * One validation rule of a table. `check` returns a message when the model
 * breaks the rule, or `undefined` when it passes. Rules never see unresolved
 * tokens: `isResolved` guards let a rule skip values only known at deploy time.
 */
export interface ValidationRule<M> {
  /** Stable code, e.g. `ReplicationGroup.ReplicasPerShard`. */
  readonly code: string;
  /** `error` (default) throws at synth time; `warning` adds an annotation. */
  readonly severity?: 'error' | 'warning';
  readonly check: (model: M) => string | undefined;
}

/**
 * Runs every rule of the table against the model. Warnings become annotations; every error is collected and
 * thrown together in one error, a line per violated rule (as aws-rds's `validateAllProps`), so a user sees all
 * the problems of a construct in one synth.
 */
export function validateAll<M>(scope: IConstruct, model: M, rules: ReadonlyArray<ValidationRule<M>>): void {
  const errors: Array<[string, string]> = [];
  for (const rule of rules) {
    const message = rule.check(model);
    if (message === undefined) continue;
    if (rule.severity === 'warning') {
      Annotations.of(scope).addWarningV2(`cdk-elasticache:${rule.code}`, message);
    } else {
      errors.push([rule.code, message]);
    }
  }
  throwAll(scope, errors);
}

/**
 * Throws one validation error holding every `[code, message]` pair whose message is defined (one line each,
 * `[Code] message (at path)`), or returns when there is none.
 */
export function throwAll(scope: IConstruct, problems: ReadonlyArray<readonly [string, string | undefined]>): void {
  const found = problems.filter((p): p is [string, string] => p[1] !== undefined);
  if (found.length === 0) return;
  const error = validationError(scope, found[0][0], found[0][1]);
  error.message = found.map(([code, message]) => validationError(scope, code, message).message).join('\n');
  throw error;
}

/** True when the value is a concrete value (not an unresolved CDK token). */
export function isResolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !Token.isUnresolved(value);
}

/** Integer range check used by many rules: `name must be an integer between min and max, got value`. */
export function checkIntegerRange(name: string, value: number | undefined, min: number, max: number): string | undefined {
  if (value === undefined || !isResolved(value)) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    return `${name} must be an integer between ${min} and ${max}, got ${value}`;
  }
  return undefined;
}

/** The replication group / cache cluster id grammar (src/spec/identifiers.ts); unresolved tokens pass. */
export function checkIdentifier(name: string, value: string | undefined, maxLength: number): string | undefined {
  return value === undefined || !isResolved(value) ? undefined : identifierProblem(name, value, maxLength);
}

/** The maintenance-window rule (src/spec/windows.ts); unresolved tokens pass. */
export function checkMaintenanceWindow(name: string, value: string | undefined): string | undefined {
  return value === undefined || !isResolved(value) ? undefined : maintenanceWindowProblem(name, value.toLowerCase());
}

/**
 * Node types ElastiCache no longer creates clusters on (src/spec/engine-rules.ts `PREVIOUS_GENERATION_NODE_FAMILIES`):
 * shared by every node-based cache.
 */
export function checkCurrentGeneration(nodeType: { readonly name: string; readonly previousGeneration: boolean }): string | undefined {
  return isResolved(nodeType.name) ? previousGenerationProblem('nodeType', nodeType.name) : undefined;
}

/** The engine as the parameter checks see it (structural: src/engine.ts is a higher layer). */
interface EngineLike { readonly engineType: string; readonly version: string }

/**
 * Every parameter value out of its allowed values or not modifiable on ElastiCache (src/spec/parameters.ts),
 * one line each; unresolved values pass.
 */
export function checkParameters(engine: EngineLike, parameters: { readonly [name: string]: string } | undefined): string | undefined {
  if (!parameters || !isResolved(engine.version)) return undefined;
  const family = parameterGroupFamily(engine.engineType, engine.version);
  const problems = Object.entries(parameters)
    .filter(([, value]) => isResolved(value))
    .map(([name, value]) => parameterProblem(`parameters['${name}']`, family, name, value))
    .filter((p) => p !== undefined);
  return problems.length ? problems.join('; ') : undefined;
}

/** A parameter group of this library (`ParameterGroup`) of another family than the engine's. */
export function checkParameterGroupFamily(engine: EngineLike, group: unknown): string | undefined {
  const groupEngine = (group as { readonly engine?: EngineLike & { readonly parameterGroupFamily?: string } } | undefined)?.engine;
  if (!groupEngine?.parameterGroupFamily || !isResolved(engine.version) || !isResolved(groupEngine.parameterGroupFamily)) return undefined;
  return parameterGroupFamilyProblem('parameterGroup', engine.engineType, engine.version, groupEngine.parameterGroupFamily);
}

/**
 * Region availability of a node-based cache (src/spec/regions.ts): an error when the stack's concrete Region does
 * not offer the node type or ElastiCache does not offer the engine version, a warning for an environment-agnostic
 * stack whose node type is missing in some Regions. Rules to append to a construct's table (`prefix.Region`).
 * The table is the active one (`activeOfferings()`: the built-in data unless a test runs `withOfferings`); without
 * data both rules pass.
 */
export function regionRules(
  scope: IConstruct, prefix: string, nodeType: { readonly name: string } | undefined, engine: EngineLike,
): ValidationRule<unknown>[] {
  const region = Stack.of(scope).region;
  const concrete = !Token.isUnresolved(region);
  const name = nodeType && isResolved(nodeType.name) ? nodeType.name : undefined;
  const offerings = activeOfferings();
  return [
    {
      code: `${prefix}.Region`,
      severity: concrete ? 'error' : 'warning',
      check: () => name === undefined ? undefined
        : concrete ? regionNodeTypeProblem('nodeType', name, region, offerings) : agnosticNodeTypeWarning('nodeType', name, offerings),
    },
    {
      code: `${prefix}.EngineVersionOffered`,
      severity: concrete ? 'error' : 'warning',
      check: () => isResolved(engine.version) ? engineVersionOfferingProblem('engine', engine.engineType, engine.version, offerings) : undefined,
    },
  ];
}
