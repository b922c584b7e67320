import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * cdk-nag acknowledgements the library makes on its own resources (listed in the README's
 * compliance table). Internal: not part of the jsii API.
 */

/** Why AwsSolutions-AEC6 is acknowledged on a replication group with an RBAC user group. */
export const RBAC_AEC6_REASON = 'The replication group authenticates clients with an RBAC user group (UserGroupIds) over TLS, '
  + 'which replaces the AUTH token (the two are mutually exclusive); AEC6 only recognises AuthToken.';

/** Why AwsSolutions-IAM5[Resource::*] is acknowledged on the rotation function's policy. */
export const IAM5_REASON = 'Actions without resource-level permissions: ec2:CreateNetworkInterface, DescribeNetworkInterfaces, '
  + 'DeleteNetworkInterface, AssignPrivateIpAddresses, UnassignPrivateIpAddresses, DescribeSubnets (Lambda VPC networking), '
  + 'secretsmanager:GetRandomPassword (rotation) and xray:PutTraceSegments/PutTelemetryRecords (active tracing); '
  + 'and, for the AUTH-token function shared by the caches of a stack and VPC, elasticache:DescribeReplicationGroups '
  + 'without ReplicationGroupId (finds the group tagged with the rotated secret; returns no secret). '
  + 'Every other statement names its resources: ModifyReplicationGroup and ListTagsForResource the groups, '
  + 'the secrets actions the secrets and KMS the keys of the secrets the function rotates.';

/** Why HIPAA/NIST R5 LambdaConcurrency is acknowledged on a rotation function without reserved concurrency. */
export const LAMBDA_CONCURRENCY_REASON = 'Rotation functions run a few times a month, invoked by Secrets Manager only; reserving concurrency '
  + 'fails in accounts whose concurrency quota is 10 (AWS keeps 10 unreserved) and a reservation of 1 throttles the immediate '
  + 'first rotations of the caches one deploy creates. Set reservedConcurrentExecutions on CacheSecretRotation to reserve some '
  + '(docs/decisions/0402-rotation-concurrency.md).';

/** Acknowledges cdk-nag findings on the library's own resource, each with its reason. */
export function acknowledge(scope: IConstruct, findings: Array<[string, string]>): void {
  for (const [id, reason] of findings) {
    Validations.of(scope).acknowledge({ id, reason });
  }
}
