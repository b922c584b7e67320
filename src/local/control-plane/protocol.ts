/**
 * Wire formats of the two AWS protocols the local control plane speaks.
 * - ElastiCache: the Query protocol (form-encoded `Action=...` POST, XML answers, `<ErrorResponse>` errors)
 *   — https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/CommonParameters.html,
 *   https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 * - Secrets Manager: JSON 1.1 (`X-Amz-Target: secretsmanager.<Action>`, `{"__type", "message"}` errors)
 *   — https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
import { randomUUID } from 'node:crypto';

/** An error answered in the service's error shape (`code` is AWS's error code). */
export class ServiceError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
  }
}

/** A Query-protocol list rendered as `<Name><member>...</member></Name>` (or another member element name). */
export class XmlList {
  constructor(
    public readonly member: string,
    public readonly items: readonly unknown[],
  ) {}
}

/** A list for the XML answer: `member` is the element name of each item (ElastiCache's shapes name most of them). */
export function list(items: readonly unknown[], member = 'member'): XmlList {
  return new XmlList(member, items);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function render(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof XmlList) return `<${name}>${value.items.map((i) => render(value.member, i)).join('')}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => render(k, v)).join('')}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

const ELASTICACHE_NS = 'http://elasticache.amazonaws.com/doc/2015-02-02/';

/** The XML answer of a Query action: `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata/>`. */
export function queryResponse(action: string, result: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${ELASTICACHE_NS}">${render(`${action}Result`, result)}`
    + `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}

/** The XML error of a Query action. */
export function queryError(error: ServiceError): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${ELASTICACHE_NS}"><Error><Type>${type}</Type>`
    + `<Code>${escape(error.code)}</Code><Message>${escape(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

/**
 * The parameters of a Query request as a tree: `A.B=1` → `{ A: { B: '1' } }`, `L.member.1=x` → `{ L: ['x'] }`
 * (list members in order of their index).
 */
export function parseQuery(body: string): Record<string, any> {
  const root: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split('.');
    let node: any = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      if (part === 'member' && i + 1 < parts.length) continue;
      if (last) {
        node[part] = value;
      } else {
        node[part] ??= {};
        node = node[part];
      }
    }
  }
  return listify(root);
}

/** `{ 1: a, 2: b }` (from `member.N`) → `[a, b]`, recursively. */
function listify(node: any): any {
  if (!node || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  const out: Record<string, any> = {};
  for (const k of keys) out[k] = listify(node[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.map(Number).sort((a, b) => a - b).map((k) => out[String(k)]);
  }
  return out;
}
