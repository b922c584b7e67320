import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/**
 * A stack with a two-AZ VPC (public subnets, private subnets with egress through one NAT gateway) as users have it;
 * `dualStack` gives its subnets IPv6 blocks too.
 *
 * `flowLogs: true` gives the VPC a compliance pack expects (flow logs, default security group restricted): for the
 * cdk-nag tests. Without it the VPC has no custom resource restricting its default security group — the custom
 * resource's Lambda asset is most of the VPC's synthesis time, and tests of the library's resources do not need it.
 */
export function stackWithVpc(options: { flowLogs?: boolean; dualStack?: boolean } = {}): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App();
  const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    restrictDefaultSecurityGroup: options.flowLogs ?? false,
    ipProtocol: options.dualStack ? ec2.IpProtocol.DUAL_STACK : undefined,
  });
  if (options.flowLogs) {
    const key = new kms.Key(stack, 'FlowLogKey', { enableKeyRotation: true });
    key.grantEncrypt(new iam.ServicePrincipal('logs.amazonaws.com'));
    const logGroup = new logs.LogGroup(stack, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup) });
  }
  return { app, stack, vpc };
}

/** The logical id of a construct's main resource (`node.defaultChild`), as the stack renders it. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** A metric the library returns as `IMetric`, checked to be a single `Metric` (not metric math) to read its fields. */
export function asMetric(metric: cloudwatch.IMetric): cloudwatch.Metric {
  expect(metric).toBeInstanceOf(cloudwatch.Metric);
  return metric as cloudwatch.Metric;
}

/**
 * The resources of a template whose logical id starts with `prefix` (the library's construct, not the test VPC), asset
 * hashes masked: golden files that aws-cdk-lib upgrades of the VPC do not break.
 */
export function resourcesUnder(template: { Resources?: Record<string, unknown> }, prefix: string): Record<string, unknown> {
  const resources = Object.fromEntries(Object.entries(template.Resources ?? {}).filter(([id]) => id.startsWith(prefix)));
  return JSON.parse(JSON.stringify(resources).replace(/[0-9a-f]{64}\.zip/g, '<asset-hash>.zip'));
}
