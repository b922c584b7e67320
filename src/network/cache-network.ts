import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { allowCloudWatchLogs } from '../private/logs-key-policy';
import { throwAll } from '../private/validation';

/** Properties of a `CacheNetwork`. */
export interface CacheNetworkProps {
  /**
   * The IPv4 range of the VPC, a literal CIDR block from /16 to /24 (the endpoint security group admits
   * HTTPS from it, and compliance rules read it).
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * How many Availability Zones the private subnets span, 2 to 6. Fewer are used when the stack's
   * Region has fewer; an environment-agnostic stack (no `env`) gets 2, since CDK cannot know its zones.
   * @default 3
   */
  readonly maxAzs?: number;

  /**
   * How long the VPC flow logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * The customer-managed KMS key that encrypts the flow log group. Its key policy is extended for
   * CloudWatch Logs of the stack's Region (an imported key's policy must already allow it).
   * @default - a new key with rotation enabled, retained when the stack is deleted
   */
  readonly flowLogEncryptionKey?: kms.IKey;

  /**
   * Which traffic the flow logs record.
   * @default ec2.FlowLogTrafficType.ALL
   */
  readonly flowLogTrafficType?: ec2.FlowLogTrafficType;
}

/**
 * The interface endpoints the library's rotation functions call from isolated subnets: Secrets Manager
 * (the secret's versions), ElastiCache (ModifyReplicationGroup, ModifyUser), KMS (secrets and environment
 * decryption) and CloudWatch Logs.
 */
const ENDPOINTS: Array<[string, ec2.InterfaceVpcEndpointAwsService]> = [
  ['SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
  ['ElastiCache', ec2.InterfaceVpcEndpointAwsService.ELASTICACHE],
  ['Kms', ec2.InterfaceVpcEndpointAwsService.KMS],
  ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
];

/** VPC CIDR blocks: /16 to /28 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html); /24 keeps room for 6 subnets. */
const CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(1[6-9]|2[0-4])$/;

/**
 * The network caches need when a team has none: a VPC with private isolated subnets only (no internet
 * gateway, no NAT, no public IP) across three Availability Zones, KMS-encrypted flow logs with a retention,
 * the default security group closed, and interface endpoints for Secrets Manager, ElastiCache, KMS and
 * CloudWatch Logs behind a security group that admits HTTPS from the VPC only — what the library's secret
 * rotation functions call. It passes the cdk-nag packs AwsSolutions, HIPAA Security, NIST 800-53 R4/R5 and
 * PCI DSS 3.2.1.
 *
 * @example
 * const network = new CacheNetwork(this, 'Network');
 * new ReplicationGroup(this, 'Cache', { vpc: network.vpc });
 */
export class CacheNetwork extends Construct {
  /** The VPC (private isolated subnets only). */
  public readonly vpc: ec2.Vpc;
  /** The subnets for caches and their rotation functions: the isolated subnets. */
  public readonly cacheSubnets: ec2.SubnetSelection;
  /** The security group of the interface endpoints: HTTPS from the VPC's CIDR only, no egress. */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;
  /** The log group of the VPC flow logs. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The key encrypting the flow logs. */
  public readonly flowLogEncryptionKey: kms.IKey;
  /** The interface endpoints, by service: SecretsManager, ElastiCache, Kms, Logs. */
  public readonly endpoints: { [service: string]: ec2.InterfaceVpcEndpoint };

  constructor(scope: Construct, id: string, props: CacheNetworkProps = {}) {
    super(scope, id);
    const cidr = props.cidr ?? '10.0.0.0/16';
    const maxAzs = props.maxAzs ?? 3;
    throwAll(this, [
      ['CacheNetwork.Cidr', Token.isUnresolved(cidr) || !CIDR.test(cidr)
        ? `cidr must be a literal IPv4 CIDR block from /16 to /24 such as '10.0.0.0/16', got '${cidr}'` : undefined],
      ['CacheNetwork.MaxAzs', !Number.isInteger(maxAzs) || maxAzs < 2 || maxAzs > 6
        ? `maxAzs must be a whole number from 2 to 6 (Multi-AZ caches need 2), got ${maxAzs}` : undefined],
    ]);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways: 0,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    this.cacheSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    // Flow logs: a KMS-encrypted log group with a retention, written by a role whose only policy is
    // customer-managed (AwsSolutions-IAM4 rejects AWS managed policies, HIPAA/NIST/PCI IAMNoInlinePolicy inline ones).
    this.flowLogEncryptionKey = props.flowLogEncryptionKey ?? new kms.Key(this, 'FlowLogKey', {
      description: `Encrypts the VPC flow logs of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowCloudWatchLogs(this.flowLogEncryptionKey);
    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: this.flowLogEncryptionKey,
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    const role = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      description: `Writes the VPC flow logs of ${this.node.path}`,
    });
    role.addManagedPolicy(new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      description: `Writes the VPC flow logs of ${this.node.path} to their log group`,
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [this.flowLogGroup.logGroupArn],
      })],
    }));
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup, role.withoutPolicyUpdates()),
      trafficType: props.flowLogTrafficType ?? ec2.FlowLogTrafficType.ALL,
    });

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: `Interface endpoints of ${this.node.path}: HTTPS from the VPC only`,
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    this.endpoints = {};
    for (const [name, service] of ENDPOINTS) {
      this.endpoints[name] = this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets: this.cacheSubnets,
        securityGroups: [this.endpointSecurityGroup],
        open: false,
        privateDnsEnabled: true,
      });
    }
  }
}
