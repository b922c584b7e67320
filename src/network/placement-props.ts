import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ISubnetGroup } from './subnet-group';

/**
 * Where the nodes of a node-based cache are placed: shared by `ReplicationGroupProps`,
 * `MemcachedClusterProps` and `SecondaryReplicationGroupProps` (as aws-rds shares its instance props).
 */
export interface NodePlacementProps {
  /** The VPC to place the nodes in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the VPC to place the nodes in (used to create the subnet group).
   * @default - private subnets with egress, or isolated subnets when the VPC has none (`SubnetGroup.defaultSubnets`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * An existing subnet group to use instead of creating one.
   * @default - a subnet group of `vpcSubnets` is created
   */
  readonly subnetGroup?: ISubnetGroup;

  /**
   * Security groups of the cache. Open access with `cache.connections.allowDefaultPortFrom(app)`.
   * @default - a new security group without ingress rules
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}
