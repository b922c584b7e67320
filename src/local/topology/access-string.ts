/**
 * ElastiCache access strings are a subset of Redis ACL rules (reference §1.8): no passwords, no `reset`.
 * Returns a problem message, or undefined when the string is acceptable.
 */
export function checkAccessString(accessString: string): string | undefined {
  if (!/\S/.test(accessString)) return 'must contain a non-space character';
  // A selector `(...)` is one rule even with spaces inside, e.g. `(~* +@all)`.
  for (const token of accessString.match(/\([^)]*\)|\S+/g) ?? []) {
    if (token.startsWith('>') || token.startsWith('<') || token.startsWith('#') || token.startsWith('!')) {
      return `passwords cannot be set in an access string ('${token[0]}...'); use Passwords`;
    }
    const lower = token.toLowerCase();
    if (lower === 'nopass' || lower === 'resetpass') return `'${token}' is not allowed in an access string; use AuthenticationMode`;
    if (lower === 'reset') return "'reset' is not allowed in an access string";
    const known =
      /^(on|off|allkeys|resetkeys|allchannels|resetchannels|allcommands|nocommands|clearselectors)$/i.test(token) ||
      /^(%R|%W|%RW)?~/.test(token) ||
      token.startsWith('&') ||
      /^[+-]/.test(token) ||
      /^\(.*\)$/.test(token);
    if (!known) return `unknown rule '${token}'`;
  }
  return undefined;
}

/** ElastiCache defaults a user to `off` when neither `on` nor `off` is given. */
export function normaliseAccessString(accessString: string): string {
  const tokens = accessString.trim().split(/\s+/);
  const hasState = tokens.some((t) => /^(on|off)$/i.test(t));
  return (hasState ? tokens : ['off', ...tokens]).join(' ');
}
