import { generatePassword, generateSecretString, GenerateSecretStringOptions } from './secrets';
import { CfnTemplate } from './types';

/** Raised while resolving a value; turned into a TemplateProblem by the caller. */
export class ResolveError extends Error {}

const SECRET_ARN_PREFIX = 'arn:aws:secretsmanager:local:000000000000:secret:';
/** Marker returned by Ref of an ElastiCache::ParameterGroup, mapped back to its logical id. */
export const PARAMETER_GROUP_REF = 'local-parameter-group:';

const PSEUDO: Record<string, unknown> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '000000000000',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:000000000000:stack/local/0',
  'AWS::NotificationARNs': [],
};

/**
 * Resolves CloudFormation intrinsic functions and Secrets Manager dynamic references to local values.
 * Secrets are generated once per resolver (one `up`), so every reference to one secret sees the same value.
 */
export class TemplateResolver {
  private readonly secretStrings = new Map<string, string>();

  /**
   * `known`: secret values a running engine resolved before (by logical id or secret id), kept by a template update as
   * CloudFormation keeps a secret it does not replace, instead of generating new ones.
   */
  constructor(private readonly template: CfnTemplate, private readonly known: Readonly<Record<string, string>> = {}) {}

  /** Every secret value resolved so far, by logical id and by secret id. */
  public get resolvedSecrets(): Record<string, string> {
    return Object.fromEntries(this.secretStrings);
  }

