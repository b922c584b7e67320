import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
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
