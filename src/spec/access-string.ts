import { ACL_CATEGORIES, COMMANDS, MODULE_NAMESPACES } from './acl-commands';

/*
 * ElastiCache's subset of the Redis ACL rule language
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html, "Specifying Permissions Using an
 * Access String"; rule syntax https://valkey.io/topics/acl/):
 * - non-empty (API AccessString `.*\S.*`, https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUser.html);
 * - no passwords (`>pass`, `<pass`, `#hash`, `!hash`, `nopass`, `resetpass`): managed through the API;
 * - no `reset`;
 * - commands and categories must exist ("forbidden/renamed commands cannot be referenced"; lists in acl-commands.ts);
 * - channel rules (`&`, `allchannels`, `resetchannels`) need Redis OSS 6.2+;
 * - `%R~`/`%W~`/`%RW~` key permissions, selectors `(...)`, `clearselectors` and `-command|subcommand`
 *   need Redis OSS 7.0+ (every Valkey version has them);
 * - a user is `off` unless the string says `on` (the User Guide's example response stores `off ...`).
 */

export const CHANNELS_REDIS_VERSION = '6.2';
export const REDIS7_VERSION = '7.0';
const BASE_VERSION = '6.0';

export type AccessStringProblemCode = 'Empty' | 'Password' | 'Reset' | 'Rule' | 'Command' | 'Category';

/** A rule ElastiCache refuses; `message` is a predicate without the property name ("must ..."/"rule ..."). */
export interface AccessStringProblem {
  readonly code: AccessStringProblemCode;
  readonly message: string;
}

export interface AccessStringAnalysis {
  /** The rules, selectors kept whole (`(~* +@read)`). */
  readonly rules: string[];
  /** The lowest Redis OSS version whose ACL supports every rule (Valkey supports all). */
  readonly minimumRedisVersion: string;
  /** The rule that needs `minimumRedisVersion`, when above 6.0. */
  readonly versionFeature?: string;
}

const KEYWORDS = ['on', 'off', 'allkeys', 'resetkeys', 'allcommands', 'nocommands'];
const RULE_LIST = 'on, off, ~keys, %R~/%W~/%RW~keys, allkeys, resetkeys, &channels, allchannels, resetchannels, '
  + '+@category, -@category, +command, -command, +command|subcommand, allcommands, nocommands, (selector), clearselectors';

/** Splits an access string into rules; a selector `(...)` is one rule even with spaces inside. */
export function accessStringRules(value: string): string[] {
  return value.match(/\([^)]*\)|\S+/g) ?? [];
}

/** Parses an access string: its rules and the Redis OSS version they need, or the first problem. */
export function parseAccessString(value: string): { analysis: AccessStringAnalysis } | { problem: AccessStringProblem } {
  if (!/\S/.test(value)) return { problem: { code: 'Empty', message: `must contain at least one rule, got '${value}'` } };
  let version = BASE_VERSION;
  let feature: string | undefined;
  const need = (floor: string, rule: string) => {
    if (floor > version) {
      version = floor;
      feature = rule;
    }
  };
  const rules = accessStringRules(value);
  for (const token of rules) {
    if (token.startsWith('(')) {
      need(REDIS7_VERSION, 'selectors (...)');
      for (const inner of accessStringRules(token.slice(1, -1))) {
        const problem = checkRule(inner, need, true);
        if (problem) return { problem };
      }
      continue;
    }
    const problem = checkRule(token, need, false);
    if (problem) return { problem };
  }
  return { analysis: { rules, minimumRedisVersion: version, versionFeature: feature } };
}

function checkRule(token: string, need: (floor: string, rule: string) => void, inSelector: boolean): AccessStringProblem | undefined {
  const lower = token.toLowerCase();
  if (/^[><#!]/.test(token) || lower === 'nopass' || lower === 'resetpass') {
    // Never echo what may be a password.
    return {
      code: 'Password',
      message: "must not manage passwords (rules '>', '<', '#', '!', 'nopass', 'resetpass'), got a rule starting with "
        + `'${/^[><#!]/.test(token) ? token[0] : lower}'; give passwords through the user (ElastiCache manages them through the API)`,
    };
  }
  if (lower === 'reset') return { code: 'Reset', message: "must not contain 'reset' (not supported by ElastiCache)" };
  if (!inSelector && lower === 'clearselectors') {
    need(REDIS7_VERSION, 'clearselectors');
    return undefined;
  }
  if (/^%(r|w|rw)~\S+$/.test(lower)) {
    need(REDIS7_VERSION, token.slice(0, token.indexOf('~') + 1));
    return undefined;
  }
  if (/^&\S+$/.test(token) || lower === 'allchannels' || lower === 'resetchannels') {
    need(CHANNELS_REDIS_VERSION, token.startsWith('&') ? '&' : lower);
    return undefined;
  }
  if ((!inSelector && KEYWORDS.includes(lower)) || (inSelector && KEYWORDS.slice(2).includes(lower))) return undefined;
  if (/^~\S+$/.test(token)) return undefined;
  const category = /^[+-]@(.+)$/.exec(lower);
  if (category) {
    return ACL_CATEGORIES.has(category[1]) ? undefined : {
      code: 'Category',
      message: `rule '${token}' names an unknown ACL category '${category[1]}' (categories: ${[...ACL_CATEGORIES].join(', ')})`,
    };
  }
  const command = /^([+-])([a-z][a-z0-9_.-]*)(?:\|([a-z0-9_.-]+))?$/.exec(lower);
  if (command) {
    const [, sign, name, sub] = command;
    const namespace = name.includes('.') ? name.slice(0, name.indexOf('.')) : undefined;
    if (namespace !== undefined && MODULE_NAMESPACES.has(namespace) && name.length > namespace.length + 1) return undefined;
    const subs = COMMANDS.get(name);
    if (!subs) return { code: 'Command', message: `rule '${token}' names an unknown command '${name}' (not a Valkey or Redis OSS 7 command)` };
    // `+select|0`: a first argument is allowed for commands without subcommands (https://valkey.io/topics/acl/).
    if (sub !== undefined && subs.size > 0 && !subs.has(sub)) {
      return { code: 'Command', message: `rule '${token}' names an unknown subcommand '${name}|${sub}' (subcommands: ${[...subs].join(', ')})` };
    }
    if (sign === '-' && sub !== undefined) need(REDIS7_VERSION, '-command|subcommand');
    return undefined;
  }
  return { code: 'Rule', message: `rule '${token}' is not an ACL rule ElastiCache accepts (${RULE_LIST})` };
}

/** ElastiCache stores a user as `off` when the string names neither `on` nor `off`. */
export function withDefaultUserState(accessString: string): string {
  const rules = accessStringRules(accessString.trim());
  const hasState = rules.some((t) => /^(on|off)$/i.test(t));
  return (hasState ? rules : ['off', ...rules]).join(' ');
}
