/**
 * Secrets ElastiCache accepts as passwords.
 *
 * AUTH token (`AuthToken` of CreateReplicationGroup / CreateCacheCluster): 16-128 printable characters; "the
 * only permitted printable special characters are !, &, #, $, ^, <, >, and -. Other printable special
 * characters cannot be used"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html).
 * The engine itself (AUTH / requirepass) takes any bytes, and ModifyReplicationGroup's doc only bans
 * `/ " @ %`: the create rule is the stricter one and a token must pass it, so it is the one rule here,
 * used by synth and the local engine alike.
 *
 * RBAC user passwords (`Passwords` of CreateUser): 1-2 passwords of 16-128 printable characters without
 * `, " / @` (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateUser.html).
 */

export const AUTH_TOKEN_MIN_LENGTH = 16;
export const AUTH_TOKEN_MAX_LENGTH = 128;
export const AUTH_TOKEN_PATTERN = /^[A-Za-z0-9!&#$^<>-]{16,128}$/;

/** A problem message naming `name` (never echoing the token), or undefined. */
export function authTokenProblem(name: string, token: string): string | undefined {
  if (AUTH_TOKEN_PATTERN.test(token)) return undefined;
  const other = /[^A-Za-z0-9!&#$^<>-]/.test(token) ? ' with other characters' : '';
  return `${name} must be ${AUTH_TOKEN_MIN_LENGTH}-${AUTH_TOKEN_MAX_LENGTH} characters of letters, digits and ! & # $ ^ < > -, got a value of ${token.length} characters${other}`;
}

export const USER_PASSWORDS_MAX = 2;

/** A problem message for one user password naming `name` (never echoing it), or undefined. */
export function userPasswordProblem(name: string, password: string): string | undefined {
  const forbidden = /[,"/@]/.test(password);
  if (password.length >= 16 && password.length <= 128 && !forbidden && !/[^\x20-\x7e]/.test(password)) return undefined;
  return `${name} must be 16-128 printable characters without , " / @, got a value of ${password.length} characters${forbidden ? ' with a forbidden character' : ''}`;
}
