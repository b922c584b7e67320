import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** The punctuation set AWS Secrets Manager draws from. */
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** The `GenerateSecretString` options of `AWS::SecretsManager::Secret` that shape the generated password. */
export interface GenerateSecretStringOptions {
  readonly PasswordLength?: number;
  readonly ExcludeCharacters?: string;
  readonly ExcludeNumbers?: boolean;
  readonly ExcludePunctuation?: boolean;
  readonly ExcludeUppercase?: boolean;
  readonly ExcludeLowercase?: boolean;
  readonly IncludeSpace?: boolean;
  readonly RequireEachIncludedType?: boolean;
  readonly SecretStringTemplate?: string;
  readonly GenerateStringKey?: string;
}

/** Generates a random password the way Secrets Manager's GetRandomPassword would, locally. */
export function generatePassword(opts: GenerateSecretStringOptions = {}): string {
  const length = opts.PasswordLength ?? 32;
  const exclude = new Set(opts.ExcludeCharacters ?? '');
  const groups = [
    opts.ExcludeLowercase ? '' : LOWER,
    opts.ExcludeUppercase ? '' : UPPER,
    opts.ExcludeNumbers ? '' : DIGITS,
    opts.ExcludePunctuation ? '' : PUNCTUATION,
    opts.IncludeSpace ? ' ' : '',
  ]
    .map((g) => [...g].filter((c) => !exclude.has(c)).join(''))
    .filter((g) => g.length > 0);
  if (groups.length === 0) {
    throw new Error('GenerateSecretString excludes every character');
  }
  const all = groups.join('');
  const chars: string[] = [];
  const requireEach = opts.RequireEachIncludedType ?? true;
  if (requireEach && length >= groups.length) {
    for (const g of groups) chars.push(g[randomInt(g.length)]);
  }
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  // Fisher-Yates so the required characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** The SecretString of a generated secret: the bare password, or the template JSON with the generated key added. */
export function generateSecretString(opts: GenerateSecretStringOptions): string {
  const password = generatePassword(opts);
  if (opts.SecretStringTemplate !== undefined && opts.GenerateStringKey) {
    const base = JSON.parse(opts.SecretStringTemplate) as Record<string, unknown>;
    return JSON.stringify({ ...base, [opts.GenerateStringKey]: password });
  }
  return password;
}
