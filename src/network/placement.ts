import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ISubnetGroup, SubnetGroup } from './subnet-group';

/** Where a node-based cache is placed, as given (the `vpc`, `vpcSubnets`, `subnetGroup`, `securityGroups` props). */
export interface NodePlacement {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly subnetGroup?: ISubnetGroup;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * The subnet group and the connections of a node-based cache (replication group, Memcached cluster, global
 * secondary): the given ones, or a subnet group of `vpcSubnets` and a security group without ingress.
 * @internal
 */
export function renderPlacement(
  scope: Construct, placement: NodePlacement, what: string, port: number,
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
