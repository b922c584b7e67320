/**
 * ElastiCache's restricted commands (reference §3.6): the union of the current list and the 2023 list.
 * They are denied to every client user through ACL rules appended to the user's access string; the engine's own
 * hidden admin user keeps them, so nodes can still be managed (see docs/decisions/0101-local-engine-design.md).
 */
export const RESTRICTED_COMMANDS = [
  'bgrewriteaof',
  'bgsave',
  'config',
  'debug',
  'migrate',
  'replicaof',
  'save',
  'slaveof',
  'shutdown',
  'sync',
  'psync',
  'acl|setuser',
  'acl|load',
  'acl|save',
  'acl|deluser',
  'cluster|addslots',
  'cluster|addslotsrange',
  'cluster|bumpepoch',
  'cluster|delslots',
  'cluster|delslotsrange',
  'cluster|failover',
  'cluster|flushslots',
  'cluster|forget',
  'cluster|links',
  'cluster|meet',
  'cluster|setslot',
];

/** ACL rules that take the restricted commands away from a user. */
export const RESTRICTED_RULES = RESTRICTED_COMMANDS.map((c) => `-${c}`).join(' ');
