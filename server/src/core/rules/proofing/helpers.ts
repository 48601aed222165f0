/**
 * Helpers shared by the identity proofing, directory and notification rules:
 * describing odd values for people, and building minimal YAML text edits that
 * keep comments, quoting and indentation.
 */
import { isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { ConfigDocument } from '../../document';
import { findPair, keyName, stringValue } from '../../document';
import type { Span } from '../../types';
import { editDistance } from '../../values';

/** The AD phone attributes Imprivata maps for identity proofing, with the meaning each must carry (seed 002). */
export const PHONE_ATTRIBUTE_MEANINGS: Readonly<Record<PhoneAttribute, string>> = {
  homePhone: 'Phone (home)',
  mobile: 'Phone (mobile)',
};
export type PhoneAttribute = 'homePhone' | 'mobile';
export const PHONE_ATTRIBUTES: readonly PhoneAttribute[] = ['homePhone', 'mobile'];

/**
 * Real AD attributes that are not near misses even though they look alike
 * (telephone attributes of the user class). They are allowed and silent.
 */
const OTHER_AD_ATTRIBUTES = new Set([
  'telephoneNumber',
  'otherTelephone',
  'otherHomePhone',
  'otherMobile',
  'pager',
  'otherPager',
  'ipPhone',
  'otherIpPhone',
  'facsimileTelephoneNumber',
  'otherFacsimileTelephoneNumber',
]);

const HOME_SPELLINGS = new Set(['homephone', 'homephonenumber', 'hometelephone', 'hometelephonenumber', 'homenumber']);
const MOBILE_SPELLINGS = new Set([
  'mobile',
  'mobilephone',
  'mobilephonenumber',
  'mobilenumber',
  'mobiletelephone',
  'mobiletelephonenumber',
]);

/**
 * For an extended attribute name: `exact` when it is `homePhone` or `mobile`
 * as AD spells it; the intended attribute when it is a case or spelling variant
 * of one (`HomePhone`, `mobilePhone`, `home_phone`, `moblie`); undefined for any
 * other name (an unrelated AD attribute such as `pager` is allowed).
 */
export function classifyAttributeName(
  name: string,
): { kind: 'exact'; attribute: PhoneAttribute } | { kind: 'variant'; attribute: PhoneAttribute } | undefined {
  if (name === 'homePhone' || name === 'mobile') return { kind: 'exact', attribute: name };
  const trimmed = name.trim();
  if (OTHER_AD_ATTRIBUTES.has(trimmed)) return undefined;
  const normalized = trimmed.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (normalized.length === 0) return undefined;
  if (HOME_SPELLINGS.has(normalized) || editDistance(normalized, 'homephone', 2) <= 2) return { kind: 'variant', attribute: 'homePhone' };
  if (
    MOBILE_SPELLINGS.has(normalized) ||
    editDistance(normalized, 'mobile', 1) <= 1 ||
    isOneTransposition(normalized, 'mobile') ||
    editDistance(normalized, 'mobilephone', 2) <= 2
  ) {
    return { kind: 'variant', attribute: 'mobile' };
  }
  return undefined;
}

/** Whether `a` is `b` with two adjacent characters swapped (`moblie` for `mobile`). */
function isOneTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

/** How a value that should be text looks, for messages: `a number`, `a list`, `empty`. */
export function describeNonText(node: Node | undefined): string {
  if (!node) return 'empty';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'empty';
    if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
    if (typeof v === 'boolean') return `\`${String(v)}\``;
    if (typeof v === 'string') return v.trim() === '' ? 'empty' : 'text';
  }
  return 'not text';
}

export { isEmptyValue, stringValue } from '../../document';

/** The text that replaces a scalar with `value`, keeping its quoting style. */
export function scalarText(node: Node, value: string): string {
  if (isScalar(node)) {
    if (node.type === Scalar.QUOTE_DOUBLE) return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  }
  return value;
}

/** The line break the document uses. */
export function newline(doc: ConfigDocument): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}

/** The offset where the line holding `offset` starts. */
export function lineStart(doc: ConfigDocument, offset: number): number {
  return doc.text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
}

