/**
 * One linear walk over a freshly parsed tree that finds what the parser does not report the way a person
 * needs it: anchors (indexed, so an alias resolves without a walk of its own), aliases that name no anchor
 * (most often an unquoted `*.amazonaws.com`; never quoted when written in a secret key), keys defined twice in one
 * mapping, and merge keys (`<<`) whose source is not a mapping. Pure, no I/O.
 */
import { Scalar, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Alias, Document, Node, Pair, ParsedNode } from 'yaml';
import { isSecretKeyName } from './secret-names';
import type { Span } from './types';
import { shown } from './value-words';

/** Anchor name -> the nodes carrying it, in source order (an alias means the closest one before it). */
export type AnchorIndex = Map<string, { start: number; node: Node }[]>;

export interface StructureProblem {
  span: Span;
  message: string;
  code: string;
  fix?: { title: string; edits: { span: Span; newText: string }[] };
  related?: { span: Span; message: string };
}

/** A name that reads like the rest of a host after `*`: `.amazonaws.com`. */
const WILDCARD_TAIL = /^\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$/;

interface WorkItem {
  node: unknown;
  key: string | undefined;
  secret: boolean;
  /** What holds the node (the document, a pair, a list's items), when an alias there may be replaced. */
  holder: object | undefined;
  slot: string | number;
}

export function readStructure(
  doc: Document.Parsed,
  text: string,
  /** 1-based line of an offset, as the document's line index counts lines. */
  lineOf: (offset: number) => number,
): { anchors: AnchorIndex; problems: StructureProblem[] } {
  const anchors: AnchorIndex = new Map();
  const problems: StructureProblem[] = [];
  /**
   * Work items: a node, the key it is the value of (for messages), whether it lies inside the value of a secret
   * key (nothing written there is ever quoted), and where it is held (`holder[slot]`, to replace an alias that
   * names no anchor). No closure per node: a file of 50,000 small mappings is walked without one.
   */
  const stack: WorkItem[] = [{ node: doc.contents, key: undefined, secret: false, holder: doc, slot: 'contents' }];
  /** The merge keys (`<<`), checked after the walk. */
  const merges: Pair<unknown, unknown>[] = [];
  while (stack.length) {
    const { node, key, secret, holder, slot } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      const list = anchors.get(anchor) ?? [];
      list.push({ start: (node as ParsedNode).range?.[0] ?? 0, node: node as Node });
      anchors.set(anchor, list);
    }
    if (isAlias(node)) {
      // Source order: every anchor before this alias has been seen.
      if (!anchors.has(node.source) && holder) {
        problems.push(undefinedAlias(node, key, secret, text));
        (holder as Record<string | number, unknown>)[slot] = literalOf(node);
      }
      continue;
    }
    if (isMap(node)) {
      const items = node.items;
      // Keys in source order (the first of two is the one reported as ignored), then the work in reverse.
      const seen = items.length > 1 ? new Map<string, Pair<unknown, unknown>>() : undefined;
      for (const pair of items) {
        const name = seen && plainKey(pair);
        if (seen && name !== undefined) {
          const first = seen.get(name);
          if (first) problems.push(duplicateKey(name, secret, first, pair, lineOf));
          else seen.set(name, pair);
        }
        if (isMergeKey(pair.key)) merges.push(pair);
      }
      for (let i = items.length - 1; i >= 0; i--) {
        const pair = items[i];
        const name = plainKey(pair);
        const valueSecret = secret || (name !== undefined && isSecretKeyName(name));
        stack.push({ node: pair.value, key: name, secret: valueSecret, holder: pair, slot: 'value' });
        stack.push({ node: pair.key, key: undefined, secret, holder: pair, slot: 'key' });
      }
    } else if (isSeq(node)) {
      const items = node.items;
      for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i], key, secret, holder: items, slot: i });
    } else if (isPair(node)) {
      stack.push({ node: node.value, key: undefined, secret, holder: undefined, slot: 0 });
      stack.push({ node: node.key, key: undefined, secret, holder: undefined, slot: 0 });
    }
  }
  // Once every anchor is indexed: a source may be anchored in an earlier value of the same mapping.
  for (const pair of merges) {
    const problem = mergeSourceProblem(pair, anchors);
    if (problem) problems.push(problem);
  }
  return { anchors, problems };
}

