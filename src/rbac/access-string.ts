import { Token } from 'aws-cdk-lib';
import { parseAccessString } from '../spec';

/*
 * The grammar (ElastiCache's subset of the Redis ACL rule language) and the Redis OSS versions its rules need
 * are facts of src/spec/access-string.ts; this file builds and wraps access strings for the construct API.
 */

/*
 * What standard clients send besides data commands (docs/decisions/0401-roles-for-cluster-clients.md).
 * Allowed after `-@dangerous`: on Redis OSS 6.x CLUSTER is @admin/@dangerous as a whole and a later
 * `-@dangerous` would drop the allowed subcommands again. `+command|subcommand` works from Redis OSS 6.0
 * (only the `-command|subcommand` form needs 7.0). ASKING/READONLY/READWRITE are @connection from 7.0
 * but @keyspace on 6.x, hence explicit. INFO (@dangerous): the ready check of ioredis (every connection by default,
 * and always on the pub/sub connection of its Cluster client) and of other clients; without it they log a warning.
 */
const CLUSTER_CLIENT_COMMANDS = ['asking', 'readonly', 'readwrite', 'cluster|info', 'cluster|slots', 'cluster|shards', 'cluster|nodes', 'info'];
/** Lua scripts (keys and the commands they run stay checked); no SCRIPT FLUSH/KILL/DEBUG, no FUNCTION. */
const SCRIPT_COMMANDS = ['eval', 'evalsha', 'script|load', 'script|exists'];

/** Thrown for an invalid access string; the message starts with a stable `[Code]`. */
function accessStringError(code: string, message: string): Error {
  const error = new Error(`[AccessString.${code}] ${message}`);
  error.name = 'ValidationError';
  return error;
}

/**
 * The permissions of an RBAC user, in ElastiCache's subset of the Redis ACL rule language.
 *
 * Use a ready-made role (`AccessString.readOnly('app:')`, `AccessString.readWrite('app:')`),
 * the builder (`AccessString.builder().keys('app:*').allowCategories('read').toAccessString()`), or
 * a validated raw string (`AccessString.of('on ~app:* -@all +@read')`).
 */
export class AccessString {
  /**
   * A validated raw access string: no passwords, no `reset`, not empty.
   * @param accessString the rules, e.g. `on ~app:* -@all +@read`
   */
  public static of(accessString: string): AccessString {
    return new AccessString(accessString);
  }

  /**
   * Read-only access to the keys starting with `keyPrefix`, usable by standard clients in both cluster modes:
   * `on ~<prefix>* -@all +@read +@connection +@transaction -@dangerous +asking +readonly +readwrite
   * +cluster|info +cluster|slots +cluster|shards +cluster|nodes`.
   *
   * Reads and `MULTI`/`EXEC`; cluster clients may read the topology (`CLUSTER INFO|SLOTS|SHARDS|NODES`),
   * follow `ASK` redirections and read from replicas (`READONLY`). No writes, no scripts, no Pub/Sub,
   * nothing `@dangerous` (`KEYS`, `INFO`, `FLUSHALL`, ...). Redis OSS 6.0+ / Valkey.
   * See docs/decisions/0401-roles-for-cluster-clients.md.
   * @param keyPrefix the key prefix, e.g. `app:` (use `''` for every key)
   */
  public static readOnly(keyPrefix: string): AccessString {
    return AccessString.builder().keys(`${keyPrefix}*`).denyCategories('all')
      .allowCategories('read', 'connection', 'transaction').denyCategories('dangerous')
      .allowCommands(...CLUSTER_CLIENT_COMMANDS).toAccessString();
  }

  /**
   * Read-write access to the keys and Pub/Sub channels starting with `keyPrefix`, usable by standard
   * clients in both cluster modes:
   * `on ~<prefix>* resetchannels &<prefix>* -@all +@read +@write +@connection +@transaction +@pubsub
   * -@scripting -@dangerous +eval +evalsha +script|load +script|exists +asking +readonly +readwrite
   * +cluster|info +cluster|slots +cluster|shards +cluster|nodes`.
   *
   * Reads, writes, `MULTI`/`EXEC`, Lua scripts (`EVAL`/`EVALSHA`; every command a script runs is checked
   * against the same keys), Pub/Sub on the prefix's channels, and what cluster clients need (as `readOnly`).
   * No `FUNCTION` libraries, no `SCRIPT FLUSH|KILL|DEBUG`, nothing `@dangerous` (`FLUSHALL`, `KEYS`, ...).
   * Channel rules need Redis OSS 6.2+ (or Valkey); for Redis OSS 6.0 build a role without channels.
   * See docs/decisions/0401-roles-for-cluster-clients.md.
   * @param keyPrefix the key prefix, e.g. `app:` (use `''` for every key)
   */
  public static readWrite(keyPrefix: string): AccessString {
    return AccessString.of(['on', `~${keyPrefix}*`, 'resetchannels', `&${keyPrefix}*`,
      '-@all', '+@read', '+@write', '+@connection', '+@transaction', '+@pubsub', '-@scripting', '-@dangerous',
      ...[...SCRIPT_COMMANDS, ...CLUSTER_CLIENT_COMMANDS].map((c) => `+${c}`)].join(' '));
  }

