// cdk-elasticache/local — Node-only: runs a synthesized template on real Valkey/Redis and Memcached processes.
export { LocalEngine } from './engine';
export type { LocalEngineOptions, ServedBy } from './engine';
export type { CacheEndpoints, EndpointsFile, HostPort, NodeEndpoint } from './endpoints';
export type { FailoverResult } from './runtime';
export { TemplateError, MissingBinaryError } from './errors';
export type { TemplateProblem } from './errors';
export { loadTemplate } from './template/load';
export type { TemplateInput, StackLike } from './template/load';
export type { CfnTemplate } from './template/types';
export { buildTopology } from './topology/build';
export type * from './topology/model';
export { SLOT_COUNT } from './topology/model';
export { useLocalEngine } from './jest';
export type { LocalEngineHandle } from './jest';
export { RESTRICTED_COMMANDS } from './redis/restricted';
export { ControlPlane, startControlPlane } from './control-plane/server';
export type { ControlPlaneOptions, ControlPlaneFault, ControlPlaneCall } from './control-plane/server';
export type { RotationFunction, RotationRun, RotationStepEvent, Invocation } from './control-plane/rotation';
