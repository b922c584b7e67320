import { ArnFormat, IResource, Resource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Endpoint } from './endpoint';
import { CacheEngine } from '../engine';

/** A Valkey or Redis OSS replication group, defined here or imported. */
export interface IReplicationGroup extends IResource, ec2.IConnectable {
  /**
   * The replication group id.
   * @attribute
   */
  readonly replicationGroupId: string;
  /**
   * The ARN of the replication group.
   * @attribute
   */
  readonly replicationGroupArn: string;
  /**
   * The engine, when known (undefined for imports that did not give it).
   */
  readonly engine?: CacheEngine;
  /**
   * The secret holding the AUTH token, when the group uses one.
   */
  readonly authTokenSecret?: secretsmanager.ISecret;

  /** Grants the given actions on this replication group. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /** Grants `elasticache:Connect` on this replication group (IAM authentication). */
  grantConnect(grantee: iam.IGrantable): iam.Grant;
}

/** Attributes to import an existing replication group. */
export interface ReplicationGroupAttributes {
  /** The replication group id. */
  readonly replicationGroupId: string;
  /**
   * The security groups of the replication group.
   * @default - none: `connections` cannot open access
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The port clients connect to.
   * @default - the engine's default port, or 6379
   */
  readonly port?: number;
  /**
   * The engine of the group.
   * @default - unknown
   */
  readonly engine?: CacheEngine;
  /**
   * The primary endpoint address (cluster mode disabled).
   * @default - unknown; `primaryEndpoint` throws
   */
  readonly primaryEndpointAddress?: string;
  /**
   * The reader endpoint address (cluster mode disabled).
   * @default - unknown; `readerEndpoint` throws
   */
  readonly readerEndpointAddress?: string;
  /**
   * The configuration endpoint address (cluster mode enabled).
   * @default - unknown; `configurationEndpoint` throws
   */
  readonly configurationEndpointAddress?: string;
  /**
   * The secret holding the AUTH token.
   * @default - none
   */
  readonly authTokenSecret?: secretsmanager.ISecret;
}

/** What defined and imported replication groups share: ARN, grants, connections. */
export abstract class ReplicationGroupBase extends Resource implements IReplicationGroup {
  /** Imports a replication group that exists already. */
  public static fromReplicationGroupAttributes(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
    return new ImportedReplicationGroup(scope, id, attrs);
  }

  public abstract readonly replicationGroupId: string;
  public abstract readonly connections: ec2.Connections;

  /** The ARN of the replication group. */
  public get replicationGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'replicationgroup',
      resourceName: this.replicationGroupId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.replicationGroupArn] });
  }

  /**
   * Grants `elasticache:Connect` on this replication group, for IAM authentication.
   * IAM authentication needs `elasticache:Connect` on both the cache and the user:
   * also call `user.grantConnect(grantee)` (User Guide auth-iam).
   */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'elasticache:Connect');
  }
}

class ImportedReplicationGroup extends ReplicationGroupBase {
  public readonly replicationGroupId: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: CacheEngine;
  public readonly authTokenSecret?: secretsmanager.ISecret;
  private readonly attrs: ReplicationGroupAttributes;

  constructor(scope: Construct, id: string, attrs: ReplicationGroupAttributes) {
    super(scope, id);
    this.attrs = attrs;
    this.replicationGroupId = attrs.replicationGroupId;
    this.engine = attrs.engine;
    this.authTokenSecret = attrs.authTokenSecret;
    this.connections = new ec2.Connections({
      securityGroups: attrs.securityGroups,
      defaultPort: ec2.Port.tcp(this.port),
    });
  }

  private get port(): number {
    return this.attrs.port ?? this.engine?.defaultPort ?? 6379;
  }

  /** The primary endpoint, when given at import. */
  public get primaryEndpoint(): Endpoint {
    return new Endpoint(this.required('primaryEndpointAddress'), this.port);
  }

  /** The reader endpoint, when given at import. */
  public get readerEndpoint(): Endpoint {
    return new Endpoint(this.required('readerEndpointAddress'), this.port);
  }

  /** The configuration endpoint, when given at import. */
  public get configurationEndpoint(): Endpoint {
    return new Endpoint(this.required('configurationEndpointAddress'), this.port);
  }

  private required(name: 'primaryEndpointAddress' | 'readerEndpointAddress' | 'configurationEndpointAddress'): string {
    const value = this.attrs[name];
    if (value === undefined) {
      throw new Error(`[ReplicationGroup.Import] ${name} was not given to fromReplicationGroupAttributes() (at ${this.node.path})`);
    }
    return value;
  }
}