  /** Resolves a value; `undefined` for AWS::NoValue. */
  public resolve(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolve(v)).filter((v) => v !== undefined);
    }
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
        const r = this.resolveIntrinsic(keys[0], (value as Record<string, unknown>)[keys[0]]);
        return typeof r === 'string' ? this.resolveDynamicReferences(r) : r;
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const r = this.resolve(v);
        if (r !== undefined) out[k] = r;
      }
      return out;
    }
    if (typeof value === 'string') return this.resolveDynamicReferences(value);
    return value;
  }

  /** Resolves a value expected to be a string (numbers and booleans are stringified). */
  public resolveString(value: unknown): string | undefined {
    const r = this.resolve(value);
    if (r === undefined || r === null) return undefined;
    if (typeof r === 'string') return r;
    if (typeof r === 'number' || typeof r === 'boolean') return String(r);
    throw new ResolveError(`expected a string, got ${JSON.stringify(r)}`);
  }

  /** The logical id of the resource a Ref/GetAtt value points to, without resolving it (for UserIds etc.). */
  public referencedLogicalId(value: unknown): string | undefined {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      if (typeof v.Ref === 'string') return v.Ref;
      const ga = v['Fn::GetAtt'];
      if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
      if (typeof ga === 'string') return ga.split('.')[0];
    }
    return undefined;
  }

  /** The SecretString of a secret in the template (generated locally) or of an external secret (random). */
  public secretString(secretId: string): string {
    const cached = this.secretStrings.get(secretId);
    if (cached !== undefined) return cached;
    const logicalId = this.secretLogicalId(secretId);
    let value: string;
    if (logicalId) {
      const props = this.template.Resources![logicalId].Properties ?? {};
      if (props.SecretString !== undefined) {
        value = this.resolveString(props.SecretString) ?? '';
      } else {
        const gen = (this.resolve(props.GenerateSecretString) ?? {}) as GenerateSecretStringOptions;
        value = this.known[logicalId] ?? generateSecretString(gen);
      }
      this.secretStrings.set(logicalId, value);
    } else {
      // A secret that lives outside the template: its value cannot be known locally, so a password is generated.
      value = this.known[secretId] ?? generatePassword({ PasswordLength: 32, ExcludePunctuation: true });
    }
    this.secretStrings.set(secretId, value);
    return value;
  }

  private secretLogicalId(secretId: string): string | undefined {
    const resources = this.template.Resources ?? {};
    if (secretId.startsWith(SECRET_ARN_PREFIX)) return secretId.slice(SECRET_ARN_PREFIX.length);
    if (resources[secretId]?.Type === 'AWS::SecretsManager::Secret') return secretId;
    const name = secretId.startsWith('arn:') ? secretId.split(':').slice(6).join(':') : secretId;
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::SecretsManager::Secret' && r.Properties?.Name === name) return id;
    }
    return undefined;
  }

  private resolveDynamicReferences(s: string): string {
    if (!s.includes('{{resolve:')) return s;
    return s.replace(/\{\{resolve:([a-z-]+):(.*?)\}\}/g, (_m, service: string, rest: string) => {
      if (service !== 'secretsmanager') {
        throw new ResolveError(`dynamic reference '{{resolve:${service}:...}}' is not supported locally (only secretsmanager)`);
      }
      let secretId: string;
      let segments: string[];
      if (rest.startsWith('arn:')) {
        const parts = rest.split(':');
        secretId = parts.slice(0, 7).join(':');
        segments = parts.slice(7);
      } else {
        const parts = rest.split(':');
        secretId = parts[0];
        segments = parts.slice(1);
      }
      const [secretString = 'SecretString', jsonKey = ''] = segments;
      if (secretString !== 'SecretString' && secretString !== '') {
        throw new ResolveError(`unsupported dynamic reference segment '${secretString}' (expected SecretString)`);
      }
      const value = this.secretString(secretId);
      if (!jsonKey) return value;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new ResolveError(`secret '${secretId}' is not JSON, cannot read key '${jsonKey}'`);
      }
      const v = (parsed as Record<string, unknown>)[jsonKey];
      if (v === undefined) throw new ResolveError(`secret '${secretId}' has no JSON key '${jsonKey}'`);
      return String(v);
    });
  }

  private resolveIntrinsic(fn: string, arg: unknown): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/);
        return this.getAtt(id, attr);
      }
      case 'Fn::Join': {
        const [sep, list] = arg as [string, unknown];
        const items = this.resolve(list);
        if (!Array.isArray(items)) throw new ResolveError('Fn::Join needs a list');
        return items.map((i) => (typeof i === 'string' ? i : String(i))).join(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [arg as string, {}];
        const resolvedVars = (this.resolve(vars ?? {}) ?? {}) as Record<string, unknown>;
        const out = String(text).replace(/\$\{([^!}][^}]*)\}/g, (_m, name: string) => {
          if (name in resolvedVars) return String(resolvedVars[name]);
          if (name.includes('.')) {
            const [id, attr] = name.split(/\.(.*)/);
            return String(this.getAtt(id, attr));
          }
          return String(this.ref(name));
        });
        return this.resolveDynamicReferences(out.replace(/\$\{!/g, '${'));
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = this.resolve(list);
        if (!Array.isArray(items)) throw new ResolveError('Fn::Select needs a list');
        return items[Number(this.resolve(index))];
      }
      case 'Fn::Split': {
        const [sep, s] = arg as [string, unknown];
        return String(this.resolve(s)).split(sep);
      }
      case 'Fn::Base64':
        return Buffer.from(String(this.resolve(arg))).toString('base64');
      case 'Fn::GetAZs':
        return ['us-east-1a', 'us-east-1b', 'us-east-1c'];
      default:
        throw new ResolveError(`intrinsic function '${fn}' is not supported by the local engine`);
    }
  }

  private ref(name: string): unknown {
    if (name === 'AWS::NoValue') return undefined;
    if (name in PSEUDO) return PSEUDO[name];
    const param = this.template.Parameters?.[name];
    if (param) {
      if (param.Default === undefined) throw new ResolveError(`parameter '${name}' has no Default value`);
      return param.Default;
    }
    const res = this.template.Resources?.[name];
    if (!res) throw new ResolveError(`Ref to unknown resource or parameter '${name}'`);
    const props = res.Properties ?? {};
    switch (res.Type) {
      case 'AWS::SecretsManager::Secret':
        return SECRET_ARN_PREFIX + name;
      case 'AWS::ElastiCache::User':
        return this.resolveString(props.UserId) ?? name;
      case 'AWS::ElastiCache::UserGroup':
        return this.resolveString(props.UserGroupId) ?? name;
      case 'AWS::ElastiCache::ParameterGroup':
        return PARAMETER_GROUP_REF + name;
      case 'AWS::ElastiCache::ReplicationGroup':
        return this.resolveString(props.ReplicationGroupId) ?? name.toLowerCase();
      case 'AWS::ElastiCache::CacheCluster':
        return this.resolveString(props.ClusterName) ?? name.toLowerCase();
      case 'AWS::ElastiCache::ServerlessCache':
        return this.resolveString(props.ServerlessCacheName) ?? name.toLowerCase();
      default:
        return name;
    }
  }

  private getAtt(id: string, attr: string): unknown {
    const res = this.template.Resources?.[id];
    if (!res) throw new ResolveError(`Fn::GetAtt to unknown resource '${id}'`);
    if (res.Type === 'AWS::ElastiCache::User' && attr === 'UserId') return this.ref(id);
    if (res.Type === 'AWS::ElastiCache::UserGroup' && attr === 'UserGroupId') return this.ref(id);
    if (res.Type === 'AWS::ElastiCache::User' || res.Type === 'AWS::ElastiCache::UserGroup') {
      if (attr === 'Arn') return `arn:aws:elasticache:us-east-1:000000000000:user:${String(this.ref(id))}`;
    }
    // Endpoints and other attributes have no meaning inside the template locally; a stable placeholder.
    return `${id}.${attr}`;
  }
}
