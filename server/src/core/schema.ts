import type { ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq } from 'yaml';
import schemaJson from '../../../schemas/imprivata-enterprise.schema.json';
import validateSchema from './generated/schema-validator';
import type { ConfigDocument, Path } from './document';
import { closest, hasEnvReference } from './values';
import type { Span } from './types';
import { shown } from './value-words';
import { replaceValueEdit } from './yaml/edits';

/**
 * JSON Schema validation with ajv (compiled at build time into standalone code
 * by scripts/build-validator.mjs, so start-up loads no compiler), mapped onto YAML node ranges and worded for
 * people. Values whose checks belong to a rule are annotated in the schema with
 * `x-imprivata-rule`; ajv's errors about them are dropped here so the rule's
 * own, better message is the only one (a user never sees a problem twice).
 */

export interface SchemaProblem {
  /** `quoted-number`: a whole number written in quotes where a number belongs; read as the number (a hint). */
  kind: 'unknown-key' | 'wrong-type' | 'quoted-number';
  span: Span;
  message: string;
  /** For unknown keys: the key to rename to; for quoted numbers, the number unquoted. */
  suggestion?: { span: Span; newText: string };
}

/** A JSON Schema node as this module reads it. */
interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  enum?: unknown[];
  oneOf?: SchemaNode[];
  discriminator?: { propertyName: string };
  'x-imprivata-rule'?: string;
  [keyword: string]: unknown;
}

export const SCHEMA = schemaJson as unknown as SchemaNode;

/** For each discriminated branch (by schema path), the keys that belong to a sibling branch. */
let siblingKeys: Map<string, Set<string>> | undefined;

/** The schema node an error's keyword belongs to: its schemaPath without the keyword. */
function parentSchemaOf(error: ErrorObject): SchemaNode {
  const segments = error.schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean).slice(0, -1);
  let node: unknown = SCHEMA;
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return (node && typeof node === 'object' ? node : {}) as SchemaNode;
}

function collectSiblingKeys(node: SchemaNode, path: string, out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (node.oneOf) {
    const all = new Set<string>();
    for (const branch of node.oneOf) for (const key of Object.keys(branch.properties ?? {})) all.add(key);
    node.oneOf.forEach((branch, index) => {
      const own = new Set(Object.keys(branch.properties ?? {}));
      out.set(`${path}/oneOf/${index}`, new Set([...all].filter((k) => !own.has(k))));
      collectSiblingKeys(branch, `${path}/oneOf/${index}`, out);
    });
  }
  for (const [key, child] of Object.entries(node.properties ?? {})) collectSiblingKeys(child, `${path}/properties/${key}`, out);
  const items = node.items as SchemaNode | undefined;
  if (items && typeof items === 'object') collectSiblingKeys(items, `${path}/items`, out);
  return out;
}

const cache = new WeakMap<ConfigDocument, SchemaProblem[]>();

/** Schema problems of a document, computed once per document version. */
export function schemaProblems(doc: ConfigDocument): SchemaProblem[] {
  let problems = cache.get(doc);
  if (!problems) {
    problems = validate(doc);
    cache.set(doc, problems);
  }
  return problems;
}

function validate(doc: ConfigDocument): SchemaProblem[] {
  const contents = doc.yaml?.contents;
  if (contents === null || contents === undefined) return [];
  const plain = doc.toPlain();
  // An empty document (`---`, `~`) is IMP-DOC-004's: one finding, "the file is empty".
  if (!plain.ok || plain.value === null || plain.value === undefined) return [];
  siblingKeys ??= collectSiblingKeys(SCHEMA, '#');
  if (validateSchema(plain.value)) return [];
  const problems: SchemaProblem[] = [];
  for (const error of validateSchema.errors ?? []) {
    const problem = toProblem(doc, error);
    if (problem) problems.push(problem);
  }
  return problems;
}

