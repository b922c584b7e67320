import { DISABLED_DEFAULT_RULES, userRules } from './config';
import { RedisCacheSpec } from '../topology/model';

/**
 * How a changed AUTH token is applied (ModifyReplicationGroup `AuthTokenUpdateStrategy`): `ROTATE` keeps the current
 * token valid beside the new one, `SET` leaves only the new one. CloudFormation has no such property; the engine
 * defaults to ROTATE (botocore ModifyReplicationGroupMessage: "ROTATE - default, if no update strategy is provided").
 */
export type AuthTokenUpdateStrategy = 'ROTATE' | 'SET';

/** What a template update changes in the users and parameters of a running Valkey/Redis cache. */
export interface LiveConfigChange {
  /** Commands to run on every node (ACL SETUSER / DELUSER, CONFIG SET). */
  readonly commands: string[][];
  /** The passwords each user accepts afterwards, where they differ from the new template's (AUTH token ROTATE, runtime rotations kept). */
  readonly passwordsNow: Map<string, string[]>;
  /** Parameters removed from the parameter group: a running node keeps its value. */
  readonly removedParameters: string[];
}

/**
 * The commands that take a running cache from `before` (with the passwords it accepts now, `current`) to `after`:
 * users added, changed (access string or passwords) or removed, the AUTH token rotated or set, parameters changed.
 * A user whose template passwords did not change keeps the passwords it accepts now (a rotation through the control
 * plane survives).
 */
export function liveConfigChange(
  before: RedisCacheSpec,
  after: RedisCacheSpec,
  current: (userName: string) => string[],
  strategy: AuthTokenUpdateStrategy,
): LiveConfigChange {
  const commands: string[][] = [];
  const passwordsNow = new Map<string, string[]>();
  const oldUsers = new Map(before.users.map((u) => [u.userName, u]));
  for (const u of after.users) {
    const old = oldUsers.get(u.userName);
    let passwords = u.passwords;
    if (old && same(old.passwords, u.passwords) && old.mode === u.mode) {
      passwords = current(u.userName);
    } else if (u.userName === 'default' && before.authToken !== undefined && after.authToken !== undefined && strategy === 'ROTATE') {
      passwords = [...current('default').filter((t) => t !== after.authToken), after.authToken].slice(-2);
    }
    if (!same(passwords, u.passwords)) passwordsNow.set(u.userName, passwords);
    const next = userRules({ ...u, passwords });
    if (!old || !same(userRules({ ...old, passwords: current(old.userName) }), next)) commands.push(['ACL', 'SETUSER', u.userName, 'reset', ...next]);
  }
  for (const old of before.users) {
    if (after.users.some((u) => u.userName === old.userName)) continue;
    commands.push(old.userName === 'default' ? ['ACL', 'SETUSER', 'default', 'reset', ...DISABLED_DEFAULT_RULES] : ['ACL', 'DELUSER', old.userName]);
  }
  const changed = Object.entries(after.parameters).filter(([k, v]) => before.parameters[k] !== v);
  if (changed.length > 0) commands.push(['CONFIG', 'SET', ...changed.flat()]);
  const removedParameters = Object.keys(before.parameters).filter((k) => !(k in after.parameters));
  return { commands, passwordsNow, removedParameters };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

