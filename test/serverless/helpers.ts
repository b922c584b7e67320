import { Resource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EngineType } from '../../src/engine';
import { IUserGroup } from '../../src/rbac/user-group-ref';

/** A stand-in for the RBAC user group (src/rbac is another engineer's): only the IUserGroup contract. */
export class FakeUserGroup extends Resource implements IUserGroup {
  public readonly userGroupId: string;
  public readonly userGroupArn: string;
  constructor(scope: Construct, id: string, public readonly engine?: EngineType) {
    super(scope, id);
    this.userGroupId = id.toLowerCase();
    this.userGroupArn = Stack.of(this).formatArn({ service: 'elasticache', resource: 'usergroup', resourceName: this.userGroupId });
  }
}