  /** Every command on every key and channel: `on ~* &* +@all`. */
  public static fullAccess(): AccessString {
    return AccessString.of('on ~* &* +@all');
  }

  /** A user that cannot log in and may do nothing: `off -@all`. */
  public static disabled(): AccessString {
    return AccessString.of('off -@all');
  }

  /** A builder for access strings. */
  public static builder(): AccessStringBuilder {
    return new AccessStringBuilder();
  }

  /** The access string as ElastiCache receives it. */
  public readonly value: string;

  /**
   * The lowest Redis OSS version whose ACL supports every rule of this string
   * (Valkey supports all of them), e.g. `7.0` for `%R~` key permissions.
   */
  public readonly minimumRedisVersion: string;

  /** The rule that needs `minimumRedisVersion`, when it is above 6.0. */
  public readonly versionFeature?: string;

  private constructor(value: string) {
    this.value = value;
    const { version, feature } = validate(value);
    this.minimumRedisVersion = version;
    this.versionFeature = feature;
  }

  /** The access string. */
  public toString(): string {
    return this.value;
  }
}

/** Builds an access string rule by rule; rules keep the order of the calls. */
export class AccessStringBuilder {
  private enabled = true;
  private readonly keyRules: string[] = [];
  private readonly channelRules: string[] = [];
  private readonly commandRules: string[] = [];

  /** Keys matching the glob patterns, read and write (`~pattern`). */
  public keys(...patterns: string[]): AccessStringBuilder {
    this.keyRules.push(...patterns.map((p) => `~${p}`));
    return this;
  }

  /** Keys matching the patterns, read only (`%R~pattern`, Redis OSS 7.0+ / Valkey). */
  public readKeys(...patterns: string[]): AccessStringBuilder {
    this.keyRules.push(...patterns.map((p) => `%R~${p}`));
    return this;
  }

  /** Keys matching the patterns, write only (`%W~pattern`, Redis OSS 7.0+ / Valkey). */
  public writeKeys(...patterns: string[]): AccessStringBuilder {
    this.keyRules.push(...patterns.map((p) => `%W~${p}`));
    return this;
  }

  /** Every key (`~*`). */
  public allKeys(): AccessStringBuilder {
    this.keyRules.push('~*');
    return this;
  }

  /** Pub/Sub channels matching the patterns (`&pattern`, Redis OSS 6.2+ / Valkey). */
  public channels(...patterns: string[]): AccessStringBuilder {
    this.channelRules.push(...patterns.map((p) => `&${p}`));
    return this;
  }

  /** Every Pub/Sub channel (`&*`, Redis OSS 6.2+ / Valkey). */
  public allChannels(): AccessStringBuilder {
    this.channelRules.push('&*');
    return this;
  }

  /** Allow command categories, e.g. `read`, `write`, `connection` (`+@category`). */
  public allowCategories(...categories: string[]): AccessStringBuilder {
    this.commandRules.push(...categories.map((c) => `+@${c}`));
    return this;
  }

  /** Deny command categories, e.g. `dangerous`, `admin` (`-@category`). */
  public denyCategories(...categories: string[]): AccessStringBuilder {
    this.commandRules.push(...categories.map((c) => `-@${c}`));
    return this;
  }

  /** Allow commands, e.g. `get`, `client|setname` (`+command`). */
  public allowCommands(...commands: string[]): AccessStringBuilder {
    this.commandRules.push(...commands.map((c) => `+${c.toLowerCase()}`));
    return this;
  }

  /** Deny commands, e.g. `flushall` (`-command`; `-command|subcommand` needs Redis OSS 7.0+). */
  public denyCommands(...commands: string[]): AccessStringBuilder {
    this.commandRules.push(...commands.map((c) => `-${c.toLowerCase()}`));
    return this;
  }

  /** The user cannot log in (`off`). */
  public disabled(): AccessStringBuilder {
    this.enabled = false;
    return this;
  }

  /** The validated access string. */
  public toAccessString(): AccessString {
    return AccessString.of([this.enabled ? 'on' : 'off', ...this.keyRules, ...this.channelRules, ...this.commandRules].join(' '));
  }
}

function validate(value: string): { version: string; feature?: string } {
  if (Token.isUnresolved(value)) return { version: '6.0' };
  const parsed = parseAccessString(value);
  if ('problem' in parsed) throw accessStringError(parsed.problem.code, `accessString ${parsed.problem.message}`);
  return { version: parsed.analysis.minimumRedisVersion, feature: parsed.analysis.versionFeature };
}