/** The column of an offset (0-based). */
export function column(doc: ConfigDocument, offset: number): number {
  return offset - lineStart(doc, offset);
}

/** A span without trailing whitespace (block collections end after their last line break). */
export function trimEnd(doc: ConfigDocument, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(doc.text[end - 1])) end--;
  return { start: span.start, end };
}

/**
 * An edit that inserts whole lines after the line on which `span` ends (after
 * any comment on it). `lines` are given without indentation or line breaks.
 */
export function insertLinesAfter(
  doc: ConfigDocument,
  span: Span,
  indent: number,
  lines: readonly string[],
): { span: Span; newText: string } {
  const nl = newline(doc);
  const end = trimEnd(doc, span).end;
  const lineBreak = doc.text.indexOf('\n', end);
  const body = lines.map((l) => ' '.repeat(indent) + l).join(nl);
  if (lineBreak === -1) return { span: { start: doc.text.length, end: doc.text.length }, newText: nl + body };
  return { span: { start: lineBreak + 1, end: lineBreak + 1 }, newText: body + nl };
}

/** The indentation step of the document: the column of the first nested block key, else 2. */
export function indentStep(doc: ConfigDocument): number {
  for (const pair of doc.root?.items ?? []) {
    const value = doc.resolve(pair.value as Node | null);
    if (isMap(value) && !value.flow) {
      const first = value.items[0]?.key as Node | undefined;
      if (first) {
        const col = column(doc, doc.span(first).start);
        if (col > 0) return col;
      }
    }
  }
  return 2;
}

/** The span of a map's key whose name is `key`. */
export function keySpanIn(doc: ConfigDocument, map: YAMLMap<unknown, unknown>, key: string): Span | undefined {
  for (const pair of map.items) {
    if (keyName(pair) === key) {
      const k = pair.key as Node | undefined;
      return k ? doc.span(k) : undefined;
    }
  }
  return undefined;
}

/** One provider of `identityProofing.providers` that is a mapping (other shapes are IMP-DOC-003's). */
export interface ProviderEntry {
  index: number;
  path: (string | number)[];
  map: YAMLMap<unknown, unknown>;
  /** The provider's name, when it is non-empty text. */
  name?: string;
  nameNode?: Node;
  /** Whether the provider has the key (looked up in its own mapping, not from the root). */
  has(key: string): boolean;
  /** The value of a key of the provider, aliases resolved. */
  get(key: string): Node | undefined;
}

const providerCache = new WeakMap<ConfigDocument, ProviderEntry[]>();

/** The providers of the roster, computed once per document version and shared by the rules that read them. */
export function providers(doc: ConfigDocument): ProviderEntry[] {
  let entries = providerCache.get(doc);
  if (!entries) {
    entries = readProviders(doc);
    providerCache.set(doc, entries);
  }
  return entries;
}

function readProviders(doc: ConfigDocument): ProviderEntry[] {
  const list = doc.seq(['identityProofing', 'providers']);
  if (!list) return [];
  const entries: ProviderEntry[] = [];
  list.items.forEach((raw, index) => {
    // An alias repeats an item checked where its anchor is: reporting it again there would be a duplicate.
    if (isAlias(raw)) return;
    const path = ['identityProofing', 'providers', index];
    const map = doc.map(path);
    if (!map) return;
    const has = (key: string) => findPair(map, key) !== undefined;
    const get = (key: string) => doc.resolve(findPair(map, key)?.value as Node | null | undefined);
    const nameNode = get('name');
    const name = stringValue(nameNode)?.trim();
    entries.push({ index, path, map, name: name ? name : undefined, nameNode: name ? nameNode : undefined, has, get });
  });
  return entries;
}

/** How a provider is named in messages. */
export function providerLabel(provider: ProviderEntry): string {
  return provider.name ? `provider ${provider.name}` : `the provider at \`identityProofing.providers[${provider.index}]\``;
}

/** Where a problem about a whole provider is reported: its name, else the whole (trimmed) item. */
export function providerSpan(doc: ConfigDocument, provider: ProviderEntry): Span {
  return provider.nameNode ? doc.span(provider.nameNode) : trimEnd(doc, doc.span(provider.map));
}
