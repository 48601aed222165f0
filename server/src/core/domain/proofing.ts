/**
 * Domain knowledge about identity proofing and the directory (seed 002): the AD phone attributes and their meanings,
 * how a misspelt attribute name is recognised, and the provider roster read once per document version.
 */
import { isAlias, isMap } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { ConfigDocument } from '../document';
import { findPair, stringValue } from '../document';
import type { Span } from '../types';
import { editDistance } from '../values';
import { trimmedSpan } from '../yaml/spans';

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

const providersByDoc = new WeakMap<ConfigDocument, Map<number, ProviderEntry | null>>();

/**
 * Provider `index` of the roster alone, without reading the others (a per-item rule's view); undefined when that
 * item is not a mapping, or is an alias (which repeats an item checked where its anchor is). Kept per snapshot.
 */
export function providerAt(doc: ConfigDocument, index: number): ProviderEntry | undefined {
  // The lookup records the read of the roster (the item itself is then taken from the list, not from the root).
  const list = doc.seq(['identityProofing', 'providers']);
  if (!list || index >= list.items.length) return undefined;
  let known = providersByDoc.get(doc);
  if (!known) {
    known = new Map();
    providersByDoc.set(doc, known);
  }
  const cached = known.get(index);
  if (cached !== undefined) return cached ?? undefined;
  const entry = readProvider(doc, list.items[index], index);
  known.set(index, entry ?? null);
  return entry;
}

function readProvider(doc: ConfigDocument, raw: unknown, index: number): ProviderEntry | undefined {
  if (isAlias(raw)) return undefined;
  const path = ['identityProofing', 'providers', index];
  const map = doc.resolve(raw as Node | null);
  if (!isMap(map)) return undefined;
  const has = (key: string) => findPair(map, key) !== undefined;
  const get = (key: string) => doc.resolve(findPair(map, key)?.value as Node | null | undefined);
  const nameNode = get('name');
  const name = stringValue(nameNode)?.trim();
  return { index, path, map, name: name ? name : undefined, nameNode: name ? nameNode : undefined, has, get };
}

/** How a provider is named in messages. */
export function providerLabel(provider: ProviderEntry): string {
  return provider.name ? `provider ${provider.name}` : `the provider at \`identityProofing.providers[${provider.index}]\``;
}

/** Where a problem about a whole provider is reported: its name, else the whole (trimmed) item. */
export function providerSpan(doc: ConfigDocument, provider: ProviderEntry): Span {
  return provider.nameNode ? doc.span(provider.nameNode) : trimmedSpan(doc, provider.map);
}
