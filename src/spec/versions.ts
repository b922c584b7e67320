/**
 * Compare two dotted engine versions numerically: `compareVersions('6.2', '5.0.6')` is 1.
 *
 * Missing trailing parts count as 0 (`'6.2'` equals `'6.2.0'`). A trailing `x` part (`'6.x'`) counts as 0.
 *
 * @returns a negative number when `a < b`, 0 when they are equal, a positive number when `a > b`
 * @throws when a version is not of the form `N[.N]*`
 */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  const length = Math.max(pa.length, pb.length);
  for (let i = 0; i < length; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) {
      return diff < 0 ? -1 : 1;
    }
  }
  return 0;
}

/** Whether `version` is at least `minimum` (`isAtLeast('7.0.7', '6.2')` is true). */
export function isAtLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}

function parseVersion(version: string): number[] {
  if (typeof version !== 'string' || !/^\d+(\.(\d+|x))*$/.test(version)) {
    throw new Error(`Invalid engine version '${version}': expected numbers separated by dots, for example '7.2' or '5.0.6'`);
  }
  return version.split('.').map((part) => (part === 'x' ? 0 : Number(part)));
}