/** The node an alias stands for: the closest anchor of that name before it. Undefined when there is none. */
export function resolveAlias(anchors: AnchorIndex, alias: Alias): Node | undefined {
  const candidates = anchors.get(alias.source);
  if (!candidates) return undefined;
  const at = (alias as ParsedNode).range?.[0] ?? Infinity;
  let found: Node | undefined;
  for (const candidate of candidates) {
    if (candidate.start >= at) break;
    found = candidate.node;
  }
  return found && !isAlias(found) ? found : undefined;
}

/** Whether a key is YAML's merge key `<<`, which the parser reads as a symbol. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

function plainKey(pair: Pair<unknown, unknown>): string | undefined {
  const k = pair.key;
  if (!isScalar(k) || k.value === null || k.value === undefined || typeof k.value === 'symbol') return undefined;
  return String(k.value);
}

/**
 * A merge (`<<: ...`) whose source is not a mapping: YAML merges only mappings (`<<: *anchor`, `<<: {...}`, or a
 * list of them). The tree stays as written and the merge is ignored (plain data, path lookups), so this is one
 * finding, never an exception. The source is described by its kind only: it may be anything, a secret included.
 */
function mergeSourceProblem(pair: Pair<unknown, unknown>, anchors: AnchorIndex): StructureProblem | undefined {
  const value = pair.value as Node | null;
  const resolved = isAlias(value) ? resolveAlias(anchors, value) : value;
  // An alias that names no anchor is reported as such (undefinedAlias), once.
  if (isAlias(value) && !resolved) return undefined;
  const several = isSeq(resolved);
  for (const source of several ? resolved.items : [value]) {
    const target = isAlias(source) ? resolveAlias(anchors, source) : source;
    if (isMap(target) || (isAlias(source) && !target)) continue;
    const what = isAlias(source) ? `an alias of ${kindOf(target)}` : kindOf(target);
    // Where it is written in this merge: the item of a list written here, else the value (an alias of a list
    // included); an empty value has no extent of its own, so the `<<` key carries the finding.
    const range = ((isSeq(value) ? source : value) as ParsedNode | null)?.range;
    return {
      span: range && range[1] > range[0] ? { start: range[0], end: range[1] } : keySpan(pair),
      code: 'MERGE_SOURCE_NOT_MAP',
      message: several
        ? `the merge key \`<<\` takes a list of mappings, but one of its sources is ${what}: that source is ignored, so none of the keys it was meant to bring in are set. Point it at an anchored mapping (\`*anchor\`), or write the keys out`
        : `the merge key \`<<\` takes a mapping (\`<<: *anchor\` where the anchor is on a mapping, or a list of such aliases), but its value is ${what}: the merge is ignored, so none of the keys it was meant to bring in are set. Point it at an anchored mapping, or write the keys out`,
    };
  }
  return undefined;
}

/** What a merge source is, by kind (never its text). */
function kindOf(node: unknown): string {
  if (node === null || node === undefined) return 'empty';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'empty';
    if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
    if (typeof v === 'boolean') return 'true or false';
    return 'text';
  }
  return 'not a mapping';
}

/** The alias read as the text it was probably meant to be (`*.amazonaws.com`), at the same place. */
function literalOf(alias: Alias): Scalar {
  const scalar = new Scalar(`*${alias.source}`);
  scalar.type = 'PLAIN';
  scalar.source = `*${alias.source}`;
  const range = (alias as ParsedNode).range;
  if (range) (scalar as ParsedNode).range = [range[0], range[1], range[2]];
  return scalar;
}