function toProblem(doc: ConfigDocument, error: ErrorObject): SchemaProblem | undefined {
  const path = pointerToPath(error.instancePath);
  // A value that holds an ${env:NAME} reference cannot be known offline: it is never judged, whatever its key's type.
  const written = doc.node(path);
  if (isScalar(written) && typeof written.value === 'string' && hasEnvReference(written.value)) return undefined;
  const parent = parentSchemaOf(error);
  const owner = parent['x-imprivata-rule'];
  const where = describePath(path);

  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    const branch = error.schemaPath.replace(/\/additionalProperties$/, '');
    // A key of another branch (a directory key under entra-id): the family rule reports it as stray.
    if (siblingKeys?.get(branch)?.has(key)) return undefined;
    const span = doc.keySpan([...path, key]) ?? doc.reportSpan(path);
    const known = Object.keys(parent.properties ?? {});
    const guess = closest(key, known, Math.min(3, Math.max(1, Math.floor(key.length / 3)))) ?? caseInsensitive(key, known);
    const inside = path.length ? `in \`${where}\`` : 'at the top level';
    const message = guess
      ? `Unknown key \`${key}\` ${inside}: did you mean \`${guess}\`? An unknown key is ignored, so the setting you meant is missing.`
      : `Unknown key \`${key}\` ${inside}: it is ignored. Known keys here: ${known.map((k) => `\`${k}\``).join(', ')}.`;
    return { kind: 'unknown-key', span, message, suggestion: guess ? { span, newText: guess } : undefined };
  }

  const ruleOwnsScalar = owner !== undefined && !(error.keyword === 'type' && isContainerType(parent.type));
  if (ruleOwnsScalar || error.keyword === 'discriminator' || error.keyword === 'if') return undefined;

  const span = doc.reportSpan(path);
  // Never echo a secret (IMP-SEC-001), nor a document that is not a mapping (it may be any file): describe its kind.
  const actual = parent['x-imprivata-secret'] === true || path.length === 0 ? describeKind(doc, path) : describeValue(doc, path);
  switch (error.keyword) {
    case 'type': {
      const quoted = quotedWholeNumber(written, parent.type);
      if (quoted !== undefined) {
        return {
          kind: 'quoted-number',
          span,
          message: `\`${where}\` is written in quotes ("${quoted}"); it is read as the number ${quoted}. Writing it without quotes says the same more plainly.`,
          // A `!!str` before the quotes would keep it text: the tag goes with them (no suggestion where it is not found).
          suggestion: written?.tag ? replaceValueEdit(doc, written, quoted) : { span, newText: quoted },
        };
      }
      const expected = typeWords(parent.type);
      return { kind: 'wrong-type', span, message: `\`${where}\` should be ${expected}, but it is ${actual}.` };
    }
    case 'enum': {
      const allowed = (parent.enum ?? []).map((v) => `\`${String(v)}\``).join(', ');
      return { kind: 'wrong-type', span, message: `\`${where}\` is ${actual}; allowed values are ${allowed}.` };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { kind: 'wrong-type', span, message: `\`${where || 'the file'}\` is missing \`${missing}\`.` };
    }
    case 'minimum':
    case 'maximum':
      return { kind: 'wrong-type', span, message: `\`${where}\` is ${actual}; it must be between 1 and 65535.` };
    case 'pattern':
      return { kind: 'wrong-type', span, message: `\`${where}\` is ${actual}; write a number or an \${env:NAME} reference.` };
    case 'format':
      return {
        kind: 'wrong-type',
        span,
        message: `\`${where}\` is ${actual}, which is not a valid ${String((error.params as { format: string }).format)}.`,
      };
    default:
      return { kind: 'wrong-type', span, message: `\`${where}\` is not valid here (${error.message ?? error.keyword}).` };
  }
}

/** The number a quoted whole number stands for, when a number belongs here; else undefined. */
function quotedWholeNumber(node: unknown, type: string | string[] | undefined): string | undefined {
  const types = Array.isArray(type) ? type : type ? [type] : [];
  if (!types.includes('integer') && !types.includes('number')) return undefined;
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const text = node.value.trim();
  return /^\d{1,9}$/.test(text) ? String(Number(text)) : undefined;
}

function pointerToPath(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** `identityProvider.adminGroups`, `appliances[1].host`. */
export function describePath(path: Path): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

/**
 * What a value is, for a message: text shortened, a number or boolean as written, a collection by its kind. Read
 * from the node itself, never through the yaml library's toJSON, which stringifies collection keys (exponential in
 * the nesting of unclosed `[{[{...`, with warnings on stderr) and throws on a merge of something not a mapping.
 */
function describeValue(doc: ConfigDocument, path: Path): string {
  const node = doc.node(path);
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const value: unknown = isScalar(node) ? node.value : undefined;
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return `the text "${shown(value, 41)}"`;
  if (typeof value === 'number' || typeof value === 'bigint') return `\`${String(value)}\` (a number)`;
  if (typeof value === 'boolean') return `\`${String(value)}\` (a boolean)`;
  return 'a value of another kind';
}

/** A value by its kind alone (a secret, or a whole document that may be any file): never its text. */
function describeKind(doc: ConfigDocument, path: Path): string {
  const node = doc.node(path);
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const value: unknown = isScalar(node) ? node.value : undefined;
  if (value === null || value === undefined) return 'empty';
  return typeof value === 'number' || typeof value === 'bigint' ? 'a number' : typeof value === 'boolean' ? 'true or false' : 'text';
}

function typeWords(type: string | string[] | undefined): string {
  const words: Record<string, string> = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping (key: value lines)',
    array: 'a list (lines starting with "- ")',
  };
  const types = Array.isArray(type) ? type : type ? [type] : [];
  return types.map((t) => words[t] ?? t).join(' or ') || 'something else';
}

function isContainerType(type: string | string[] | undefined): boolean {
  const types = Array.isArray(type) ? type : type ? [type] : [];
  return types.includes('object') || types.includes('array');
}

function caseInsensitive(key: string, known: string[]): string | undefined {
  return known.find((k) => k.toLowerCase() === key.toLowerCase());
}

/** The schema node describing a path, for hover and completion (and rules needing defaults). */
export function schemaAt(path: Path): SchemaNode | undefined {
  let node: SchemaNode | undefined = SCHEMA;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.items as SchemaNode | undefined;
    else node = node.properties?.[segment] ?? node.oneOf?.map((b) => b.properties?.[segment]).find(Boolean);
  }
  return node;
}
