/** The Memcached default port (terraform-provider-aws `cluster.go`; ElastiCache User Guide). Not part of the public API. */
export const MEMCACHED_DEFAULT_PORT = 11211;
