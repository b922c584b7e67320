import { Fn, Lazy, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCacheCluster } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { MEMCACHED_DEFAULT_PORT } from '../spec';
import { MemcachedClusterBase } from './memcached-cluster-base';
import { MemcachedClusterModel } from './model';
import { MemcachedClusterProps } from './props';
import { MEMCACHED_CLUSTER_RULES } from './rules';
import { Endpoint } from '../common/endpoint';
import { CacheEngine } from '../engine';
import { renderPlacement } from '../network/placement';
import { ISubnetGroup } from '../network/subnet-group';
import { NodeType } from '../node-type';
import { IParameterGroup, ParameterGroup } from '../parameter-group';
import { validationError } from '../private/errors';
import { regionRules, validateAll } from '../private/validation';

/**
 * A node-based Memcached cluster, secure by default.
 *
 * `new MemcachedCluster(this, 'Cache', { vpc })` defines two `cache.r7g.large` nodes spread over
 * Availability Zones, Memcached 1.6.22 with TLS required, a parameter group of the `memcached1.6`
 * family, a subnet group of the private subnets and a security group without ingress. Open it to your
 * application with `cache.connections.allowDefaultPortFrom(app)` and connect an auto-discovery client
 * to `configurationEndpoint`.
 *
 * Memcached keeps no data durably: there are no snapshots, no backups and no encryption at rest
 * (`AtRestEncryptionEnabled` exists only for replication groups), so the cluster is deleted with
 * the stack by default.
 *
 * @resource AWS::ElastiCache::CacheCluster
 */
export class MemcachedCluster extends MemcachedClusterBase {
  public readonly cacheClusterId: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: CacheEngine;
  /** The node type of the nodes. */
  public readonly nodeType: NodeType;
  /** The number of nodes. */
  public readonly numNodes: number;
  /** The port clients connect to. */
  public readonly port: number;
  /** Whether TLS is on. */
  public readonly transitEncryption: boolean;
  /** The subnet group of the nodes. */
  public readonly subnetGroup: ISubnetGroup;
  /** The parameter group of the nodes. */
  public readonly parameterGroup: IParameterGroup;
  /** The validated settings this construct rendered. */
  private readonly model: MemcachedClusterModel;
  private readonly resource: CfnCacheCluster;

  constructor(scope: Construct, id: string, props: MemcachedClusterProps) {
    super(scope, id);

    // 1. props -> model (defaults applied), 2. validate the model.
    this.model = MemcachedClusterModel.fromProps(props);
    validateAll(this, this.model, [...MEMCACHED_CLUSTER_RULES, ...regionRules(this, 'MemcachedCluster', this.model.nodeType, this.model.engine)]);
    const model = this.model;
    this.engine = model.engine;
    this.nodeType = model.nodeType;
    this.numNodes = model.numNodes;
    this.port = model.port;
    this.transitEncryption = model.transitEncryption;

    // 3. network and parameters, as for replication groups.
    ({ subnetGroup: this.subnetGroup, connections: this.connections } = renderPlacement(this, model, 'memcached', model.port));
    this.parameterGroup = model.parameterGroup ?? new ParameterGroup(this, 'Parameters', {
      engine: model.engine,
      parameters: model.parameters,
    });

    // 4. the cluster itself.
    this.resource = new CfnCacheCluster(this, 'Resource', {
      clusterName: model.cacheClusterId?.toLowerCase(),
      engine: model.engine.engineType,
      engineVersion: model.engine.version,
      cacheNodeType: model.nodeType.name,
      numCacheNodes: model.numNodes,
      azMode: model.azMode,
      preferredAvailabilityZones: model.preferredAvailabilityZones,
      port: model.port,
      transitEncryptionEnabled: model.transitEncryption,
      cacheSubnetGroupName: this.subnetGroup.subnetGroupName,
      vpcSecurityGroupIds: Lazy.list({ produce: () => this.connections.securityGroups.map((sg) => sg.securityGroupId) }),
      cacheParameterGroupName: this.parameterGroup.parameterGroupName,
      preferredMaintenanceWindow: model.maintenanceWindow,
      autoMinorVersionUpgrade: model.autoMinorVersionUpgrade,
      networkType: model.networkType,
      ipDiscovery: model.ipDiscovery,
      notificationTopicArn: model.notificationTopic?.topicArn,
    });
    this.resource.node.addDependency(this.subnetGroup);
    this.resource.applyRemovalPolicy(model.removalPolicy, { applyToUpdateReplacePolicy: true });
    this.cacheClusterId = this.resource.ref;

    if (model.port === MEMCACHED_DEFAULT_PORT) {
      // docs/decisions/0500-memcached-port.md: the standard port is kept on purpose; the acknowledgement
      // is scoped to this resource and disappears when you choose another port.
      Validations.of(this.resource).acknowledge({
        id: 'AwsSolutions-AEC5',
        reason: 'Memcached keeps its standard port 11211 so auto-discovery clients and tools work unchanged; ' +
          'access is limited by a security group without ingress, a private subnet group and TLS. ' +
          'Set `port` to use another port (docs/decisions/0500-memcached-port.md).',
      });
    }
  }

  /**
   * The configuration endpoint (`<id>.<hash>.cfg.<region>.cache.amazonaws.com:<port>`): a DNS name
   * that resolves to one node; auto-discovery clients ask it for all nodes with `config get cluster`.
   */
  public get configurationEndpoint(): Endpoint {
    return new Endpoint(this.resource.attrConfigurationEndpointAddress, Token.asNumber(this.resource.attrConfigurationEndpointPort));
  }

  /**
   * The endpoint of one node, derived from the configuration endpoint.
   *
   * CloudFormation returns only the configuration endpoint. ElastiCache names nodes
   * `<id>.<hash>.000N.<region>.cache.amazonaws.com` where the configuration endpoint is
   * `<id>.<hash>.cfg.<region>.cache.amazonaws.com` (ElastiCache Memcached User Guide,
   * AutoDiscovery.HowAutoDiscoveryWorks / AutoDiscovery.Manual), so the node address is the
   * configuration address with `.cfg.` replaced by `.000N.` (rendered with `Fn::Split`/`Fn::Join`).
   * Prefer an auto-discovery client: node endpoints change when the cluster is replaced.
   *
   * @param nodeNumber 1 to numNodes
   */
  public nodeEndpoint(nodeNumber: number): Endpoint {
    if (!Number.isInteger(nodeNumber) || nodeNumber < 1 || (!Token.isUnresolved(this.numNodes) && nodeNumber > this.numNodes)) {
      throw validationError(this, 'MemcachedCluster.NodeEndpoint', `nodeNumber must be an integer between 1 and ${this.numNodes}, got ${nodeNumber}`);
    }
    const parts = Fn.split('.cfg.', this.resource.attrConfigurationEndpointAddress);
    const nodeId = String(nodeNumber).padStart(4, '0');
    return new Endpoint(Fn.join('', [Fn.select(0, parts), `.${nodeId}.`, Fn.select(1, parts)]), this.port);
  }

  /** The endpoints of all nodes, derived from the configuration endpoint (see `nodeEndpoint`). */
  public get nodeEndpoints(): Endpoint[] {
    if (Token.isUnresolved(this.numNodes)) {
      throw validationError(this, 'MemcachedCluster.NodeEndpoint', 'nodeEndpoints needs a numNodes known at synth time; use nodeEndpoint(n)');
    }
    return Array.from({ length: this.numNodes }, (_, i) => this.nodeEndpoint(i + 1));
  }
}