function undefinedAlias(alias: Alias, key: string | undefined, secret: boolean, text: string): StructureProblem {
  const range = (alias as ParsedNode).range ?? [0, 0, 0];
  const span = { start: range[0], end: range[1] };
  const written = text.slice(span.start, span.end);
  const fix = { title: 'Quote the value', edits: [{ span, newText: JSON.stringify(written) }] };
  // The key as the tree has it, or as the text has it just before the alias: after a syntax error (an unclosed
  // quote) the tree's key may be anything, but `password: *value` on the line still means a secret.
  const writtenKey = keyWrittenBefore(text, span.start);
  const secretKey = [key, writtenKey].find((k) => k !== undefined && isSecretKeyName(k));
  if (secretKey !== undefined || secret) {
    const whose = secretKey !== undefined ? `the value of \`${secretKey}\`` : 'a value inside a secret key';
    return {
      span,
      code: 'UNDEFINED_ALIAS',
      fix,
      message: `${whose} starts with \`*\`, which YAML reads as an alias (a reference to an anchor), and no such anchor is defined: quote the value`,
    };
  }
  if (WILDCARD_TAIL.test(alias.source)) {
    return {
      span,
      code: 'UNQUOTED_WILDCARD',
      fix: { ...fix, title: `Quote the host: "*${alias.source}"` },
      message: `a leading \`*\` starts a YAML alias, so \`*${alias.source}\` is not read as a host: quote the host ("*${alias.source}")`,
    };
  }
  const name = shown(alias.source);
  return {
    span,
    code: 'UNDEFINED_ALIAS',
    fix,
    message: `the alias \`*${name}\` names no anchor \`&${name}\` defined before it: define the anchor above, or quote the value if the \`*\` is meant literally`,
  };
}

/** Longest key name read back from an offset (a longer run is no key of this format). */
const MAX_KEY_LENGTH = 64;

/**
 * The key written just before a value on its line (`password: *x`, `'password': [*x`), or on the line above for an
 * explicit key (`? password` / `: *x`), read from the text alone. Scans back a bounded number of characters.
 */
function keyWrittenBefore(text: string, offset: number): string | undefined {
  let i = offset;
  while (i > 0 && /[ \t[{]/.test(text[i - 1])) i--;
  if (text[i - 1] !== ':') return undefined;
  i--;
  let k = i;
  while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
  if (k === 0 || text[k - 1] === '\n' || text[k - 1] === '\r') {
    // `: value` on a line of its own: the key is on the line above, after `?`.
    if (k === 0) return undefined;
    let lineEnd = k - 1;
    if (text[lineEnd] === '\n' && text[lineEnd - 1] === '\r') lineEnd--;
    let lineStart = lineEnd;
    while (lineStart > 0 && lineEnd - lineStart < MAX_KEY_LENGTH + 8 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r')
      lineStart--;
    const explicit = /^[ \t]*\?[ \t]*["']?([A-Za-z_][\w-]*)["']?[ \t]*$/.exec(text.slice(lineStart, lineEnd));
    return explicit?.[1];
  }
  if (text[k - 1] === '"' || text[k - 1] === "'") k--;
  const end = k;
  while (k > 0 && end - k <= MAX_KEY_LENGTH && /[\w-]/.test(text[k - 1])) k--;
  return end > k ? text.slice(k, end) : undefined;
}

function duplicateKey(
  name: string,
  secret: boolean,
  first: Pair<unknown, unknown>,
  second: Pair<unknown, unknown>,
  line: (offset: number) => number,
): StructureProblem {
  const firstSpan = keySpan(first);
  const span = keySpan(second);
  // Inside a secret key's value a key is written text like any other: never quoted.
  const what = secret ? 'a key' : `\`${shown(name)}\``;
  return {
    span,
    code: 'DUPLICATE_KEY',
    message: `${what} is defined twice in the same mapping: lines ${line(firstSpan.start)} and ${line(span.start)}; YAML keeps only one (the last), so everything under line ${line(firstSpan.start)} is ignored. Merge the two into one`,
    related: { span: firstSpan, message: `the first ${secret ? 'definition' : what}, which is ignored` },
  };
}

function keySpan(pair: Pair<unknown, unknown>): Span {
  const range = (pair.key as ParsedNode | null)?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}
