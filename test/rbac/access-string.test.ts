import { AccessString } from '../../src/rbac/access-string';

describe('AccessString', () => {
  test('ready-made roles', () => {
    expect(AccessString.readOnly('app:').value).toBe('on ~app:* -@all +@read +@connection +@transaction -@dangerous +asking +readonly +readwrite +cluster|info +cluster|slots +cluster|shards +cluster|nodes +info');
    expect(AccessString.readWrite('app:').value).toBe('on ~app:* resetchannels &app:* -@all +@read +@write +@connection +@transaction +@pubsub -@scripting -@dangerous +eval +evalsha +script|load +script|exists +asking +readonly +readwrite +cluster|info +cluster|slots +cluster|shards +cluster|nodes +info');
    expect(AccessString.fullAccess().value).toBe('on ~* &* +@all');
    expect(AccessString.disabled().value).toBe('off -@all');
    // Channels (and `resetchannels` before them, for 6.2 whose default is `allchannels`) need Redis OSS 6.2.
    expect(AccessString.readWrite('app:').minimumRedisVersion).toBe('6.2');
    expect(AccessString.readWrite('app:').versionFeature).toBe('resetchannels');
    // `+command|subcommand` is Redis OSS 6.0 syntax; only the `-command|subcommand` form needs 7.0.
    expect(AccessString.readOnly('app:').minimumRedisVersion).toBe('6.0');
    expect(AccessString.readOnly('app:').versionFeature).toBeUndefined();
    expect(AccessString.readOnly('').value).toMatch(/^on ~\* -@all /);
  });

  test('builder keeps the order of the rules and gates features by version', () => {
    const access = AccessString.builder()
      .keys('a:*').readKeys('r:*').writeKeys('w:*').allKeys().channels('news:*').allChannels()
      .allowCategories('read').denyCategories('admin').allowCommands('GET', 'client|setname').denyCommands('flushall')
      .toAccessString();
    expect(access.value).toBe('on ~a:* %R~r:* %W~w:* ~* &news:* &* +@read -@admin +get +client|setname -flushall');
    expect(access.minimumRedisVersion).toBe('7.0');
    expect(access.versionFeature).toBe('%R~');
    expect(AccessString.builder().disabled().denyCategories('all').toAccessString().value).toBe('off -@all');
    expect(AccessString.builder().allKeys().allChannels().allowCategories('all').toAccessString().minimumRedisVersion).toBe('6.2');
    expect(AccessString.of('on ~* -config|get').minimumRedisVersion).toBe('7.0');
    expect(AccessString.of('on (~x:* +get) clearselectors').versionFeature).toBe('selectors (...)');
  });

  test.each([
    ['', "[AccessString.Empty] accessString must contain at least one rule, got ''"],
    ['   ', "[AccessString.Empty] accessString must contain at least one rule, got '   '"],
    ['on reset ~*', "[AccessString.Reset] accessString must not contain 'reset' (not supported by ElastiCache)"],
    ['on ~* +@all ?x', "[AccessString.Rule] accessString rule '?x' is not an ACL rule ElastiCache accepts"],
  ])('rejects %j', (raw, message) => {
    expect(() => AccessString.of(raw)).toThrow(message);
  });

  test.each(['>s3cretPassw0rdValue', '<s3cretPassw0rdValue', '#abcdef', '!abcdef', 'nopass', 'resetpass'])(
    'rejects the password rule %s without echoing it', (rule) => {
      let message = '';
      try {
        AccessString.of(`on ~* +@all ${rule}`);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^\[AccessString\.Password\] accessString must not manage passwords/);
      if (/^[><]/.test(rule)) expect(message).not.toContain(rule.slice(1));
    });
});
