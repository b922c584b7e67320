import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ElastiCacheRule, literal, properties, SERVERLESS_CACHE, SUBNET_GROUP } from '../cfn';

/**
 * Private subnets only: a subnet group (or serverless cache) uses no subnet of the same stack that maps public IPs
 * or routes to an internet gateway. The seed places caches in "Private Subnets"; ElastiCache is meant to be reached
 * from inside the VPC (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VPCs.html). Subnets of other stacks
 * (imported ids) cannot be read and pass.
 */
export const PRIVATE_SUBNETS: ElastiCacheRule = {
  id: 'PrivateSubnets',
  info: 'The cache uses a public subnet (finding in brackets): MapPublicIpOnLaunch true or a route to an internet gateway.',
  explanation: 'A cache in a public subnet is one security-group rule away from the internet; place it in private subnets and reach '
    + 'it from the application tier (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VPCs.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [SUBNET_GROUP, SERVERLESS_CACHE],
  check: (node) => {
    const props = properties(node);
    const subnetIds = (literal(node, props, 'SubnetIds') ?? []) as unknown[];
    const refs = subnetIds.map((id) => (id as { Ref?: string })?.Ref).filter((ref): ref is string => typeof ref === 'string');
    if (refs.length === 0) return NagRuleCompliance.COMPLIANT;
    const stack = Stack.of(node);
    const byId = new Map<string, { type: string; props: Record<string, any> }>();
    const all = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
    for (const r of all) {
      if (!['AWS::EC2::Subnet', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::Route', 'AWS::EC2::InternetGateway'].includes(r.cfnResourceType)) continue;
      byId.set(stack.resolve(r.logicalId), { type: r.cfnResourceType, props: properties(r) });
    }
    const refOf = (value: unknown): string | undefined => (value as { Ref?: string })?.Ref;
    const publicSubnets = refs.filter((ref) => {
      const subnet = byId.get(ref);
      if (subnet?.type !== 'AWS::EC2::Subnet') return false;
      if (subnet.props.MapPublicIpOnLaunch === true) return true;
      const tables = [...byId.values()]
        .filter((r) => r.type === 'AWS::EC2::SubnetRouteTableAssociation' && refOf(r.props.SubnetId) === ref)
        .map((r) => refOf(r.props.RouteTableId));
      return [...byId.values()].some((r) => r.type === 'AWS::EC2::Route' && tables.includes(refOf(r.props.RouteTableId))
        && byId.get(refOf(r.props.GatewayId) ?? '')?.type === 'AWS::EC2::InternetGateway');
    });
    return publicSubnets.length === 0 ? NagRuleCompliance.COMPLIANT : publicSubnets;
  },
};
