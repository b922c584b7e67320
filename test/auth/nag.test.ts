import { Template } from 'aws-cdk-lib/assertions';
import { findings, PACKS } from './nag-helper';
import { CacheSecretRotation, RotationTargetType } from '../../src/auth/rotation/secret-rotation';
import { EngineType } from '../../src/engine';
import { RBAC_AEC6_REASON, IAM5_REASON, LAMBDA_CONCURRENCY_REASON } from '../../src/private/nag';
import { AccessString } from '../../src/rbac/access-string';
import { IamUser, PasswordUser } from '../../src/rbac/user';
import { UserGroup } from '../../src/rbac/user-group';
import { ReplicationGroup } from '../../src/replication-group/replication-group';
import { stackWithVpc } from '../helpers/stack';

function defaultCache() {
  const { stack, vpc } = stackWithVpc({ flowLogs: true });
  const cache = new ReplicationGroup(stack, 'Cache', { vpc });
  return { stack, cache };
}

function rbacCache() {
  const { stack, vpc } = stackWithVpc({ flowLogs: true });
  const users = [
    new PasswordUser(stack, 'AppUser', { engine: EngineType.REDIS, accessString: AccessString.readWrite('app:'), vpc }),
    new PasswordUser(stack, 'Analytics', { engine: EngineType.REDIS, accessString: AccessString.readOnly('app:'), vpc }),
    new IamUser(stack, 'IamUser', { engine: EngineType.REDIS, accessString: AccessString.readOnly('app:') }),
  ];
  const group = new UserGroup(stack, 'Users', { engine: EngineType.REDIS, users });
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, userGroup: group });
  return { stack, cache };
}

describe.each(PACKS)('cdk-nag %s', (_name, pack) => {
  test('default replication group (AUTH token + rotation function): no unacknowledged error', () => {
    const { stack } = defaultCache();
    expect(findings(stack, pack, '/Cache')).toEqual([]);
  });

  test('replication group with a user group, users and their rotation: no unacknowledged error', () => {
    const { stack } = rbacCache();
    for (const under of ['/Cache', '/Users', '/AppUser', '/Analytics', '/IamUser', '/CacheUserPasswordRotation']) {
      expect(findings(stack, pack, under)).toEqual([]);
    }
  });
});

describe('acknowledgements', () => {
  test('AEC6 is reported without the acknowledgement, and acknowledged only with a user group', () => {
    const rbac = rbacCache();
    // The acknowledgement is on the library's own CfnReplicationGroup, with its reason.
    const md = JSON.stringify(rbac.cache.node.findChild('Resource').node.metadata);
    expect(md).toContain('AwsSolutions-AEC6');
    expect(md).toContain(RBAC_AEC6_REASON);
    const plain = defaultCache();
    expect(JSON.stringify(plain.cache.node.findChild('Resource').node.metadata)).not.toContain('AwsSolutions-AEC6');
  });

  test('without its acknowledgement the RBAC group would fail AEC6 (the acknowledgement is needed)', () => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, userGroup: UserGroup.fromUserGroupId(stack, 'G', 'existing') });
    const resource = cache.node.findChild('Resource');
    (resource.node as any)._metadata = resource.node.metadata.filter((m) => !JSON.stringify(m).includes('AEC6'));
    expect(findings(stack, PACKS[0][1], '/Cache').map((f) => f.rule)).toContain('AwsSolutions-AEC6');
  });

  test('IAM5 is acknowledged only for actions without resource-level permissions', () => {
    const { stack } = defaultCache();
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0];
    const wildcard = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Resource === '*').flatMap((s: any) => [].concat(s.Action));
    expect(wildcard.sort()).toEqual([
      'ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets', 'ec2:UnassignPrivateIpAddresses', 'elasticache:DescribeReplicationGroups', 'secretsmanager:GetRandomPassword',
      'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ]);
    expect(IAM5_REASON).toContain('ec2:CreateNetworkInterface');
    expect(IAM5_REASON).toContain('elasticache:DescribeReplicationGroups');
  });

  test('LambdaConcurrency (HIPAA, NIST R5) is acknowledged with its reason only without reserved concurrency', () => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    const unreserved = new CacheSecretRotation(stack, 'Unreserved', { targetType: RotationTargetType.USER_PASSWORD, vpc });
    const reserved = new CacheSecretRotation(stack, 'Reserved', { targetType: RotationTargetType.USER_PASSWORD, vpc, reservedConcurrentExecutions: 2 });
    const md = JSON.stringify(unreserved.function.node.metadata);
    expect(md).toContain('HIPAA.Security-LambdaConcurrency');
    expect(md).toContain('NIST.800.53.R5-LambdaConcurrency');
    expect(md).toContain(LAMBDA_CONCURRENCY_REASON);
    expect(JSON.stringify(reserved.function.node.metadata)).not.toContain('LambdaConcurrency');
    for (const [, pack] of PACKS) {
      expect(findings(stack, pack, '/Unreserved').filter((f) => f.rule.endsWith('LambdaConcurrency'))).toEqual([]);
      expect(findings(stack, pack, '/Reserved').filter((f) => f.rule.endsWith('LambdaConcurrency'))).toEqual([]);
    }
  });

  test('without its acknowledgement the unreserved function fails LambdaConcurrency (the acknowledgement is needed)', () => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    const rotation = new CacheSecretRotation(stack, 'Unreserved', { targetType: RotationTargetType.USER_PASSWORD, vpc });
    (rotation.function.node as any)._metadata = rotation.function.node.metadata.filter((m) => !JSON.stringify(m).includes('LambdaConcurrency'));
    const rules = PACKS.flatMap(([, pack]) => findings(stack, pack, '/Unreserved').map((f) => f.rule));
    expect(rules).toEqual(expect.arrayContaining(['HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaConcurrency']));
  });
});
