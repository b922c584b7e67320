import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from './errors';
import { identifierProblem, maintenanceWindowProblem } from '../spec';

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
 * Node types ElastiCache no longer creates clusters on (T2 is moving to previous generation,
 * User Guide CacheNodes.SupportedTypes): shared by every node-based cache.
 */
export function checkCurrentGeneration(nodeType: { readonly name: string; readonly previousGeneration: boolean }): string | undefined {
  return nodeType.previousGeneration
    ? `nodeType ${nodeType.name} is previous generation: ElastiCache no longer creates clusters on it; use a current node type such as cache.t4g.small`
    : undefined;
}
