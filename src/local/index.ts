// cdk-elasticache/local — Node-only: runs a synthesized template on real Valkey/Redis and Memcached processes.
export { LocalEngine, LocalEngineOptions, ServedBy } from './engine';
export { CacheEndpoints, EndpointsFile, HostPort, NodeEndpoint } from './endpoints';
export { FailoverResult } from './runtime';
export { TemplateError, TemplateProblem, MissingBinaryError } from './errors';
export { TemplateInput } from './template/load';
export { CfnTemplate } from './template/types';
export { buildTopology } from './topology/build';
export { loadTemplate } from './template/load';
export * from './topology/model';
export { useLocalEngine, LocalEngineHandle } from './jest';
export { RESTRICTED_COMMANDS } from './redis/restricted';
