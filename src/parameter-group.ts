import { IResource, Lazy, RemovalPolicy, Resource } from 'aws-cdk-lib';
import { CfnParameterGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheEngine } from './engine';
import { validationError } from './private/errors';
import { checkParameters } from './private/validation';

/** An ElastiCache parameter group. */
export interface IParameterGroup extends IResource {
  /**
   * The name of the parameter group.
   * @attribute
   */
  readonly parameterGroupName: string;
}

/** Properties of a `ParameterGroup`. */
export interface ParameterGroupProps {
  /** The engine whose family the group belongs to (e.g. `valkey8`). */
  readonly engine: CacheEngine;
  /**
   * Parameter values.
   * @default - no parameters beyond the family defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * The description of the group.
   * @default - the engine family and the construct path
   */
  readonly description?: string;
  /**
   * What happens to the group when it leaves the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A parameter group of the engine's family.
 *
 * The parameters are rendered lazily so `addParameter()` works after construction.
 *
 * @resource AWS::ElastiCache::ParameterGroup
 */
export class ParameterGroup extends Resource implements IParameterGroup {
  /** Imports an existing parameter group (for example `default.valkey8`) by name. */
  public static fromParameterGroupName(scope: Construct, id: string, parameterGroupName: string): IParameterGroup {
    class Import extends Resource implements IParameterGroup {
      public readonly parameterGroupName = parameterGroupName;
    }
    return new Import(scope, id);
  }

  public readonly parameterGroupName: string;
  /** The engine of the group. */
  public readonly engine: CacheEngine;
  private readonly parameters: { [name: string]: string };

  constructor(scope: Construct, id: string, props: ParameterGroupProps) {
    super(scope, id);
    this.engine = props.engine;
    this.parameters = { ...props.parameters };
    const resource = new CfnParameterGroup(this, 'Resource', {
      cacheParameterGroupFamily: props.engine.parameterGroupFamily,
      description: props.description ?? `${props.engine.parameterGroupFamily} parameters of ${scope.node.path}`,
      properties: Lazy.any({ produce: () => (Object.keys(this.parameters).length ? { ...this.parameters } : undefined) }),
    });
    resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.DESTROY);
    this.parameterGroupName = resource.ref;
    // Values out of their allowed range or not modifiable (src/spec/parameters.ts); parameters can be added later.
    this.node.addValidation({
      validate: () => {
        const problem = checkParameters(this.engine, this.parameters);
        return problem === undefined ? [] : [validationError(this, 'ParameterGroup.Parameter', problem).message];
      },
    });
  }

  /** Sets a parameter. */
  public addParameter(name: string, value: string): void {
    this.parameters[name] = value;
  }

  /** The parameters set so far. */
  public get parameterValues(): { [name: string]: string } {
    return { ...this.parameters };
  }
}
