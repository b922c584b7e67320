// The public (jsii) API of cdk-elasticache.
// Node-only code (the local engine in ./local, the CLI in ./cli) is deliberately not exported here:
// it is published under the `cdk-elasticache/local` sub-path and the `cdk-elasticache` bin.
export * from './engine';
export * from './engine-version';
export * from './node-type';
export * from './parameter-group';
export * from './network/subnet-group';
export * from './auth/auth-token-secret';
export * from './replication-group/options';
export * from './replication-group/endpoint';
export * from './replication-group/replication-group-base';
export * from './replication-group/replication-group';
