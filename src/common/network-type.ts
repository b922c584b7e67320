/** The IP protocols of the cache's network interfaces. */
export enum NetworkType {
  /** IPv4 only. */
  IPV4 = 'ipv4',
  /** IPv6 only (Nitro nodes, IPv6-only subnets). */
  IPV6 = 'ipv6',
  /** Both IPv4 and IPv6. */
  DUAL_STACK = 'dual_stack',
}
