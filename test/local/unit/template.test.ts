import { buildTopology, loadTemplate, TemplateError } from '../../../src/local';
import { autoDiscoveryReply } from '../../../src/local/memcached/config-endpoint';
import { renderAclFile, renderNodesConf } from '../../../src/local/redis/config';
import { TemplateResolver } from '../../../src/local/template/intrinsics';
import { generatePassword } from '../../../src/local/template/secrets';
import { RedisCacheSpec } from '../../../src/local/topology/model';

const fixture = (name: string) => loadTemplate(`${__dirname}/../fixtures/${name}`);

function rejects(template: object): TemplateError {
  try {
    buildTopology(loadTemplate(template as never));
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('template was accepted');
}

describe('secrets', () => {
  test('generated passwords honour length and exclusions', () => {
    for (let i = 0; i < 50; i++) {
      const p = generatePassword({ PasswordLength: 40, ExcludeCharacters: 'abc', ExcludePunctuation: true });
      expect(p).toHaveLength(40);
      expect(p).toMatch(/^[A-Za-z0-9]+$/);
      expect(p).not.toMatch(/[abc]/);
    }
  });

  test('dynamic references resolve whole secrets and JSON keys, one value per secret', () => {
    const r = new TemplateResolver({
      Resources: {
        S: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { SecretStringTemplate: '{"username":"u"}', GenerateStringKey: 'password', PasswordLength: 20 } } },
        T: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { PasswordLength: 18, ExcludePunctuation: true } } },
      },
    });
    const key = r.resolveString({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'S' }, ':SecretString:password::}}']] });
    const again = r.resolveString('{{resolve:secretsmanager:S:SecretString:password::}}');
    expect(key).toHaveLength(20);
    expect(again).toBe(key);
    expect(r.resolveString('{{resolve:secretsmanager:S:SecretString:username::}}')).toBe('u');
    expect(r.resolveString({ 'Fn::Sub': '{{resolve:secretsmanager:${T}:SecretString:::}}' })).toMatch(/^[A-Za-z0-9]{18}$/);
  });
});

