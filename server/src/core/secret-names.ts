/**
 * The names of the secret-bearing keys (`password`, `secret`, `integrationToken`, `adminPassword`), read from
 * the JSON Schema's `"x-imprivata-secret": true` annotations: messages about a value under such a key never
 * quote it, whatever went wrong. Pure.
 */
import { SCHEMA } from './schema';

interface SchemaLike {
  properties?: Record<string, SchemaLike>;
  oneOf?: SchemaLike[];
  items?: unknown;
  [keyword: string]: unknown;
}

let names: Set<string> | undefined;

export function isSecretKeyName(key: string): boolean {
  names ??= collect(SCHEMA as SchemaLike, new Set(), 0);
  return names.has(key);
}

function collect(node: SchemaLike, out: Set<string>, depth: number): Set<string> {
  if (depth > 32) return out;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (child['x-imprivata-secret'] === true) out.add(key);
    collect(child, out, depth + 1);
  }
  for (const branch of node.oneOf ?? []) collect(branch, out, depth + 1);
  if (node.items && typeof node.items === 'object') collect(node.items as SchemaLike, out, depth + 1);
  return out;
}
