import { AccessString } from '../../src';
import { buildTopology, loadTemplate, TemplateError } from '../../src/local';
import { ACL_CATEGORIES, COMMANDS, parseAccessString, withDefaultUserState } from '../../src/spec';

const analysis = (value: string) => {
  const parsed = parseAccessString(value);
  if ('problem' in parsed) throw new Error(parsed.problem.message);
  return parsed.analysis;
};
const problem = (value: string) => {
  const parsed = parseAccessString(value);
  return 'problem' in parsed ? parsed.problem : undefined;
};

describe('accepted access strings and the Redis OSS version they need', () => {
  test.each<[string, string, string | undefined]>([
    ['on ~* +@all', '6.0', undefined],
    ['on ~app:* -@all +@read +get +cluster|slots', '6.0', undefined],
    ['off -@all', '6.0', undefined],
    ['on ~* &* +@all', '6.2', '&'],
    ['on ~* resetchannels +@all', '6.2', 'resetchannels'],
    ['on %R~app:* +@read', '7.0', '%R~'],
    ['on ~* +@all -config|set', '7.0', '-command|subcommand'],
    ['on ~* +@all (~other:* +@read)', '7.0', 'selectors (...)'],
    ['on ~* +@all clearselectors', '7.0', 'clearselectors'],
    ['on ~* +select|0', '6.0', undefined],
    ['ON ~* +GET', '6.0', undefined],
    ['on ~* +@json +json.get -json.del +@bloom +bf.add +@search +ft.search', '6.0', undefined],
  ])('%s needs Redis OSS %s', (value, version, feature) => {
    expect(analysis(value)).toMatchObject({ minimumRedisVersion: version, versionFeature: feature });
  });
});

describe('refused access strings, with the code and the offending rule', () => {
  test.each<[string, string, string]>([
    ['', 'Empty', "must contain at least one rule, got ''"],
    ['   ', 'Empty', 'must contain at least one rule'],
    ['on ~* +@all >secret', 'Password', "got a rule starting with '>'"],
    ['on ~* nopass', 'Password', "got a rule starting with 'nopass'"],
    ['on ~* #abcdef', 'Password', "got a rule starting with '#'"],
    ['reset on ~*', 'Reset', "must not contain 'reset'"],
    ['on ~* +gett', 'Command', "rule '+gett' names an unknown command 'gett'"],
    ['on ~* -flushalll', 'Command', "rule '-flushalll' names an unknown command 'flushalll'"],
    ['on ~* +cluster|slotz', 'Command', "unknown subcommand 'cluster|slotz'"],
    ['on ~* +@reed', 'Category', "rule '+@reed' names an unknown ACL category 'reed'"],
    ['on ~* (+gett)', 'Command', "rule '+gett' names an unknown command"],
    ['on ~* (on)', 'Rule', "rule 'on' is not an ACL rule"],
    ['on ~* +xx.get', 'Command', "rule '+xx.get' names an unknown command 'xx.get'"],
    ['on ~* +json.', 'Command', "names an unknown command 'json.'"],
    ['on keys', 'Rule', "rule 'keys' is not an ACL rule ElastiCache accepts"],
    ['on ~', 'Rule', "rule '~' is not an ACL rule"],
  ])('%j: %s', (value, code, message) => {
    expect(problem(value)).toEqual({ code, message: expect.stringContaining(message) });
  });

  test('a password is never echoed', () => {
    expect(problem('on ~* >my-secret-password')!.message).not.toContain('my-secret-password');
  });
});

describe('command and category lists', () => {
  test.each(['get', 'set', 'eval', 'cluster', 'readonly', 'asking', 'hello', 'client', 'waitaof', 'commandlog'])('%s is a command', (name) => {
    expect(COMMANDS.has(name)).toBe(true);
  });

  test('every category of ACL CAT', () => {
    expect([...ACL_CATEGORIES].sort()).toEqual(['admin', 'all', 'bitmap', 'blocking', 'connection', 'dangerous', 'fast', 'geo', 'hash',
      'hyperloglog', 'keyspace', 'list', 'pubsub', 'read', 'scripting', 'set', 'slow', 'sortedset', 'stream', 'string', 'transaction', 'write',
      'json', 'bloom', 'search'].sort());
  });
});

describe('withDefaultUserState: ElastiCache stores a user as off unless on is given', () => {
  test.each([
    ['~* +@all', 'off ~* +@all'],
    ['on ~* +@all', 'on ~* +@all'],
    ['  ~*   +@read ', 'off ~* +@read'],
    ['~* (~x:* +@read)', 'off ~* (~x:* +@read)'],
  ])('%j -> %j', (value, expected) => {
    expect(withDefaultUserState(value)).toBe(expected);
  });
});

describe('one grammar for synthesis and the local engine', () => {
  test.each([
    ['on ~* +gett', "rule '+gett' names an unknown command 'gett'"],
    ['on ~* +@reed', "rule '+@reed' names an unknown ACL category 'reed'"],
    ['on ~* -cluster|failovr', "rule '-cluster|failovr' names an unknown subcommand 'cluster|failovr'"],
  ])('%s is refused by AccessString.of and by the engine, naming the property', (value, message) => {
    expect(() => AccessString.of(value)).toThrow(`accessString ${message}`);
    const e = (() => {
      try {
        buildTopology(loadTemplate({
          Resources: { U: { Type: 'AWS::ElastiCache::User', Properties: { UserId: 'u', UserName: 'u', AccessString: value, Passwords: ['p'.repeat(16)] } } },
        }));
      } catch (x) {
        return x as TemplateError;
      }
      throw new Error('accepted');
    })();
    expect(e).toBeInstanceOf(TemplateError);
    expect(e.message).toContain(`U.AccessString: ${message}`);
  });
});
