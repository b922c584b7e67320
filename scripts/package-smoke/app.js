// Synthesizes every construct of the *installed* package (not the repository's sources): a scratch CDK app, as a
// user who ran `npm install cdk-elasticache-<version>.tgz` writes it. Run by scripts/check-package.sh.
const assert = require('node:assert');
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { App, Stack, SecretValue } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ec = require('cdk-elasticache');

const app = new App({ outdir: join(__dirname, 'cdk.out') });
const env = { account: '123456789012', region: 'us-east-1' };
const stack = new Stack(app, 'PackageSmoke', { env, crossRegionReferences: true });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });

const app1 = new ec.PasswordUser(stack, 'App', { userName: 'app', accessString: ec.AccessString.readWrite('app:'), vpc });
const reporting = new ec.IamUser(stack, 'Reporting', { userId: 'reporting', accessString: ec.AccessString.readOnly('app:') });
const users = new ec.UserGroup(stack, 'Users', { users: [app1, reporting] });
const primary = new ec.ReplicationGroup(stack, 'Cache', { vpc });
new ec.ReplicationGroup(stack, 'Sharded', { vpc, preset: ec.SizingPreset.SHARDED_PRODUCTION, userGroup: users, engineLog: ec.LogDelivery.cloudWatch() });
new ec.ReplicationGroup(stack, 'Redis', { vpc, engine: ec.CacheEngine.redis(ec.RedisEngineVersion.VER_7_1), port: 6380, authToken: SecretValue.unsafePlainText('x'.repeat(32)) });
new ec.MemcachedCluster(stack, 'Fragments', { vpc, numNodes: 3 });
new ec.ServerlessCache(stack, 'Serverless', { vpc });
const global = new ec.GlobalDatastore(stack, 'Global', { primary, globalReplicationGroupIdSuffix: 'smoke' });
const west = new Stack(app, 'PackageSmokeWest', { env: { ...env, region: 'us-west-2' }, crossRegionReferences: true });
new ec.SecondaryReplicationGroup(west, 'Cache', { globalDatastore: global, vpc: new ec2.Vpc(west, 'Vpc', { maxAzs: 2, natGateways: 1 }), replicasPerShard: 1 });

const assembly = app.synth();
const template = assembly.getStackByName('PackageSmoke').template;
const types = Object.values(template.Resources).map((r) => r.Type);
for (const t of ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ServerlessCache',
  'AWS::ElastiCache::GlobalReplicationGroup', 'AWS::ElastiCache::User', 'AWS::ElastiCache::UserGroup', 'AWS::Lambda::Function']) {
  assert.ok(types.includes(t), `the installed package renders ${t}`);
}
// The rotation function's code ships in the package and is staged as an asset.
const staged = readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'));
assert.ok(staged.some((d) => existsSync(join(assembly.directory, d, 'index.js'))), 'the rotation function bundle is staged');
// The Node-only sub-path and the local engine load from the installed package.
const local = require('cdk-elasticache/local');
assert.strictEqual(typeof local.LocalEngine.start, 'function');
console.log(`package smoke test: ${types.length} resources in PackageSmoke, ${staged.length} asset(s) staged`);
