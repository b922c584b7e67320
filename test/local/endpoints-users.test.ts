import { readFileSync } from 'node:fs';
import { client, errorOf, stateDir } from './helpers';
import { endpointTable } from '../../src/cli/table';
import { useLocalEngine } from '../../src/local';

const OLD_PASSWORD = 'old-user-password-0001';
const APP_PASSWORD = 'app-user-password-0001';
const user = (name: string, accessString: string, password: string) => ({
  Type: 'AWS::ElastiCache::User',
  Properties: { UserId: name, UserName: name, Engine: 'redis', AccessString: accessString, Passwords: [password] },
});

const local = useLocalEngine(
  {
    Resources: {
      DefaultUser: user('default', 'off ~* +@all', 'default-password-0001'),
      App: user('app', 'on ~app:* +@all', APP_PASSWORD),
      Old: user('old', 'off ~* +@all', OLD_PASSWORD),
      // Neither on nor off: ElastiCache makes the user off.
      Implicit: user('implicit', '~* +get', 'implicit-password-001'),
      Group: { Type: 'AWS::ElastiCache::UserGroup', Properties: { UserGroupId: 'g', Engine: 'redis', UserIds: [{ Ref: 'DefaultUser' }, { Ref: 'App' }, { Ref: 'Old' }, { Ref: 'Implicit' }] } },
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { ReplicationGroupDescription: 'users', NumCacheClusters: 1, TransitEncryptionEnabled: true, UserGroupIds: [{ Ref: 'Group' }] },
      },
    },
  },
  { stateDir: stateDir() },
);

test('endpoints.json marks each user enabled or disabled and lists no password for disabled ones', async () => {
  const c = local.cache('Cache');
  expect(c.userStatus).toEqual({ default: 'disabled', app: 'enabled', old: 'disabled', implicit: 'disabled' });
  expect(c.users).toEqual({ app: APP_PASSWORD });
  const file = readFileSync(local.engine.endpointsFile, 'utf8');
  expect(file).not.toContain(OLD_PASSWORD);
  expect(file).not.toContain('default-password-0001');
  // What the file says is what the engine does.
  const app = client(c, c.primary!, { username: 'app', password: c.users.app });
  expect(await app.set('app:k', 'v')).toBe('OK');
  expect(await errorOf(app.call('AUTH', 'old', OLD_PASSWORD))).toMatch(/^WRONGPASS/);
  expect(await errorOf(app.call('AUTH', 'implicit', 'implicit-password-001'))).toMatch(/^WRONGPASS/);
  app.disconnect();
  expect(endpointTable(local.engine.endpoints)).toContain('users: app (disabled: default, old, implicit)');
});
