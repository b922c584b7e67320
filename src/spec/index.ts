/**
 * ElastiCache's facts, once: identifiers, windows, slots, AUTH tokens, access strings, cluster mode and
 * limits, each with its source. Pure TypeScript: no aws-cdk-lib, no Node built-ins. Used by the construct
 * rules, the local engine and `describe` (docs/decisions/0008-spec-module.md).
 */
export * from './access-string';
export * from './acl-commands';
export * from './auth-token';
export * from './cluster-mode';
export * from './engine-features';
export * from './identifiers';
export * from './limits';
export * from './slots';
export * from './windows';
export * from './engine-rules';
export * from './parameters';
export * from './template-rules';
export * from './versions';
export * from './regions';
