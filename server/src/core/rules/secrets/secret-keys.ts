/**
 * The secret-bearing keys of the file format, read from the JSON Schema: every
 * property annotated `"x-imprivata-secret": true` (one list, kept in the schema).
 */
import type { ConfigDocument, Path } from '../../document';
import { SCHEMA } from '../../schema';

interface SchemaLike {
  properties?: Record<string, SchemaLike>;
  oneOf?: SchemaLike[];
  anyOf?: SchemaLike[];
  allOf?: SchemaLike[];
  items?: unknown;
  [keyword: string]: unknown;
}

/** `*` stands for every item of a list. */
export const ANY_ITEM = '*';

export interface SecretKey {
  /** Map keys from the root; `*` for list items. */
  pattern: readonly string[];
  /** The environment variable the quick fixes reference. */
  envName: string;
}

/**
 * Environment variable names for the known secrets, as the reference example file
 * writes them (`docs/spec/imprivata-enterprise.example.yaml`). A secret not listed
 * here gets `IMPRIVATA_<SECTION>_<KEY>`; a schema property may also name its variable
 * with `"x-imprivata-env"`, which wins.
 */
const ENV_NAMES: Readonly<Record<string, string>> = {
  'smtp.password': 'IMPRIVATA_SMTP_PASSWORD',
  'smtp.secret': 'IMPRIVATA_SMTP_CLIENT_SECRET',
  'cloudPlatform.integrationToken': 'IMPRIVATA_INTEGRATION_TOKEN',
  'identityProvider.adminPassword': 'IMPRIVATA_DIRECTORY_ADMIN_PASSWORD',
};

/** `integrationToken` -> `INTEGRATION_TOKEN`. */
export function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

let cache: SecretKey[] | undefined;

export function secretKeys(): readonly SecretKey[] {
  if (!cache) {
    const found = new Map<string, SecretKey>();
    walk(SCHEMA as SchemaLike, [], found, 0);
    cache = [...found.values()];
  }
  return cache;
}

function walk(node: SchemaLike, path: string[], out: Map<string, SecretKey>, depth: number): void {
  if (depth > 32) return;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = [...path, key];
    if (child['x-imprivata-secret'] === true) {
      const id = childPath.join('.');
      if (!out.has(id)) out.set(id, { pattern: childPath, envName: envNameFor(childPath, child) });
    }
    walk(child, childPath, out, depth + 1);
  }
  for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) walk(branch, path, out, depth + 1);
  const items = node.items;
  if (items && typeof items === 'object' && !Array.isArray(items)) walk(items as SchemaLike, [...path, ANY_ITEM], out, depth + 1);
}

function envNameFor(path: string[], schema: SchemaLike): string {
  const annotated = schema['x-imprivata-env'];
  if (typeof annotated === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(annotated)) return annotated;
  const id = path.join('.');
  if (Object.prototype.hasOwnProperty.call(ENV_NAMES, id)) return ENV_NAMES[id];
  return ['IMPRIVATA', ...path.filter((p) => p !== ANY_ITEM).map(upperSnake)].join('_');
}

/** The environment variable name for a secret key, e.g. `smtp.secret` -> `IMPRIVATA_SMTP_CLIENT_SECRET`. */
export function secretEnvName(path: readonly string[]): string | undefined {
  return secretKeys().find((k) => k.pattern.join('.') === path.join('.'))?.envName;
}

/** The concrete paths of a pattern in a document (list items expanded). */
export function expandPattern(doc: ConfigDocument, pattern: readonly string[]): Path[] {
  let paths: (string | number)[][] = [[]];
  for (const segment of pattern) {
    if (segment === ANY_ITEM) {
      const next: (string | number)[][] = [];
      for (const p of paths) {
        const seq = doc.seq(p);
        if (seq) seq.items.forEach((_, i) => next.push([...p, i]));
      }
      paths = next;
    } else {
      paths = paths.map((p) => [...p, segment]);
    }
  }
  return paths;
}
