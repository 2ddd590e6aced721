import type { AttributeValue } from '@aws-sdk/client-dynamodb';

// A small marshaller for the plain JSON-like data the tracker stores. It stands in for @aws-sdk/lib-dynamodb,
// whose extra weight the Lambda bundles' 110 KB budget cannot afford.

/** Marshals a JSON-like value; `undefined` object fields are left out, as DynamoDB has no undefined. */
export function toAttribute(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: String(value) };
    case 'boolean':
      return { BOOL: value };
    case 'object': {
      if (Array.isArray(value)) return { L: value.map(toAttribute) };
      return { M: toAttributeMap(value as Record<string, unknown>) };
    }
    default:
      throw new TypeError(`cannot store a ${typeof value}`);
  }
}

/** Marshals the fields of an object. */
export function toAttributeMap(value: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toAttribute(v);
  return out;
}

/** Unmarshals one attribute value. */
export function fromAttribute(a: AttributeValue): unknown {
  if (a.S !== undefined) return a.S;
  if (a.N !== undefined) return Number(a.N);
  if (a.BOOL !== undefined) return a.BOOL;
  if (a.L !== undefined) return a.L.map(fromAttribute);
  if (a.M !== undefined) return fromAttributeMap(a.M);
  if (a.SS !== undefined) return [...a.SS];
  return null;
}

/** Unmarshals an item or map. */
export function fromAttributeMap(m: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) out[k] = fromAttribute(v);
  return out;
}
