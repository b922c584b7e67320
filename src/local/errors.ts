/** One problem found in a template: which resource, which property, what is wrong. */
export interface TemplateProblem {
  readonly logicalId: string;
  readonly property?: string;
  readonly message: string;
}

/** Thrown before anything starts when a template is invalid or uses something the local engine cannot emulate. */
export class TemplateError extends Error {
  public readonly problems: TemplateProblem[];
  constructor(problems: TemplateProblem[], secrets: readonly string[] = []) {
    problems = problems.map((p) => redact(p, secrets));
    super(
      `Template rejected by the local engine (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${describe(p)}`).join('\n'),
    );
    this.name = 'TemplateError';
    this.problems = problems;
  }
}

/** Thrown when an engine binary (redis-server, valkey-server, memcached) is missing. */
export class MissingBinaryError extends Error {
  constructor(binary: string, installHint: string) {
    super(`'${binary}' was not found on PATH. Install it with: ${installHint}`);
    this.name = 'MissingBinaryError';
  }
}

export function describe(p: TemplateProblem): string {
  return p.property ? `${p.logicalId}.${p.property}: ${p.message}` : `${p.logicalId}: ${p.message}`;
}

/** Replaces the values of NoEcho parameters in a problem's message. */
function redact(p: TemplateProblem, secrets: readonly string[]): TemplateProblem {
  let message = p.message;
  for (const s of secrets) if (s.length > 0) message = message.split(s).join('****');
  return message === p.message ? p : { ...p, message };
}
