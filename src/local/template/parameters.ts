import { readFileSync } from 'node:fs';

/**
 * A template parameter as declared in `Parameters`:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 */
export interface ParameterDeclaration {
  readonly Type?: string;
  readonly Default?: unknown;
  readonly AllowedValues?: unknown[];
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
  readonly MinLength?: number | string;
  readonly MaxLength?: number | string;
  readonly MinValue?: number | string;
  readonly MaxValue?: number | string;
  readonly NoEcho?: boolean | string;
}

/** `AWS::SSM::Parameter::Value<...>`: the value is read from Parameter Store when the stack is deployed. */
export function isSsmType(type: string): boolean {
  return type.startsWith('AWS::SSM::Parameter::Value<');
}

/** Types whose value is a comma-separated list (a Ref gives a list). */
export function isListType(type: string): boolean {
  const inner = isSsmType(type) ? type.slice('AWS::SSM::Parameter::Value<'.length, -1) : type;
  return inner === 'CommaDelimitedList' || inner.startsWith('List<');
}

/**
 * Checks a value against the parameter's constraints, as CloudFormation does when a stack is created. Messages never
 * contain the value of a NoEcho parameter.
 */
export function checkParameterValue(d: ParameterDeclaration, value: string, noEcho: boolean): string[] {
  const type = String(d.Type ?? 'String');
  const shown = noEcho ? 'the value (not shown: NoEcho)' : `value '${value}'`;
  const why = d.ConstraintDescription ? ` (${d.ConstraintDescription})` : '';
  const problems: string[] = [];
  const items = isListType(type) ? value.split(',').map((s) => s.trim()) : [value];
  const numeric = type === 'Number' || type === 'List<Number>';
  for (const item of items) {
    const itemShown = items.length > 1 && !noEcho ? `value '${item}'` : shown;
    if (numeric && (item.trim() === '' || !Number.isFinite(Number(item)))) problems.push(`${itemShown} is not a number`);
    if (d.AllowedValues !== undefined && !d.AllowedValues.map(String).includes(item)) {
      problems.push(`${itemShown} is not one of the AllowedValues: ${d.AllowedValues.map(String).join(', ')}${why}`);
    }
    if (d.AllowedPattern !== undefined) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(`^(?:${d.AllowedPattern})$`);
      } catch {
        problems.push(`AllowedPattern '${d.AllowedPattern}' is not a valid regular expression`);
      }
      if (re && !re.test(item)) problems.push(`${itemShown} does not match AllowedPattern '${d.AllowedPattern}'${why}`);
    }
    if (numeric && Number.isFinite(Number(item))) {
      if (d.MinValue !== undefined && Number(item) < Number(d.MinValue)) problems.push(`${itemShown} is below MinValue ${d.MinValue}${why}`);
      if (d.MaxValue !== undefined && Number(item) > Number(d.MaxValue)) problems.push(`${itemShown} is above MaxValue ${d.MaxValue}${why}`);
    }
  }
  if (!numeric) {
    if (d.MinLength !== undefined && value.length < Number(d.MinLength)) problems.push(`${shown} is shorter than MinLength ${d.MinLength}${why}`);
    if (d.MaxLength !== undefined && value.length > Number(d.MaxLength)) problems.push(`${shown} is longer than MaxLength ${d.MaxLength}${why}`);
  }
  return problems;
}

/**
 * Reads `Key=Value` arguments (`--parameters`, `--imports`). An argument `file://path` or a path ending in `.json`
 * reads a file in CloudFormation's format (`[{"ParameterKey": "K", "ParameterValue": "V"}]`), the
 * `{"Parameters": {"K": "V"}}` format of CodePipeline template configurations, or a plain `{"K": "V"}` object.
 * `ParameterKey=K,ParameterValue=V` (the AWS CLI shorthand) is accepted too.
 */
export function parseKeyValues(args: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    if (arg.startsWith('file://')) {
      Object.assign(out, readParametersFile(arg.slice('file://'.length)));
      continue;
    }
    const shorthand = /^ParameterKey=([^,]*),ParameterValue=(.*)$/.exec(arg);
    if (shorthand) {
      out[shorthand[1]] = shorthand[2];
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new Error(`${flag}: '${arg}' is not Key=Value (or file://path.json)`);
    out[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return out;
}

/** Reads a parameters file (see parseKeyValues for the formats). */
export function readParametersFile(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read parameters file '${path}': ${(e as Error).message}`);
  }
  const out: Record<string, string> = {};
  if (Array.isArray(parsed)) {
    parsed.forEach((p: { ParameterKey?: unknown; ParameterValue?: unknown; UsePreviousValue?: unknown }, i) => {
      if (!p || typeof p.ParameterKey !== 'string' || p.ParameterValue === undefined) {
        throw new Error(`parameters file '${path}': entry ${i} needs ParameterKey and ParameterValue`);
      }
      out[p.ParameterKey] = String(p.ParameterValue);
    });
    return out;
  }
  if (parsed && typeof parsed === 'object') {
    const obj = parsed as Record<string, unknown>;
    const map = obj.Parameters && typeof obj.Parameters === 'object' && !Array.isArray(obj.Parameters) ? (obj.Parameters as Record<string, unknown>) : obj;
    for (const [k, v] of Object.entries(map)) {
      if (v !== null && typeof v === 'object') throw new Error(`parameters file '${path}': the value of '${k}' must be a string`);
      out[k] = String(v);
    }
    return out;
  }
  throw new Error(`parameters file '${path}': expected [{"ParameterKey": ..., "ParameterValue": ...}] or {"Parameters": {...}}`);
}
