import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { client } from './helpers';
import { ReplicationGroup } from '../../src';
import { LocalEngine, useLocalEngine } from '../../src/local';

// The README's "In tests — two lines to start and stop", as a user writes it: the Stack itself is the input, so caches
// are found by construct path as well as by logical id.
const app = new App();
const stack = new Stack(app, 'MyStack');
const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
new ReplicationGroup(stack, 'Cache', { vpc });
const local = useLocalEngine(() => stack);

test('reads its own writes through the primary endpoint found by construct path; TestFailover keeps it', async () => {
  const cache = local.cache('MyStack/Cache');
  expect(cache.tls).toBe(true);
  const primary = client(cache, cache.primary!);
  await primary.set('k', 'v');
  expect(await primary.get('k')).toBe('v');
  primary.disconnect();
  await local.engine.failover('MyStack/Cache');
  const after = client(local.cache('MyStack/Cache'), local.cache('MyStack/Cache').primary!);
  expect(await after.get('k')).toBe('v');
  after.disconnect();
});

test('a template object (Template.fromStack(...).toJSON()) has no construct paths: logical ids only, and the error says which exist', async () => {
  const engine = await LocalEngine.start(Template.fromStack(stack).toJSON());
  try {
    const id = stack.getLogicalId(stack.node.findChild('Cache').node.defaultChild as never);
    expect(engine.cache(id).primary).not.toBeNull();
    expect(() => engine.cache('MyStack/Cache')).toThrow(`no cache 'MyStack/Cache'; caches: ${id}`);
  } finally {
    await engine.stop();
  }
});
