import { readFileSync } from 'fs';
import { gunzipSync } from 'zlib';
import Ajv, { ValidateFunction } from 'ajv';

/**
 * CloudFormation resource schemas as JSON Schema (draft-07), built from the AWS CDK's own service
 * database (`@aws-cdk/aws-service-spec`, Apache-2.0, pinned in .projenrc.ts: the database aws-cdk-lib's
 * L1 classes are generated from, itself imported from the CloudFormation registry schemas of every
 * Region). It carries each property's name, type, `required` and the registry's enums (`allowedValues`);
 * a property the registry does not know, a wrong type, a missing required property or a value outside
 * an enum fails. ElastiCache's cross-property rules are in src/spec/template-rules.ts.
 */

/** The service database's type model (`@aws-cdk/service-spec-types`), the part the harness reads. */
interface SpecType {
  readonly type: string;
  readonly element?: SpecType;
  readonly types?: SpecType[];
  readonly reference?: { readonly $ref: string };
  readonly allowedValues?: string[];
}
interface SpecProperty { readonly type: SpecType; readonly required?: boolean }
interface SpecEntity { readonly $id: string; readonly properties: Record<string, SpecProperty>; readonly cloudFormationType?: string }
interface SpecDb {
  readonly schema: {
    readonly resource: { readonly entities: Record<string, SpecEntity> };
    readonly typeDefinition: { readonly entities: Record<string, SpecEntity> };
  };
}

/** `{ "Ref": ... }`, `{ "Fn::GetAtt": ... }`...: any intrinsic stands for a value of any type. */
const INTRINSIC = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  patternProperties: { '^(Ref|Condition|Fn::[A-Za-z0-9]+)$': {} },
  additionalProperties: false,
};

let db: SpecDb | undefined;
function database(): SpecDb {
  if (!db) {
    const file = require.resolve('@aws-cdk/aws-service-spec/db.json.gz');
    db = JSON.parse(gunzipSync(readFileSync(file)).toString('utf-8')) as SpecDb;
  }
  return db;
}

let typeDefinitions: Map<string, SpecEntity> | undefined;
/** A type definition by its `$id` (the entities table is keyed by position, not by id). */
function typeDefinition(id: string): SpecEntity {
  if (!typeDefinitions) {
    typeDefinitions = new Map(Object.values(database().schema.typeDefinition.entities).map((e) => [e.$id, e]));
  }
  const entity = typeDefinitions.get(id);
  if (!entity) throw new Error(`aws-service-spec: no type definition ${id}`);
  return entity;
}

let byType: Map<string, SpecEntity> | undefined;
function resourceEntity(type: string): SpecEntity | undefined {
  if (!byType) {
    byType = new Map();
    for (const entity of Object.values(database().schema.resource.entities)) {
      if (entity.cloudFormationType) byType.set(entity.cloudFormationType, entity);
    }
  }
  return byType.get(type);
}

/** JSON Schema of one property type; `definitions` collects the referenced type definitions. */
function typeSchema(t: SpecType, definitions: Record<string, object>): object {
  let schema: object;
  switch (t.type) {
    case 'string':
      schema = t.allowedValues ? { type: 'string', enum: t.allowedValues } : { type: 'string' };
      break;
    // CloudFormation converts numeric and boolean strings (parameters, `Fn::GetAtt` values).
    case 'integer': schema = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }] }; break;
    case 'number': schema = { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^-?[0-9.eE+-]+$' }] }; break;
    case 'boolean': schema = { anyOf: [{ type: 'boolean' }, { enum: ['true', 'false'] }] }; break;
    case 'date-time': schema = { type: 'string' }; break;
    case 'json': schema = {}; break;
    case 'tag':
      schema = {
        type: 'object',
        required: ['Key', 'Value'],
        properties: { Key: { anyOf: [{ type: 'string' }, INTRINSIC] }, Value: { anyOf: [{ type: 'string' }, INTRINSIC] } },
        additionalProperties: false,
      };
      break;
    case 'array': schema = { type: 'array', items: typeSchema(t.element!, definitions) }; break;
    case 'map': schema = { type: 'object', additionalProperties: typeSchema(t.element!, definitions) }; break;
    case 'union': schema = { anyOf: t.types!.map((u) => typeSchema(u, definitions)) }; break;
    case 'ref': {
      const id = t.reference!.$ref;
      if (!(id in definitions)) {
        definitions[id] = {}; // placeholder: recursive types
        definitions[id] = objectSchema(typeDefinition(id), definitions);
      }
      schema = { $ref: `#/definitions/${id}` };
      break;
    }
    default: schema = {};
  }
  return { anyOf: [schema, INTRINSIC] };
}

function objectSchema(entity: SpecEntity, definitions: Record<string, object>): object {
  const properties: Record<string, object> = {};
  const required: string[] = [];
  for (const [name, property] of Object.entries(entity.properties)) {
    properties[name] = typeSchema(property.type, definitions);
    if (property.required) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

// strict: false lets the schemas carry keywords ajv does not know; verbose gives each error its schema (see isIntrinsicBranch).
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });

/** True for an error of the intrinsic branch of a property (`{ Ref }` was not given: noise next to the real error). */
export function isIntrinsicBranch(parentSchema: unknown): boolean {
  return parentSchema === INTRINSIC;
}
const validators = new Map<string, ValidateFunction | undefined>();

/** The compiled validator of a resource type's `Properties`, or `undefined` for a type the database does not know. */
export function propertiesValidator(type: string): ValidateFunction | undefined {
  if (!validators.has(type)) {
    const entity = resourceEntity(type);
    if (!entity) {
      validators.set(type, undefined);
    } else {
      const definitions: Record<string, object> = {};
      const root = objectSchema(entity, definitions);
      validators.set(type, ajv.compile({ $schema: 'http://json-schema.org/draft-07/schema#', ...root, definitions }));
    }
  }
  return validators.get(type);
}