describe('topology', () => {
  test('cluster mode enabled: shards, replicas, even slots, RBAC users with resolved passwords', () => {
    const topo = buildTopology(fixture('cme-tls-rbac.json'));
    const cache = topo.caches[0] as RedisCacheSpec;
    expect(cache.clusterMode).toBe(true);
    expect(cache.shards.map((s) => s.replicas)).toEqual([2, 2, 2]);
    expect(cache.shards.map((s) => s.slots)).toEqual([[[0, 5460]], [[5461, 10922]], [[10923, 16383]]]);
    expect(cache.tlsMode).toBe('required');
    expect(cache.users.map((u) => u.userName)).toEqual(['default', 'app', 'analytics']);
    expect(cache.users[1].passwords[0]).toHaveLength(32);
    expect(cache.users[2].passwords[0]).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(cache.parameters).toEqual({ 'maxmemory-policy': 'allkeys-lru', 'notify-keyspace-events': 'Ex', 'timeout': '300' });
  });

  test('cluster mode disabled with an AUTH token from a secret', () => {
    const cache = buildTopology(fixture('cmd-tls-auth.json')).caches[0] as RedisCacheSpec;
    expect(cache.clusterMode).toBe(false);
    expect(cache.shards).toEqual([{ slots: [[0, 16383]], replicas: 2 }]);
    expect(cache.authToken).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(cache.users).toEqual([expect.objectContaining({ userName: 'default', passwords: [cache.authToken] })]);
  });

  test('template slot ranges are used', () => {
    const topo = buildTopology(
      loadTemplate({
        Resources: {
          C: {
            Type: 'AWS::ElastiCache::ReplicationGroup',
            Properties: {
              ClusterMode: 'enabled',
              NumNodeGroups: 2,
              NodeGroupConfiguration: [
                { Slots: '0-99,200-16383', ReplicaCount: 1 },
                { Slots: '100-199', ReplicaCount: 0 },
              ],
            },
          },
        },
      }),
    );
    expect((topo.caches[0] as RedisCacheSpec).shards).toEqual([
      { slots: [[0, 99], [200, 16383]], replicas: 1 },
      { slots: [[100, 199]], replicas: 0 },
    ]);
  });

  test('errors name the resource and the property', () => {
    const e = rejects({
      Resources: {
        Bad: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { NumCacheClusters: 9 } },
        NoTls: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { AuthToken: 'a-very-long-token-123' } },
        Slots: {
          Type: 'AWS::ElastiCache::ReplicationGroup',
          Properties: { ClusterMode: 'enabled', NumNodeGroups: 2, NodeGroupConfiguration: [{ Slots: '0-100' }, { Slots: '50-16383' }] },
        },
        U: { Type: 'AWS::ElastiCache::User', Properties: { UserId: 'u', UserName: 'u', AccessString: 'on ~* +@all >secret', Passwords: ['x'.repeat(20)] } },
        Mc: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', NumCacheNodes: 1, AZMode: 'cross-az' } },
        Fn: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Port: { 'Fn::ImportValue': 'x' } } },
      },
    });
    const text = e.problems.map((p) => `${p.logicalId}.${p.property}`);
    expect(text).toEqual([
      'Bad.NumCacheClusters',
      'NoTls.AuthToken',
      'Slots.NodeGroupConfiguration[1].Slots',
      'U.AccessString',
      'Mc.AZMode',
      'Fn.Port',
    ]);
    expect(e.message).toContain('Bad.NumCacheClusters: must be an integer between 1 and 6 (got "9")');
  });

  test('a Redis user group must contain a user named default; Valkey groups may replace it', () => {
    const users = {
      App: { Type: 'AWS::ElastiCache::User', Properties: { UserId: 'app', UserName: 'app', AccessString: 'on ~* +@all', Passwords: ['p'.repeat(16)] } },
    };
    const e = rejects({ Resources: { ...users, G: { Type: 'AWS::ElastiCache::UserGroup', Properties: { Engine: 'redis', UserGroupId: 'g', UserIds: [{ Ref: 'App' }] } } } });
    expect(e.problems[0]).toMatchObject({ logicalId: 'G', property: 'UserIds' });
    expect(e.problems[0].message).toContain('DefaultUserRequired');
  });

  test('unsupported dynamic references and unknown parameter groups are rejected', () => {
    const e = rejects({
      Resources: {
        A: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { TransitEncryptionEnabled: true, AuthToken: '{{resolve:ssm:/x}}' } },
        B: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { CacheParameterGroupName: 'my-custom' } },
      },
    });
    expect(e.problems.map((p) => `${p.logicalId}.${p.property}`)).toEqual(['A.AuthToken', 'B.CacheParameterGroupName']);
  });
});

describe('rendering', () => {
  test('ACL file: restricted commands denied to clients, hashed passwords, default disabled when replaced', () => {
    const acl = renderAclFile([{ userId: 'a', userName: 'app', accessString: 'on ~* +@all', passwords: ['secret-password-123'], mode: 'password' }], 'adminpw');
    expect(acl).not.toContain('secret-password-123');
    expect(acl).not.toContain('adminpw');
    expect(acl).toMatch(/^user app on ~\* \+@all #[0-9a-f]{64} .*-config .*-cluster\|failover/m);
    expect(acl).toContain('user default off nopass');
  });

  test('nodes.conf forms the cluster at boot', () => {
    const a = { name: 'a', shard: 0, index: 0, port: 1, busPort: 2, nodeId: 'a'.repeat(40), dir: '/a' };
    const b = { name: 'b', shard: 0, index: 1, port: 3, busPort: 4, nodeId: 'b'.repeat(40), dir: '/b' };
    const conf = renderNodesConf([{ node: a, slots: [[0, 16383]], epoch: 1 }, { node: b, slots: [[0, 16383]], masterId: a.nodeId, epoch: 0 }], b);
    expect(conf).toBe(`${a.nodeId} 127.0.0.1:1@2 master - 0 0 1 connected 0-16383\n${b.nodeId} 127.0.0.1:3@4 myself,slave ${a.nodeId} 0 0 0 connected\nvars currentEpoch 1 lastVoteEpoch 0\n`);
  });

  test('auto-discovery reply has the ElastiCache format', () => {
    const reply = autoDiscoveryReply(1, [{ host: '127.0.0.1', port: 20 }, { host: '127.0.0.1', port: 10 }]);
    const body = '1\n127.0.0.1|127.0.0.1|10 127.0.0.1|127.0.0.1|20\n';
    expect(reply).toBe(`CONFIG cluster 0 ${body.length}\r\n${body}\r\nEND\r\n`);
  });
});
