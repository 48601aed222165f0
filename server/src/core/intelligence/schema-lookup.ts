/**
 * The JSON Schema node that describes a path of one document, following the discriminated branches the way the
 * document chooses them: under `smtp.mode: oauth2` the oauth2 branch, under `identityProvider.type: saml` the saml
 * branch (no Imprivata Directory keys). Where the document has not chosen yet (no `type`, a misspelt one, an
 * `${env:}` reference), every branch is a candidate and each key says which branches use it. Pure.
 */
import type { ConfigDocument, Path } from '../document';
import { SCHEMA } from '../schema';
import { hasEnvReference } from '../values';

/** A JSON Schema node as completion and hover read it. */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  oneOf?: SchemaNode[];
  discriminator?: { propertyName: string };
  'x-imprivata-rule'?: string;
  'x-imprivata-secret'?: boolean;
}

export const ROOT_SCHEMA = SCHEMA as unknown as SchemaNode;

/** The discriminator of a node with branches, and the value each branch stands for. */
export interface Branching {
  key: string;
  /** In schema order: `imprivata-directory`, `entra-id`, `saml`. */
  values: string[];
  branches: SchemaNode[];
}

export function branchingOf(node: SchemaNode): Branching | undefined {
  const key = node.discriminator?.propertyName;
  if (!key || !node.oneOf?.length) return undefined;
  const values = node.oneOf.map((branch) => String(branch.properties?.[key]?.const ?? ''));
  return { key, values, branches: node.oneOf };
}

/** The branch the document chose for the mapping at `path`, or undefined when it chose none (or one unknown). */
export function chosenBranch(doc: ConfigDocument, path: Path, node: SchemaNode): { value: string; branch: SchemaNode } | undefined {
  const branching = branchingOf(node);
  if (!branching) return undefined;
  const written = doc.string([...path, branching.key])?.trim();
  if (written === undefined || hasEnvReference(written)) return undefined;
  const index = branching.values.indexOf(written);
  return index === -1 ? undefined : { value: written, branch: branching.branches[index] };
}

/** What the schema says about one path. */
export interface Lookup {
  schema: SchemaNode;
  /** The branch choices on the way: `smtp.mode` = `oauth2`. */
  chosen: { path: Path; key: string; value: string }[];
  /** When a branch on the way was not chosen: the discriminator values of the branches that have this key. */
  onlyIn?: { key: string; values: string[] };
}

/** The schema node of a path (list indices go through `items`), or undefined when the schema does not know it. */
export function lookup(doc: ConfigDocument, path: Path): Lookup | undefined {
  let node: SchemaNode = ROOT_SCHEMA;
  const chosen: Lookup['chosen'] = [];
  let onlyIn: Lookup['onlyIn'];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (typeof segment === 'number') {
      if (!node.items) return undefined;
      node = node.items;
      continue;
    }
    const here = path.slice(0, i);
    const branching = branchingOf(node);
    if (branching) {
      const choice = chosenBranch(doc, here, node);
      if (choice) {
        chosen.push({ path: here, key: branching.key, value: choice.value });
        node = choice.branch;
      } else {
        const having = branching.branches.map((b, index) => ({ b, index })).filter(({ b }) => b.properties?.[segment]);
        if (having.length === 0) return undefined;
        if (segment !== branching.key && having.length < branching.branches.length) {
          onlyIn = { key: branching.key, values: having.map(({ index }) => branching.values[index]) };
        }
        node = having[0].b;
      }
    }
    const next = node.properties?.[segment] ?? patternProperty(node, segment);
    if (!next) return undefined;
    node = next;
  }
  return { schema: node, chosen, onlyIn };
}

function patternProperty(node: SchemaNode, key: string): SchemaNode | undefined {
  for (const [pattern, schema] of Object.entries(node.patternProperties ?? {})) {
    if (new RegExp(pattern).test(key)) return schema;
  }
  return undefined;
}

/** One key a mapping may hold. */
export interface KeyOption {
  key: string;
  schema: SchemaNode;
  required: boolean;
  /** The discriminator itself (`type`, `mode`): offered first while it is missing. */
  discriminator: boolean;
  /** Set when the document has not chosen a branch and only some branches use the key. */
  onlyIn?: { key: string; values: string[] };
}

/**
 * The keys the schema allows in the mapping at `path`, in schema order, for the branch the document chose. Without a
 * choice: the discriminator first, then every branch's keys (once each), each saying which branches use it.
 */
export function keyOptions(doc: ConfigDocument, path: Path): KeyOption[] {
  const found = lookup(doc, path);
  if (!found) return [];
  const node = found.schema;
  const branching = branchingOf(node);
  if (!branching) return ownKeys(node);
  const choice = chosenBranch(doc, path, node);
  if (choice) {
    return ownKeys(choice.branch).map((option) => ({ ...option, discriminator: option.key === branching.key }));
  }
  const options: KeyOption[] = [];
  const seen = new Set<string>();
  const discriminatorSchema = branching.branches[0].properties?.[branching.key];
  if (discriminatorSchema) {
    options.push({ key: branching.key, schema: discriminatorSchema, required: true, discriminator: true });
    seen.add(branching.key);
  }
  branching.branches.forEach((branch) => {
    for (const option of ownKeys(branch)) {
      if (seen.has(option.key)) continue;
      seen.add(option.key);
      const values = branching.values.filter((_, i) => branching.branches[i].properties?.[option.key]);
      options.push({
        ...option,
        onlyIn: values.length < branching.values.length ? { key: branching.key, values } : undefined,
      });
    }
  });
  return options;
}

function ownKeys(node: SchemaNode): KeyOption[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).map(([key, schema]) => ({
    key,
    schema,
    required: required.has(key),
    discriminator: false,
  }));
}

/**
 * The closed set of values a key takes, in schema order: its `enum`, or for a discriminator the `const` of each
 * branch (read from the parent mapping's schema, since the discriminator's own node is one branch's).
 */
export function closedValues(doc: ConfigDocument, path: Path): string[] | undefined {
  const key = path[path.length - 1];
  if (typeof key === 'string' && path.length > 0) {
    const parent = lookup(doc, path.slice(0, -1));
    const branching = parent && branchingOf(parent.schema);
    if (branching && branching.key === key) return branching.values;
  }
  const found = lookup(doc, path);
  return found?.schema.enum?.map((value) => String(value));
}

export function typesOf(node: SchemaNode): string[] {
  if (node.const !== undefined) return [typeof node.const === 'string' ? 'string' : typeof node.const];
  if (Array.isArray(node.type)) return node.type;
  if (node.type) return [node.type];
  if (node.oneOf) return ['object'];
  return [];
}

/** Whether a value of this schema is written as a block (a mapping or a list) rather than on the key's line. */
export function isBlock(node: SchemaNode): 'map' | 'list' | undefined {
  const types = typesOf(node);
  if (types.length !== 1) return undefined;
  if (types[0] === 'object') return 'map';
  if (types[0] === 'array') return 'list';
  return undefined;
}

/** In words, for hovers and completion details: `text`, `a whole number or text`, `a list of mappings`. */
export function typeWords(node: SchemaNode): string {
  const words: Record<string, string> = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
  };
  const types = typesOf(node);
  if (types.length === 1 && types[0] === 'array' && node.items) {
    const itemTypes = typesOf(node.items);
    if (itemTypes.length === 1 && itemTypes[0] === 'object') return 'a list of mappings';
    if (itemTypes.length === 1 && itemTypes[0] === 'string') return 'a list of text items';
  }
  return types.map((t) => words[t] ?? t).join(' or ');
}
