/**
 * One linear walk over a freshly parsed tree that finds what the parser does not report the way a person
 * needs it: anchors (indexed, so an alias resolves without a walk of its own), aliases that name no anchor
 * (most often an unquoted `*.amazonaws.com`), and keys defined twice in one mapping. Pure, no I/O.
 */
import { Scalar, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Alias, Document, Node, Pair, ParsedNode } from 'yaml';
import { isSecretKeyName } from './secret-names';
import type { Span } from './types';

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

export function readStructure(
  doc: Document.Parsed,
  text: string,
  /** 1-based line of an offset, as the document's line index counts lines. */
  lineOf: (offset: number) => number,
): { anchors: AnchorIndex; problems: StructureProblem[] } {
  const anchors: AnchorIndex = new Map();
  const problems: StructureProblem[] = [];
  /** Work items: a node, the key it is the value of (for messages), and how to replace it. */
  const stack: { node: unknown; key: string | undefined; replace?: (node: Node) => void }[] = [
    { node: doc.contents, key: undefined, replace: (n) => (doc.contents = n as ParsedNode) },
  ];
  while (stack.length) {
    const { node, key, replace } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      const list = anchors.get(anchor) ?? [];
      list.push({ start: (node as ParsedNode).range?.[0] ?? 0, node: node as Node });
      anchors.set(anchor, list);
    }
    if (isAlias(node)) {
      // Source order: every anchor before this alias has been seen.
      if (!anchors.has(node.source) && replace) {
        problems.push(undefinedAlias(node, key, text));
        replace(literalOf(node));
      }
      continue;
    }
    if (isMap(node)) {
      const seen = new Map<string, Pair<unknown, unknown>>();
      const children: typeof stack = [];
      for (const pair of node.items) {
        const name = plainKey(pair);
        if (name !== undefined) {
          const first = seen.get(name);
          if (first) problems.push(duplicateKey(name, first, pair, lineOf));
          else seen.set(name, pair);
        }
        children.push({ node: pair.key, key: undefined });
        children.push({ node: pair.value, key: name, replace: (n) => (pair.value = n) });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    } else if (isSeq(node)) {
      const items = node.items;
      for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i], key, replace: (n) => (items[i] = n) });
    } else if (isPair(node)) {
      stack.push({ node: node.value, key: undefined }, { node: node.key, key: undefined });
    }
  }
  return { anchors, problems };
}

function plainKey(pair: Pair<unknown, unknown>): string | undefined {
  const k = pair.key;
  if (!isScalar(k) || k.value === null || k.value === undefined || typeof k.value === 'symbol') return undefined;
  return String(k.value);
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

function undefinedAlias(alias: Alias, key: string | undefined, text: string): StructureProblem {
  const range = (alias as ParsedNode).range ?? [0, 0, 0];
  const span = { start: range[0], end: range[1] };
  const written = text.slice(span.start, span.end);
  const fix = { title: 'Quote the value', edits: [{ span, newText: JSON.stringify(written) }] };
  if (key !== undefined && isSecretKeyName(key)) {
    return {
      span,
      code: 'UNDEFINED_ALIAS',
      fix,
      message: `the value of \`${key}\` starts with \`*\`, which YAML reads as an alias (a reference to an anchor), and no such anchor is defined: quote the value`,
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
  return {
    span,
    code: 'UNDEFINED_ALIAS',
    fix,
    message: `the alias \`*${shorten(alias.source)}\` names no anchor \`&${shorten(alias.source)}\` defined before it: define the anchor above, or quote the value if the \`*\` is meant literally`,
  };
}

function duplicateKey(
  name: string,
  first: Pair<unknown, unknown>,
  second: Pair<unknown, unknown>,
  line: (offset: number) => number,
): StructureProblem {
  const firstSpan = keySpan(first);
  const span = keySpan(second);
  const shown = shorten(name);
  return {
    span,
    code: 'DUPLICATE_KEY',
    message: `\`${shown}\` is defined twice in the same mapping: lines ${line(firstSpan.start)} and ${line(span.start)}; YAML keeps only one (the last), so everything under line ${line(firstSpan.start)} is ignored. Merge the two into one`,
    related: { span: firstSpan, message: `the first \`${shown}\`, which is ignored` },
  };
}

function keySpan(pair: Pair<unknown, unknown>): Span {
  const range = (pair.key as ParsedNode | null)?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

function shorten(value: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return printable.length > 60 ? `${printable.slice(0, 60)}…` : printable;
}
