/**
 * Domain knowledge about the identity provider (seed 000): the types, their labels and keys, the Entra groups claim,
 * Okta hosts, the metadata URL's host and the admin group list. Typed on the document and its model, so that rules,
 * completion and hover read the same facts.
 */
import { isMap } from 'yaml';
import type { Scalar } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import { stringValue } from '../document';
import type { Model } from '../model';
import type { Span } from '../types';
import { parseUrl } from '../url-layout';
import { hasEnvReference, isGuid, isUnknowable, splitCommaList } from '../values';
import { contentStart, trimmedSpan } from '../yaml/spans';
import { branchKeys } from './schema-branches';

export const IDP: Path = ['identityProvider'];
export const ADMIN_GROUPS: Path = ['identityProvider', 'adminGroups'];

export const IDP_TYPES = ['imprivata-directory', 'entra-id', 'saml'] as const;
export type IdpType = (typeof IDP_TYPES)[number];

export const TYPE_LABEL: Readonly<Record<IdpType, string>> = {
  'imprivata-directory': 'Imprivata Directory',
  'entra-id': 'Microsoft Entra ID',
  saml: 'SAML',
};

/** The Entra ID groups claim (seed 000, and Microsoft's SAML token reference). */
export const ENTRA_GROUPS_CLAIM = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';

export function isIdpType(value: string | undefined): value is IdpType {
  return value !== undefined && (IDP_TYPES as readonly string[]).includes(value);
}

/** The identity provider type when `identityProvider` is a mapping with a known `type`; otherwise undefined. */
export function idpType(doc: ConfigDocument, model: Model): IdpType | undefined {
  if (!doc.map(IDP)) return undefined;
  const type = model.identityProviderType;
  return isIdpType(type) ? type : undefined;
}

/** Entra ID or another SAML IdP: the types that share organizationDomain, metadata, signOnUrl and adminGroups. */
export function samlIdpType(doc: ConfigDocument, model: Model): 'entra-id' | 'saml' | undefined {
  const type = idpType(doc, model);
  return type === 'entra-id' || type === 'saml' ? type : undefined;
}

const keysByType = new Map<IdpType, Set<string>>();

/** The keys each type allows, read from the JSON Schema's discriminated branches (one source of truth). */
export function keysOfType(type: IdpType): Set<string> {
  let keys = keysByType.get(type);
  if (!keys) {
    keys = branchKeys('identityProvider', 'type', type);
    if (keys.size === 0) keys.add('type');
    keysByType.set(type, keys);
  }
  return keys;
}

/** The metadata URL's host in lower case, when `metadataUrl` is a parseable, knowable URL. */
export function metadataHost(doc: ConfigDocument): string | undefined {
  const raw = stringValue(doc.scalar([...IDP, 'metadataUrl']))?.trim();
  if (!raw || isUnknowable(raw)) return undefined;
  return parseUrl(raw)?.hostname.toLowerCase();
}

/** Okta org domains: `<org>.okta.com`, preview orgs on `oktapreview.com`, EMEA cell orgs on `okta-emea.com`. */
export function isOktaHost(host: string): boolean {
  return /(?:^|\.)(?:okta\.com|oktapreview\.com|okta-emea\.com)$/.test(host.toLowerCase());
}

/** The `identityProvider` mapping's key span (for problems about missing keys). */
export function idpKeySpan(doc: ConfigDocument): Span {
  return doc.keySpan(IDP) ?? doc.firstLineSpan();
}

// adminGroups.attributeValue: a comma-separated list of group IDs (IMP-IDP-010/011/012).

export interface GroupItem {
  /** The item without surrounding whitespace; empty for an empty item. */
  text: string;
  /** Offsets of the trimmed item within the value string. */
  start: number;
  end: number;
  /** Where to report the item: its own columns, or the whole value when offsets do not map 1:1. */
  span: Span;
}

export interface GroupList {
  node: Scalar;
  value: string;
  items: GroupItem[];
  /** Offsets of the commas within the value string. */
  commas: number[];
  /** Whether item spans are exact (plain single-line or quoted scalar without escapes). */
  exact: boolean;
}

/**
 * The admin group list of an Entra ID / SAML identity provider, or undefined when there is nothing to judge:
 * another type, no `adminGroups` mapping, a missing, empty or non-text value, or an `${env:...}` reference.
 */
export function adminGroupList(doc: ConfigDocument, model: Model): GroupList | undefined {
  if (!samlIdpType(doc, model)) return undefined;
  if (!isMap(doc.node(ADMIN_GROUPS))) return undefined;
  const node = doc.scalar([...ADMIN_GROUPS, 'attributeValue']);
  if (!node || typeof node.value !== 'string') return undefined;
  const value = node.value;
  if (value.trim() === '' || hasEnvReference(value)) return undefined;
  // Where the value starts, found once: per item it would compare the whole value again (100,000 IDs: quadratic).
  const start = contentStart(doc, node);
  const exact = start !== undefined;
  const whole = trimmedSpan(doc, node);
  const items: GroupItem[] = splitCommaList(value).map((item) => ({
    ...item,
    span: start === undefined ? whole : { start: start + item.start, end: start + item.end },
  }));
  const commas: number[] = [];
  for (let at = value.indexOf(','); at !== -1; at = value.indexOf(',', at + 1)) commas.push(at);
  return { node, value, items, commas, exact };
}

/** Group IDs compare case-insensitively when they are GUIDs (object IDs), exactly otherwise (Okta IDs, names). */
export function groupKey(text: string): string {
  return isGuid(text) ? text.toLowerCase() : text;
}
