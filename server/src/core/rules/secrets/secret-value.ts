/**
 * What a secret-bearing key holds, told apart without ever exposing the value: the secret rule words its finding
 * from this, and other rules can ask before calling a value "empty" (a tagged value, a list or a mapping is not).
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { ConfigDocument, Path } from '../../document';

/** The one form that is read from the environment: the whole value is one reference to a valid variable name. */
const EXACT_REFERENCE = /^\s*\$\{env:[A-Za-z_][A-Za-z0-9_]*\}\s*$/;
/** The whole value looks like one reference, whatever its name (`${env:}`, `${env:MY-VAR}`). */
const REFERENCE_SHAPED = /^\s*\$\{env:([^}]*)\}\s*$/;
const ANY_REFERENCE = /\$\{env:[^}]*\}/g;
/** A value that is only a placeholder such as `<client secret>`: IMP-HOST-002's business, not a real secret. */
const WHOLE_PLACEHOLDER = /^\s*<[^<>]*>\s*$/;
const CORE_TAG_PREFIX = 'tag:yaml.org,2002:';

export type SecretValue =
  /** No value, `~`, or only whitespace: the rules of the mode report a missing secret. */
  | { kind: 'empty' }
  /** Exactly one `${env:NAME}` reference with a valid name. */
  | { kind: 'reference' }
  /** A bare `<placeholder>`. */
  | { kind: 'placeholder' }
  /** The whole value is shaped like one reference, but its name is empty or not a variable name. */
  | { kind: 'malformed-reference'; emptyName: boolean }
  /** Text (or a number, a boolean...) written in the file; `references` counts `${env:...}` inside it. */
  | { kind: 'literal'; references: number; onlyReferences: boolean }
  /** A value under a tag of its own (`!secret ...`), which nothing resolves; `empty` when nothing follows it. */
  | { kind: 'tagged'; empty: boolean }
  /** A collection where one text belongs; `literal` when it holds any literal text. */
  | { kind: 'list' | 'mapping'; literal: boolean };

/** What a node written in a secret key is (aliases resolved). */
export function secretValue(doc: ConfigDocument, node: Node | null | undefined): SecretValue {
  const resolved = doc.resolve(node ?? undefined);
  if (!resolved) return { kind: 'empty' };
  const tag = resolved.tag;
  // `!` alone only says "text"; a tag of its own (`!secret`, `!vault`) promises a resolution nothing performs.
  if (tag !== undefined && tag !== '!' && !tag.startsWith(CORE_TAG_PREFIX)) {
    return { kind: 'tagged', empty: isScalar(resolved) && (resolved.value === null || String(resolved.value).trim() === '') };
  }
  if (isSeq(resolved) || isMap(resolved)) {
    return { kind: isSeq(resolved) ? 'list' : 'mapping', literal: holdsLiteral(doc, resolved, 0) };
  }
  if (!isScalar(resolved)) return { kind: 'empty' };
  const text = scalarText(resolved);
  if (text === undefined || text.trim() === '') return { kind: 'empty' };
  if (EXACT_REFERENCE.test(text)) return { kind: 'reference' };
  const shaped = REFERENCE_SHAPED.exec(text);
  if (shaped) return { kind: 'malformed-reference', emptyName: shaped[1].trim() === '' };
  if (WHOLE_PLACEHOLDER.test(text)) return { kind: 'placeholder' };
  const references = text.match(ANY_REFERENCE)?.length ?? 0;
  return { kind: 'literal', references, onlyReferences: references > 1 && text.replace(ANY_REFERENCE, '').trim() === '' };
}

/**
 * Whether the value at a path is under a tag of its own (`password: !secret`, with or without text after the tag):
 * it is written, so a rule that requires the key never calls it empty or missing; IMP-SEC-001 reports it as the
 * tagged value it is.
 */
export function isTaggedValue(doc: ConfigDocument, path: Path): boolean {
  return secretValue(doc, doc.pair(path)?.value as Node | null | undefined).kind === 'tagged';
}

/** Whether a value counts as written (not missing) for the rules that require a secret. */
export function isWrittenSecret(value: SecretValue): boolean {
  return value.kind !== 'empty';
}

/** A scalar's text as written: strings as they are, other types by their source (a number is still a literal). */
function scalarText(node: Node): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const raw: unknown = node.value;
  if (typeof raw === 'string') return raw;
  return typeof node.source === 'string' ? node.source : String(raw);
}

/** Any literal text in a collection (depth-bounded: a pathological nesting is not walked to its end). */
function holdsLiteral(doc: ConfigDocument, node: Node, depth: number): boolean {
  if (depth > 64) return false;
  // A mapping's keys are written text too (`password: {hunter2: x}`).
  const items: unknown[] = isSeq(node) ? node.items : isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : [];
  for (const item of items) {
    if (isAlias(item)) continue; // what an alias points to is judged where it is written
    if (isSeq(item) || isMap(item)) {
      if (holdsLiteral(doc, item, depth + 1)) return true;
      continue;
    }
    const value = secretValue(doc, item as Node | null);
    if (value.kind === 'literal' || (value.kind === 'tagged' && !value.empty)) return true;
  }
  return false;
}
