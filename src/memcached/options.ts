/**
 * How the nodes of a Memcached cluster are spread over Availability Zones (`AZMode`).
 *
 * `cross-az` needs more than one node (botocore `CreateCacheClusterMessage.AZMode`;
 * terraform-provider-aws `diff.go`: "az_mode cross-az is not supported with num_cache_nodes = 1").
 */
export enum AzMode {
  /** All nodes in one Availability Zone. */
  SINGLE_AZ = 'single-az',
  /** Nodes spread over the Availability Zones of the subnet group. */
  CROSS_AZ = 'cross-az',
}

/** The IP family a dual-stack Memcached cluster reports in `config get cluster` (`IpDiscovery`). */
export enum IpDiscovery {
  /** IPv4 addresses. */
  IPV4 = 'ipv4',
  /** IPv6 addresses. */
  IPV6 = 'ipv6',
}
