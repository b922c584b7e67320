import { TemplateProblem } from '../errors';
import { checkParameterValue, isListType, isSsmType, ParameterDeclaration } from './parameters';
import { CfnResource, CfnTemplate, ELASTICACHE_TYPES } from './types';

/** The pseudo parameters a template can Ref, with their local values (AWS::NoValue is handled apart). */
export function pseudoParameters(stackName: string): Record<string, unknown> {
  return {
    'AWS::Region': 'us-east-1',
    'AWS::AccountId': '000000000000',
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:us-east-1:000000000000:stack/${stackName}/0`,
    'AWS::NotificationARNs': [],
  };
}

/** Resource types whose properties the engine reads: their expressions are evaluated here, problems reported. */
const READ_TYPES = new RegExp(`^(${[...ELASTICACHE_TYPES, 'AWS::SecretsManager::Secret', 'AWS::CloudFormation::Stack'].join('|')})$`);

/** What a stack is given from outside: parameter values, import values, names. */
export interface StackInputs {
  /** Parameter values: strings from the user, or expressions from a parent stack (nested stacks). */
  readonly parameters?: Record<string, unknown>;
  /** Values of Fn::ImportValue by export name. */
  readonly imports?: Record<string, unknown>;
  /** AWS::StackName. Default `local`. */
  readonly stackName?: string;
  /** New logical ids of resources that collide with another stack's (several stacks in one run). */
  readonly renames?: Map<string, string>;
}

/** A template with parameters, pseudo parameters, mappings, conditions and imports applied. */
export interface PreparedStack {
  /** Resources whose Condition holds, with their expressions evaluated as far as they can be locally. */
  readonly template: CfnTemplate;
  readonly problems: TemplateProblem[];
  readonly warnings: string[];
  /** Export name → value expression (Outputs with Export.Name). */
  readonly exports: Record<string, unknown>;
  /** Outputs by name (value expressions), for `Fn::GetAtt NestedStack.Outputs.X`. */
  readonly outputs: Record<string, unknown>;
  /** Values of NoEcho parameters: never shown in messages. */
  readonly secrets: string[];
  /** Logical ids (before renaming) of resources with an expression that could not be evaluated. */
  readonly failed: string[];
}

const NO_VALUE = Symbol('AWS::NoValue');

interface Where {
  readonly logicalId: string;
  readonly property?: string;
}

class Unresolvable extends Error {}
/** Unresolvable because of a problem already reported (an invalid parameter value): nothing more to say. */
class Silent extends Unresolvable {}

/**
 * Applies what CloudFormation applies before it creates anything: parameter values (checked against their
 * constraints), pseudo parameters, `Fn::FindInMap`, `Conditions`/`Fn::If`/resource `Condition`s, `Fn::ImportValue`.
 * Refs to resources and `Fn::GetAtt`/`Fn::Join`/`Fn::Sub` over them stay for the resolver. Every problem is collected.
 */
export function prepareStack(template: CfnTemplate, inputs: StackInputs = {}): PreparedStack {
  return new Preparer(template, inputs).run();
}

class Preparer {
  private readonly problems: TemplateProblem[] = [];
  private readonly warnings: string[] = [];
  private readonly secrets: string[] = [];
  private readonly values = new Map<string, unknown>();
  /** Parameters whose value breaks a constraint: already reported, uses fail quietly. */
  private readonly invalid = new Set<string>();
  private readonly declarations: Record<string, ParameterDeclaration>;
  private readonly conditions = new Map<string, boolean | undefined>();
  private readonly evaluating = new Set<string>();
  private readonly silentConditions = new Set<string>();
  /** Resources with an expression that could not be evaluated (a problem is reported, maybe for a parameter). */
  private readonly failed = new Set<string>();
  private readonly resources: Record<string, CfnResource>;
  private readonly pseudo: Record<string, unknown>;
  private readonly kept = new Set<string>();
  private readonly dropped = new Map<string, string>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly inputs: StackInputs,
  ) {
    this.declarations = (template.Parameters ?? {}) as Record<string, ParameterDeclaration>;
    this.resources = template.Resources ?? {};
    this.pseudo = pseudoParameters(inputs.stackName ?? 'local');
  }

  public run(): PreparedStack {
    this.parameters();
    const transform = this.template.Transform;
    if (transform !== undefined) {
      const names = (Array.isArray(transform) ? transform : [transform]).map(String);
      const other = names.filter((n) => n !== 'AWS::Serverless-2016-10-31');
      if (other.length > 0) this.warnings.push(`(template): Transform ${other.join(', ')} is not applied locally`);
    }
    // Which resources exist: a resource whose Condition is false is not created.
    for (const [id, r] of Object.entries(this.resources)) {
      if (!r || typeof r !== 'object' || r.Condition === undefined) {
        this.kept.add(id);
        continue;
      }
      const read = typeof r.Type === 'string' && READ_TYPES.test(r.Type);
      const holds = this.condition(String(r.Condition), { logicalId: id, property: 'Condition' }, !read);
      if (holds === false) this.dropped.set(id, String(r.Condition));
      else this.kept.add(id);
    }
    const resources: Record<string, CfnResource> = {};
    for (const id of this.kept) {
      const r = this.resources[id];
      const { Condition: _c, ...rest } = r ?? ({} as CfnResource);
      const newId = this.rename(id);
      if (!r || typeof r.Type !== 'string' || !READ_TYPES.test(r.Type)) {
        resources[newId] = rest as CfnResource;
        continue;
      }
      const props: Record<string, unknown> = {};
      for (const [name, v] of Object.entries(r.Properties ?? {})) {
        const out = this.walkProperty(v, { logicalId: id, property: name });
        if (out !== NO_VALUE) props[name] = out;
      }
      resources[newId] = { ...rest, Properties: props } as CfnResource;
    }
    const exports: Record<string, unknown> = {};
    const outputs: Record<string, unknown> = {};
    const declaredOutputs = (this.template.Outputs ?? {}) as Record<string, { Value?: unknown; Condition?: string; Export?: { Name?: unknown } }>;
    for (const [name, o] of Object.entries(declaredOutputs)) {
      if (!o || typeof o !== 'object') continue;
      // Outputs are evaluated quietly: only what another stack imports matters, and problems show there.
      const quiet = new Preparer(this.template, this.inputs);
      this.values.forEach((v, k) => quiet.values.set(k, v));
      if (o.Condition !== undefined && quiet.condition(String(o.Condition), { logicalId: name }, true) !== true) continue;
      try {
        const value = quiet.walk(o.Value, { logicalId: name });
        outputs[name] = value;
        const exportName = o.Export?.Name !== undefined ? quiet.walk(o.Export.Name, { logicalId: name }) : undefined;
        if (typeof exportName === 'string') exports[exportName] = value;
      } catch (e) {
        if (!(e instanceof Unresolvable)) throw e;
      }
    }
    return {
      template: { ...this.template, Parameters: undefined, Conditions: undefined, Resources: resources, Outputs: undefined },
      problems: this.problems,
      warnings: this.warnings,
      exports,
      outputs,
      secrets: this.secrets,
      failed: [...this.failed],
    };
  }

  private problem(where: Where, message: string) {
    const dup = this.problems.some((p) => p.logicalId === where.logicalId && p.property === where.property && p.message === message);
    if (!dup) this.problems.push({ logicalId: where.logicalId, property: where.property, message });
  }

  private rename(id: string): string {
    return this.inputs.renames?.get(id) ?? id;
  }

  // ---- parameters ----

  private parameters() {
    const given = this.inputs.parameters ?? {};
    for (const name of Object.keys(given)) {
      if (!(name in this.declarations)) {
        const declared = Object.keys(this.declarations);
        this.problem({ logicalId: 'Parameters', property: name }, `is not declared in the template (declared: ${declared.join(', ') || 'none'})`);
      }
    }
    for (const [name, decl] of Object.entries(this.declarations)) {
      const d = (decl ?? {}) as ParameterDeclaration;
      const noEcho = d.NoEcho === true || d.NoEcho === 'true';
      const type = String(d.Type ?? 'String');
      let value: unknown;
      if (name in given) {
        value = given[name];
      } else if (d.Default !== undefined && !isSsmType(type)) {
        value = typeof d.Default === 'number' ? String(d.Default) : d.Default;
      } else {
        // No value: a problem only where a resource the engine reads uses it (see ref()).
        continue;
      }
      if (typeof value === 'string') {
        if (noEcho && value !== '') this.secrets.push(value);
        const messages = checkParameterValue(d, value, noEcho);
        for (const message of messages) this.problem({ logicalId: 'Parameters', property: name }, message);
        if (messages.length > 0) this.invalid.add(name);
        if (isListType(type)) value = value === '' ? [] : value.split(',').map((s) => s.trim());
      }
      this.values.set(name, value);
    }
  }

  // ---- conditions ----

  /** Evaluates a named condition (memoised); undefined when it cannot be evaluated (a problem is recorded). */
  private condition(name: string, where: Where, quiet = false): boolean | undefined {
    const conditions = (this.template.Conditions ?? {}) as Record<string, unknown>;
    if (!(name in conditions)) {
      if (!quiet) this.problem(where, `condition '${name}' is not declared in Conditions (declared: ${Object.keys(conditions).join(', ') || 'none'})`);
      return undefined;
    }
    if (this.conditions.has(name)) {
      const v = this.conditions.get(name);
      if (v === undefined && !quiet && !this.silentConditions.has(name)) this.problem(where, `condition '${name}' cannot be evaluated (see Conditions.${name})`);
      return v;
    }
    if (this.evaluating.has(name)) {
      this.problem({ logicalId: 'Conditions', property: name }, 'refers to itself');
      return undefined;
    }
    this.evaluating.add(name);
    const before = this.problems.length;
    let value: boolean | undefined;
    const sink = quiet ? new Preparer(this.template, this.inputs) : this;
    if (quiet) this.values.forEach((v, k) => sink.values.set(k, v));
    try {
      value = sink.evalCondition(conditions[name], { logicalId: 'Conditions', property: name });
    } catch (e) {
      if (!(e instanceof Unresolvable)) throw e;
      if (e instanceof Silent) this.silentConditions.add(name);
      value = undefined;
    }
    if (quiet && sink.problems.length > 0) value = undefined;
    this.evaluating.delete(name);
    // A quiet failure is not remembered: a resource the engine reads evaluates it again and reports why.
    if (!(quiet && value === undefined)) this.conditions.set(name, value);
    if (value === undefined && !quiet && this.problems.length === before && !this.silentConditions.has(name)) {
      this.problem(where, `condition '${name}' cannot be evaluated (see Conditions.${name})`);
    }
    return value;
  }

  private evalCondition(expr: unknown, where: Where): boolean {
    const fail = (message: string): never => {
      this.problem(where, message);
      throw new Unresolvable(message);
    };
    if (!expr || typeof expr !== 'object' || Array.isArray(expr) || Object.keys(expr).length !== 1) {
      return fail(`a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition (got ${JSON.stringify(expr)})`);
    }
    const [fn, arg] = Object.entries(expr)[0];
    const list = (n?: number): unknown[] => {
      if (!Array.isArray(arg) || (n !== undefined && arg.length !== n)) return fail(`${fn} needs a list${n ? ` of ${n}` : ''}`);
      return arg;
    };
    switch (fn) {
      case 'Fn::Equals': {
        const [a, b] = list(2).map((x) => this.walk(x, where));
        const text = (v: unknown) => {
          if (v !== null && typeof v === 'object' && [...this.invalid].some((n) => JSON.stringify(v).includes(JSON.stringify({ Ref: n })))) throw new Silent(fn);
          if (v === NO_VALUE || (v !== null && typeof v === 'object')) return fail(`Fn::Equals compares a value that is known only in AWS (${JSON.stringify(v === NO_VALUE ? 'AWS::NoValue' : v)})`);
          return String(v);
        };
        return text(a) === text(b);
      }
      case 'Fn::And':
        return list().map((c) => this.evalCondition(c, where)).every(Boolean);
      case 'Fn::Or':
        return list().map((c) => this.evalCondition(c, where)).some(Boolean);
      case 'Fn::Not':
        return !this.evalCondition(list(1)[0], where);
      case 'Condition': {
        const v = this.condition(String(arg), where);
        if (v === undefined) throw this.silentConditions.has(String(arg)) ? new Silent(String(arg)) : new Unresolvable(String(arg));
        return v;
      }
      default:
        return fail(`${fn} cannot be used in a condition (use Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)`);
    }
  }

  // ---- values ----

  /** Evaluates one property: what cannot be evaluated is reported (once, at its cause) and the resource is not built. */
  private walkProperty(value: unknown, where: Where): unknown {
    try {
      return this.walk(value, where);
    } catch (e) {
      if (!(e instanceof Unresolvable)) throw e;
      this.failed.add(where.logicalId);
      return value;
    }
  }

  /** Evaluates a value; throws Unresolvable (after reporting the problem) when part of it cannot be. */
  private walk(value: unknown, where: Where): unknown {
    if (Array.isArray(value)) return value.map((v) => this.walk(v, where)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    const obj = value as Record<string, unknown>;
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return this.intrinsic(keys[0], obj[keys[0]], where);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const r = this.walk(v, where);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  private fail(where: Where, message: string): never {
    this.problem(where, message);
    throw new Unresolvable(message);
  }

  private intrinsic(fn: string, arg: unknown, where: Where): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg), where);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/);
        this.checkResource(id, where, 'Fn::GetAtt');
        return { 'Fn::GetAtt': [this.rename(id), attr] };
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3) this.fail(where, `Fn::If needs [condition, value if true, value if false] (got ${JSON.stringify(arg)})`);
        const list = arg as unknown[];
        const holds = this.condition(String(list[0]), where);
        if (holds === undefined) throw new Silent('condition');
        return this.walk(holds ? list[1] : list[2], where);
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg, where);
      case 'Fn::ImportValue': {
        const name = this.walk(arg, where);
        if (typeof name !== 'string') this.fail(where, `Fn::ImportValue needs an export name known locally (got ${JSON.stringify(name)})`);
        const imports = this.inputs.imports ?? {};
        if (!(name as string in imports)) {
          this.fail(where, `Fn::ImportValue '${name}' has no value: give it with --imports ${name}=<value> (option \`imports\` of LocalEngine.start)`);
        }
        return imports[name as string];
      }
      case 'Fn::Sub':
        return this.sub(arg, where);
      case 'Fn::Transform':
        return this.fail(where, 'Fn::Transform (macros, AWS::Include) is not applied by the local engine');
      default: {
        const out = this.walk(arg, where);
        return { [fn]: out === NO_VALUE ? undefined : out };
      }
    }
  }

  private ref(name: string, where: Where): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in this.pseudo) return this.pseudo[name];
    if (name in this.declarations) {
      if (this.invalid.has(name)) throw new Silent(name);
      if (this.values.has(name)) return this.values.get(name);
      const type = String(this.declarations[name]?.Type ?? 'String');
      if (isSsmType(type)) {
        this.fail(where, `parameter '${name}' is of type ${type}: its value is read from SSM Parameter Store, which the local engine cannot reach; give the value with --parameters ${name}=<value> (option \`parameters\` of LocalEngine.start)`);
      }
      this.fail(where, `parameter '${name}' has no value and no Default: give it with --parameters ${name}=<value> (option \`parameters\` of LocalEngine.start)`);
    }
    this.checkResource(name, where, 'Ref');
    return { Ref: this.rename(name) };
  }

  private checkResource(id: string, where: Where, fn: string) {
    if (this.dropped.has(id)) this.fail(where, `${fn} to '${id}', which is not created: its Condition '${this.dropped.get(id)}' is false`);
    if (!(id in this.resources) && !id.startsWith('AWS::')) {
      this.fail(where, `${fn} to '${id}', which is neither a parameter nor a resource of the template`);
    }
  }

  private findInMap(arg: unknown, where: Where): unknown {
    if (!Array.isArray(arg) || arg.length < 3) this.fail(where, `Fn::FindInMap needs [map, top-level key, second-level key] (got ${JSON.stringify(arg)})`);
    const [map, top, second] = (arg as unknown[]).slice(0, 3).map((a) => this.walk(a, where));
    for (const k of [map, top, second]) {
      if (typeof k !== 'string' && typeof k !== 'number') this.fail(where, `Fn::FindInMap key ${JSON.stringify(k)} is not known locally`);
    }
    const mappings = (this.template.Mappings ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    const m = mappings[String(map)];
    if (!m) this.fail(where, `Fn::FindInMap: no mapping '${map}' in Mappings (mappings: ${Object.keys(mappings).join(', ') || 'none'})`);
    const row = m[String(top)];
    if (!row) this.fail(where, `Fn::FindInMap: mapping '${map}' has no key '${top}' (keys: ${Object.keys(m).join(', ')})`);
    if (!(String(second) in row)) this.fail(where, `Fn::FindInMap: mapping '${map}'.'${top}' has no key '${second}' (keys: ${Object.keys(row).join(', ')})`);
    return row[String(second)];
  }

  /** Fn::Sub: parameters and pseudo parameters become variables of the array form; resources are renamed. */
  private sub(arg: unknown, where: Where): unknown {
    let text: unknown;
    let vars: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      text = arg[0];
      const v = this.walk(arg[1] ?? {}, where);
      if (v && typeof v === 'object' && !Array.isArray(v)) vars = v as Record<string, unknown>;
    } else {
      text = arg;
    }
    if (typeof text !== 'string') this.fail(where, `Fn::Sub needs a string (got ${JSON.stringify(text)})`);
    const own = new Set(Object.keys(vars));
    const added: Record<string, unknown> = {};
    const out = (text as string).replace(/\$\{([^!}][^}]*)\}/g, (m, raw: string) => {
      const name = raw.trim();
      if (own.has(name)) return m;
      if (name in this.pseudo || name in this.declarations) {
        const value = this.ref(name, where);
        added[name] = Array.isArray(value) ? value.join(',') : value;
        return m;
      }
      const [id, attr] = name.split(/\.(.*)/);
      this.checkResource(id, where, attr === undefined ? 'Ref' : 'Fn::GetAtt');
      return `\${${this.rename(id)}${attr === undefined ? '' : `.${attr}`}}`;
    });
    const all = { ...vars, ...added };
    // Everything known: the string itself (as CloudFormation would substitute it).
    const names = [...out.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1].trim());
    if (names.every((n) => n in all && ['string', 'number', 'boolean'].includes(typeof all[n]))) {
      return out.replace(/\$\{([^!}][^}]*)\}/g, (_m, n: string) => String(all[n.trim()])).replace(/\$\{!/g, '${');
    }
    return Object.keys(all).length > 0 ? { 'Fn::Sub': [out, all] } : { 'Fn::Sub': out };
  }
}
