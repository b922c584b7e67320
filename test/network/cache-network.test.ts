import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ElastiCacheChecks } from '../../src/nag/elasticache-checks';
import { CacheNetwork } from '../../src/network/cache-network';
import { ReplicationGroup } from '../../src/replication-group/replication-group';
import { NAG_PACKS } from '../helpers/nag';

function stack(env = true): Stack {
  const app = new App();
  const s = new Stack(app, 'TestStack', env ? { env: { account: '123456789012', region: 'us-east-1' } } : {});
  if (env) {
    // The zones `cdk synth` would look up for this account and Region.
    s.node.setContext('availability-zones:account=123456789012:region=us-east-1', ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']);
  }
  return s;
}

describe('CacheNetwork', () => {
  const s = stack();
  const network = new CacheNetwork(s, 'Network');
  const template = Template.fromStack(s);

  test('private isolated subnets only, across three Availability Zones; no internet gateway, no NAT', () => {
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const zones = Object.values(template.findResources('AWS::EC2::Subnet')).map((r) => r.Properties.AvailabilityZone);
    expect(zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    expect(network.vpc.isolatedSubnets).toHaveLength(3);
    expect(network.vpc.selectSubnets(network.cacheSubnets).subnets).toHaveLength(3);
  });

  test('flow logs of all traffic to a KMS-encrypted log group kept one year, through a customer-managed policy', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogKey'), 'Arn'] }, RetentionInDays: 365 });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'] })] },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('interface endpoints for Secrets Manager, ElastiCache, KMS and CloudWatch Logs, private DNS, HTTPS from the VPC only', () => {
    const services = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((r) => JSON.stringify(r.Properties.ServiceName));
    expect(services.map((name) => name.match(/\.(secretsmanager|elasticache|kms|logs)"/)?.[1]).sort()).toEqual(['elasticache', 'kms', 'logs', 'secretsmanager']);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', PrivateDnsEnabled: true });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Interface endpoints'),
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: 'HTTPS from the VPC' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    expect(Object.keys(network.endpoints).sort()).toEqual(['ElastiCache', 'Kms', 'Logs', 'SecretsManager']);
  });

  test('the default security group is closed', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('props: CIDR, zones, retention', () => {
    const t = stack();
    new CacheNetwork(t, 'Network', { cidr: '10.20.0.0/16', maxAzs: 2, flowLogRetention: logs.RetentionDays.THREE_MONTHS });
    const tt = Template.fromStack(t);
    tt.resourceCountIs('AWS::EC2::Subnet', 2);
    tt.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    tt.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    tt.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.20.0.0/16' })] });
  });

  test('an environment-agnostic stack gets two zones', () => {
    const t = stack(false);
    new CacheNetwork(t, 'Network');
    Template.fromStack(t).resourceCountIs('AWS::EC2::Subnet', 2);
  });

  test.each([
    [{ cidr: '10.0.0.0/8' }, "[CacheNetwork.Cidr] cidr must be a literal IPv4 CIDR block from /16 to /24 such as '10.0.0.0/16', got '10.0.0.0/8' (at TestStack/Network)"],
    [{ cidr: '10.0.0.300/16' }, "[CacheNetwork.Cidr] cidr must be a literal IPv4 CIDR block from /16 to /24 such as '10.0.0.0/16', got '10.0.0.300/16' (at TestStack/Network)"],
    [{ maxAzs: 1 }, '[CacheNetwork.MaxAzs] maxAzs must be a whole number from 2 to 6 (Multi-AZ caches need 2), got 1 (at TestStack/Network)'],
    [{ maxAzs: 2.5 }, '[CacheNetwork.MaxAzs] maxAzs must be a whole number from 2 to 6 (Multi-AZ caches need 2), got 2.5 (at TestStack/Network)'],
  ])('rejects %j with a clear message', (props, message) => {
    expect(() => new CacheNetwork(stack(), 'Network', props)).toThrow(message);
  });
});

describe('CacheNetwork compliance', () => {
  function withCache() {
    const s = stack();
    const network = new CacheNetwork(s, 'Network');
    const cache = new ReplicationGroup(s, 'Cache', { vpc: network.vpc });
    return { s, network, cache };
  }

  test.each(NAG_PACKS.map((p) => [p.name, p.create] as const))('%s: no unacknowledged finding on the network or the cache in it', (_name, pack) => {
    const { s } = withCache();
    const report = pack().validateScope(s);
    const found = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
    expect(found).toEqual([]);
  });

  test('sanity: the same harness flags a VPC without flow logs and with an open default security group', () => {
    const s = stack();
    new ec2.Vpc(s, 'Plain', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
    const rules = NAG_PACKS.flatMap((p) => p.create().validateScope(s).violations.map((v) => v.ruleName));
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-VPC7', 'HIPAA.Security-VPCDefaultSecurityGroupClosed', 'PCI.DSS.321-VPCFlowLogsEnabled']));
  });

  test('ElastiCacheChecks: no finding; the cache and its rotation function use the isolated subnets', () => {
    const { s } = withCache();
    expect(new ElastiCacheChecks().validateScope(s).violations).toEqual([]);
    const template = Template.fromStack(s);
    const subnetRefs = Object.keys(template.findResources('AWS::EC2::Subnet')).map((id) => ({ Ref: id }));
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: subnetRefs });
    template.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.objectLike({ SubnetIds: subnetRefs }) });
  });
});
