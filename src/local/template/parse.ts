import { isMap, isSeq, parseDocument, ScalarTag, CollectionTag, YAMLMap, YAMLSeq } from 'yaml';
import { CfnTemplate } from './types';

/**
 * CloudFormation's YAML short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`), as listed in the intrinsic function
 * reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 * `!Ref` and `!Condition` map to `Ref`/`Condition`; every other one to `Fn::<Name>`.
 */
const SHORT_FORMS = [
  'Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString',
];

function key(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** One tag per short form and YAML node kind (scalar, sequence, mapping), e.g. `!Join [",", [a, b]]`. */
function cloudFormationTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const name of SHORT_FORMS) {
    const tag = `!${name}`;
    tags.push({
      tag,
      identify: () => false,
      resolve: (text: string) => {
        // `!GetAtt Resource.Attribute` is the one short form whose scalar is split.
        if (name === 'GetAtt') {
          const dot = text.indexOf('.');
          return { [key(name)]: dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)] };
        }
        return { [key(name)]: text };
      },
    } as ScalarTag);
    for (const collection of ['seq', 'map'] as const) {
      tags.push({
        tag,
        collection,
        identify: () => false,
        nodeClass: collection === 'seq' ? YAMLSeq : YAMLMap,
        resolve: (node: unknown) => {
          const value = isSeq(node) || isMap(node) ? node.toJSON() : node;
          return { [key(name)]: value };
        },
      } as unknown as CollectionTag);
    }
  }
  return tags;
}

let tags: Array<ScalarTag | CollectionTag> | undefined;

/** Parses a template's text, JSON or YAML (with CloudFormation's short forms); errors name the line. */
export function parseTemplateText(text: string): CfnTemplate {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as CfnTemplate;
    } catch (e) {
      throw new Error(`not valid JSON: ${(e as Error).message}`);
    }
  }
  tags ??= cloudFormationTags();
  // YAML 1.1 like CloudFormation's parser would make `yes`/`on` booleans; the core schema keeps them strings,
  // which is what every property of a template expects anyway.
  const doc = parseDocument(trimmed, { customTags: tags, prettyErrors: true, uniqueKeys: true, merge: false });
  if (doc.errors.length > 0) {
    throw new Error(`not valid YAML: ${doc.errors.map((e) => e.message.split('\n')[0]).join('; ')}`);
  }
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('not a template: expected a JSON object or a YAML mapping at the top level');
  }
  return value as CfnTemplate;
}
