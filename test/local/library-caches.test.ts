import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster } from 'ioredis';
import { AccessString, CacheEngine, MemcachedCluster, PasswordUser, ServerlessCache, UserGroup, ValkeyEngineVersion } from '../../src';
import { useLocalEngine } from '../../src/local';

// memcache-plus has no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MemcachePlus = require('memcache-plus');

// Issue 5: the library's own Memcached and serverless constructs, started by the local engine from
// their synthesized template and used through real clients.
const app = new App();
const stack = new Stack(app, 'LibraryCaches', { env: { account: '123456789012', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
// Auto-discovery clients of the npm registry (memcache-plus) cannot trust a private CA: this cluster is plaintext;
// the TLS cluster is covered in memcached.test.ts.
const memcached = new MemcachedCluster(stack, 'Fragments', { vpc, numNodes: 3, transitEncryption: false });
const app1 = new PasswordUser(stack, 'AppUser', { userName: 'app', accessString: AccessString.readWrite('app:'), vpc });
const users = new UserGroup(stack, 'Users', { users: [app1] });
const serverless = new ServerlessCache(stack, 'Serverless', { vpc, engine: CacheEngine.valkey(ValkeyEngineVersion.VER_8_2), userGroup: users });
const local = useLocalEngine(stack); // a Stack: endpoints by construct path

test('a three-node MemcachedCluster is found through config get cluster; keys spread over all nodes', async () => {
  const c = local.cache(memcached.node.path);
  expect(c).toMatchObject({ kind: 'memcached', tls: false });
  expect(c.nodes).toHaveLength(3);
  // reconnect: false — with autodiscover, memcache-plus 0.3 connects to the discovered nodes twice (connect() and
  // getHostList() both call connectToHosts()) and disconnect() closes only the second set: the first set would
  // reconnect forever after the engine stops (with a growing back-off), the handle that kept a jest worker alive.
  const client = new MemcachePlus({ hosts: [`127.0.0.1:${c.configuration!.port}`], autodiscover: true, reconnect: false, onNetError: () => undefined });
  await client.ready();
  for (let i = 0; i < 60; i++) await client.set(`k${i}`, `v${i}`);
  for (let i = 0; i < 60; i++) expect(await client.get(`k${i}`)).toBe(`v${i}`);
  // Every node holds a share of the keys: ask each node directly.
  const perNode = await Promise.all(c.nodes.map(async (n) => {
    const direct = new MemcachePlus({ hosts: [`127.0.0.1:${n.port}`], onNetError: () => undefined });
    let count = 0;
    for (let i = 0; i < 60; i++) if (await direct.get(`k${i}`)) count++;
    direct.disconnect();
    return count;
  }));
  expect(perNode.every((count) => count > 0)).toBe(true);
  expect(perNode.reduce((a, b) => a + b, 0)).toBe(60);
  client.disconnect();
});

test('a serverless Valkey cache is reached over TLS as a user of its user group', async () => {
  const c = local.cache(serverless.node.path);
  expect(c).toMatchObject({ kind: 'serverless', engine: 'valkey', clusterMode: true, tls: true });
  const password = c.users.app;
  expect(password).toBeTruthy();
  const client = new Cluster([{ host: c.configuration!.host, port: c.configuration!.port }], {
    enableReadyCheck: false,
    redisOptions: { username: 'app', password, enableReadyCheck: false, tls: { ca: readFileSync(c.caFile!), servername: 'localhost' } },
  });
  await client.set('app:greeting', 'hello');
  expect(await client.get('app:greeting')).toBe('hello');
  await expect(client.set('other:greeting', 'x')).rejects.toThrow(/NOPERM/);
  await client.quit();
});
