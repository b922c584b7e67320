import { IConstruct } from 'constructs';

/**
 * Throws a synth-time validation error that names the construct, the property,
 * the value received and what is allowed. The message starts with a stable code
 * in brackets so tests and users can match on it.
 *
 * aws-cdk-lib's own `ValidationError` is internal API, so the library keeps its own.
 */
export function validationError(scope: IConstruct, code: string, message: string): Error {
  const error = new Error(`[${code}] ${message} (at ${scope.node.path})`);
  error.name = 'ValidationError';
  return error;
}

/** Renders a value received from the user for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}
