import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/** A stack with a two-AZ VPC (private subnets with egress) as users have it; `dualStack` gives its subnets IPv6 blocks too. */
export function stackWithVpc(options: { flowLogs?: boolean; dualStack?: boolean } = {}): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App();
  const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: true, ipProtocol: options.dualStack ? ec2.IpProtocol.DUAL_STACK : undefined,
  });
  if (options.flowLogs) {
    const key = new kms.Key(stack, 'FlowLogKey', { enableKeyRotation: true });
    key.grantEncrypt(new iam.ServicePrincipal('logs.amazonaws.com'));
    const logGroup = new logs.LogGroup(stack, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup) });
  }
  return { app, stack, vpc };
}
