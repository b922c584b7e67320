import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { NetworkType } from '../common/network-type';
import { CacheEngine } from '../engine';
import { networkTypeProblem } from '../spec';
import { NodePlacementProps } from './placement-props';
import { ISubnetGroup, SubnetGroup } from './subnet-group';

/**
 * The subnet group and the connections of a node-based cache (replication group, Memcached cluster, global
 * secondary): the given ones, or a subnet group of `vpcSubnets` and a security group without ingress.
 * @internal
 */
export function renderPlacement(
  scope: Construct, placement: NodePlacementProps, what: string, port: number,
): { subnetGroup: ISubnetGroup; connections: ec2.Connections } {
  const subnetGroup = placement.subnetGroup ?? new SubnetGroup(scope, 'Subnets', { vpc: placement.vpc, vpcSubnets: placement.vpcSubnets });
  const securityGroups = placement.securityGroups ?? [
    new ec2.SecurityGroup(scope, 'SecurityGroup', {
      vpc: placement.vpc,
      description: `ElastiCache ${what} ${scope.node.path}: no ingress until connections.allowDefaultPortFrom()`,
      allowAllOutbound: false,
    }),
  ];
  return { subnetGroup, connections: new ec2.Connections({ securityGroups, defaultPort: ec2.Port.tcp(port) }) };
}

/**
 * IPv6 and dual-stack caches (`networkType`): the engine version floor (src/spec `networkTypeProblem`) and
 * subnets with IPv6 CIDR blocks (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/network-type.html).
 * Subnets created in this app (`ec2.Subnet`) are checked; imported subnets are not known and pass.
 * @internal
 */
export function networkTypeProblems(
  placement: NodePlacementProps, engine: CacheEngine, networkType: NetworkType | undefined,
): string | undefined {
  if (networkType === undefined || networkType === NetworkType.IPV4) return undefined;
  const version = Token.isUnresolved(engine.version) ? undefined : networkTypeProblem('networkType', engine.engineType, engine.version, networkType);
  if (version) return version;
  const subnets = placement.subnetGroup instanceof SubnetGroup ? placement.subnetGroup.subnets
    : placement.subnetGroup ? [] : placement.vpc.selectSubnets(placement.vpcSubnets ?? SubnetGroup.defaultSubnets(placement.vpc)).subnets;
  const ipv4Only = subnets.filter((subnet) => {
    const cfn = subnet.node.defaultChild;
    return cfn instanceof ec2.CfnSubnet && !cfn.ipv6CidrBlock && !cfn.ipv6Native && !cfn.ipv6IpamPoolId;
  });
  return ipv4Only.length === 0 ? undefined
    : `networkType '${networkType}' needs subnets with an IPv6 CIDR block, but ${ipv4Only.map((s) => s.node.path).join(', ')} have none; `
      + 'create the VPC with ipProtocol: ec2.IpProtocol.DUAL_STACK or use networkType ipv4';
}
