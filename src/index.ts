// The public (jsii) API of cdk-elasticache. Node-only code (local engine, CLI) is not exported here.
export {};
