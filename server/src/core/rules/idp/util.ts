/**
 * Helpers shared by the identity-provider rules (IMP-IDP-*). Pure: no I/O.
 * Offsets are document offsets (UTF-16), as everywhere in the core.
 */
import { isMap } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { ConfigDocument, Path } from '../../document';
import { findPair, stringValue } from '../../document';
import { SCHEMA } from '../../schema';
import type { Severity, Span } from '../../types';
import { hasEnvReference, hasPlaceholder, isGuid, splitCommaList } from '../../values';
import type { FixSpec, RuleContext } from '../rule';

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
export function idpType(ctx: RuleContext): IdpType | undefined {
  if (!ctx.doc.map(IDP)) return undefined;
  const type = ctx.model.identityProviderType;
  return isIdpType(type) ? type : undefined;
}

/** Entra ID or another SAML IdP: the types that share organizationDomain, metadata, signOnUrl and adminGroups. */
export function samlIdpType(ctx: RuleContext): 'entra-id' | 'saml' | undefined {
  const type = idpType(ctx);
  return type === 'entra-id' || type === 'saml' ? type : undefined;
}

interface BranchSchema {
  properties?: Record<string, { const?: unknown }>;
}

let keysByType: Map<IdpType, Set<string>> | undefined;

/** The keys each type allows, read from the JSON Schema's discriminated branches (one source of truth). */
export function keysOfType(type: IdpType): Set<string> {
  if (!keysByType) {
    keysByType = new Map();
    const idp = (SCHEMA.properties?.identityProvider ?? {}) as { oneOf?: BranchSchema[] };
    for (const branch of idp.oneOf ?? []) {
      const tag = branch.properties?.type?.const;
      if (typeof tag === 'string' && isIdpType(tag)) keysByType.set(tag, new Set(Object.keys(branch.properties ?? {})));
    }
  }
  return keysByType.get(type) ?? new Set(['type']);
}

export { isEmptyValue, stringValue } from '../../document';

/** Whether a value cannot be judged offline (an `${env:NAME}` reference) or is a placeholder owned by IMP-HOST-002. */
export function isUnknowable(value: string): boolean {
  return hasEnvReference(value) || hasPlaceholder(value);
}

/**
 * The document offset where a scalar's string value starts, when every character of the value sits at
 * value-offset + i in the source: plain single-line scalars and quoted scalars without escapes or line
 * folding. Undefined otherwise (block scalars, folded lines, escapes): callers then use the whole value.
 */
export function contentStart(doc: ConfigDocument, node: Scalar): number | undefined {
  if (typeof node.value !== 'string') return undefined;
  const span = doc.span(node);
  const source = doc.text.slice(span.start, span.end);
  switch (node.type) {
    case 'PLAIN':
      return source === node.value ? span.start : undefined;
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return source.length >= 2 && source.slice(1, -1) === node.value ? span.start + 1 : undefined;
    default:
      return undefined;
  }
}

/** A scalar's whole span without the trailing line breaks a block scalar's range includes. */
export function wholeValueSpan(doc: ConfigDocument, node: Scalar): Span {
  const span = doc.span(node);
  let end = span.end;
  while (end > span.start && /\s/.test(doc.text[end - 1])) end--;
  return { start: span.start, end };
}

/** The span of value characters [from, to) of a scalar, or the whole scalar when the mapping is not exact. */
export function valueSubSpan(doc: ConfigDocument, node: Scalar, from: number, to: number): Span {
  const start = contentStart(doc, node);
  return start === undefined ? wholeValueSpan(doc, node) : { start: start + from, end: start + to };
}

/** The exact document span of value characters [from, to), or undefined when offsets do not map 1:1. */
export function exactSubSpan(doc: ConfigDocument, node: Scalar, from: number, to: number): Span | undefined {
  const start = contentStart(doc, node);
  return start === undefined ? undefined : { start: start + from, end: start + to };
}

/**
 * An edit replacing a scalar value with plain text (which the caller guarantees is a safe plain scalar).
 * Empty values (`key:`) get a separating space. Block scalars are not rewritten (undefined).
 */
export function replaceScalarEdit(doc: ConfigDocument, node: Scalar, newText: string): { span: Span; newText: string } | undefined {
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
  const span = doc.span(node);
  if (span.start === span.end) {
    const before = doc.text[span.start - 1];
    return { span, newText: before === ' ' || before === '\t' ? newText : ` ${newText}` };
  }
  return { span, newText };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line break ending the line that contains `offset` (or the end of the text). */
function afterLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** The pair in a mapping with this key. */
export function pairIn(map: YAMLMap<unknown, unknown>, key: string): Pair<unknown, unknown> | undefined {
  return findPair(map, key);
}

/**
 * The lines a block-mapping pair occupies, from the start of its key's line to the end of its value's last
 * line (trailing comment and line break included), for "remove this key" fixes. Undefined for flow
 * mappings or a key that does not start its line.
 */
export function pairLinesSpan(doc: ConfigDocument, map: YAMLMap<unknown, unknown>, pair: Pair<unknown, unknown>): Span | undefined {
  if (map.flow) return undefined;
  const key = pair.key as Node | undefined;
  if (!key || !(key as { range?: unknown }).range) return undefined;
  const keySpan = doc.span(key);
  const start = lineStart(doc.text, keySpan.start);
  if (doc.text.slice(start, keySpan.start).trim() !== '') return undefined;
  const value = pair.value as Node | null | undefined;
  let end = keySpan.end;
  if (value && (value as { range?: unknown }).range) {
    const range = (value as unknown as { range: [number, number, number] }).range;
    end = Math.max(end, range[1]);
  }
  if (end > start && doc.text[end - 1] === '\n') return { start, end };
  return { start, end: afterLine(doc.text, end) };
}

/** The column of a pair's key (its indentation), or undefined. */
export function keyColumn(doc: ConfigDocument, pair: Pair<unknown, unknown>): number | undefined {
  const key = pair.key as Node | undefined;
  if (!key || !(key as { range?: unknown }).range) return undefined;
  return doc.lines.position(doc.span(key).start).character;
}

/**
 * An edit inserting `lines` (without indentation) as new keys at the end of a block mapping, indented like
 * its keys. Undefined for flow or empty mappings.
 */
export function appendToMapEdit(
  doc: ConfigDocument,
  map: YAMLMap<unknown, unknown>,
  lines: string[],
): { span: Span; newText: string } | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  const indent = keyColumn(doc, first);
  const lastLines = pairLinesSpan(doc, map, last);
  if (indent === undefined || !lastLines) return undefined;
  const pad = ' '.repeat(indent);
  const at = lastLines.end;
  const lead = at > 0 && doc.text[at - 1] !== '\n' ? '\n' : '';
  return { span: { start: at, end: at }, newText: lead + lines.map((l) => pad + l + '\n').join('') };
}

/** An edit inserting `line` as the first key of a block mapping. */
export function prependToMapEdit(
  doc: ConfigDocument,
  map: YAMLMap<unknown, unknown>,
  line: string,
): { span: Span; newText: string } | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const first = map.items[0];
  const key = first.key as Node | undefined;
  const indent = keyColumn(doc, first);
  if (!key || indent === undefined) return undefined;
  const keyStart = doc.span(key).start;
  const start = lineStart(doc.text, keyStart);
  if (doc.text.slice(start, keyStart).trim() !== '') return undefined;
  return { span: { start, end: start }, newText: ' '.repeat(indent) + line + '\n' };
}

/** The indentation step of the file under `identityProvider` (child column minus parent column), 2 by default. */
export function indentStep(doc: ConfigDocument): number {
  const parent = doc.pair(IDP);
  const map = doc.map(IDP);
  if (!parent || !map || map.items.length === 0) return 2;
  const parentColumn = keyColumn(doc, parent);
  const childColumn = keyColumn(doc, map.items[0]);
  if (parentColumn === undefined || childColumn === undefined || childColumn <= parentColumn) return 2;
  return childColumn - parentColumn;
}

/** Where the report about a key of `identityProvider` goes: its key when present, else the `identityProvider` key. */
export function keyOrParentSpan(doc: ConfigDocument, path: Path): Span {
  return doc.keySpan(path) ?? doc.reportSpan(path);
}

// ---------------------------------------------------------------------------------------------------------------
// URLs: the WHATWG URL class judges validity; a small lexical split of the text as written gives the columns.

export interface UrlLayout {
  /** [start, end) of the scheme (without `:`), relative to the string. */
  scheme: { start: number; end: number };
  /** The host as written (no userinfo, no port). */
  host: { start: number; end: number };
  /** The path as written, up to `?` or `#`. */
  path: { start: number; end: number };
  /** Query parameters as written: name and value offsets. */
  params: { name: string; value: string; start: number; end: number; valueStart: number }[];
}

/** Splits `scheme://userinfo@host:port/path?query#fragment` as written. Undefined without `://`. */
export function urlLayout(raw: string): UrlLayout | undefined {
  const schemeEnd = raw.indexOf('://');
  if (schemeEnd <= 0) return undefined;
  const authorityStart = schemeEnd + 3;
  let authorityEnd = raw.length;
  for (let i = authorityStart; i < raw.length; i++) {
    if (raw[i] === '/' || raw[i] === '?' || raw[i] === '#') {
      authorityEnd = i;
      break;
    }
  }
  const at = raw.lastIndexOf('@', authorityEnd - 1);
  const hostStart = at >= authorityStart ? at + 1 : authorityStart;
  let hostEnd = authorityEnd;
  if (raw[hostStart] !== '[') {
    const colon = raw.indexOf(':', hostStart);
    if (colon !== -1 && colon < authorityEnd) hostEnd = colon;
  }
  let pathEnd = raw.length;
  for (let i = authorityEnd; i < raw.length; i++) {
    if (raw[i] === '?' || raw[i] === '#') {
      pathEnd = i;
      break;
    }
  }
  const params: UrlLayout['params'] = [];
  if (raw[pathEnd] === '?') {
    const hash = raw.indexOf('#', pathEnd);
    const queryEnd = hash === -1 ? raw.length : hash;
    let start = pathEnd + 1;
    while (start <= queryEnd) {
      let end = raw.indexOf('&', start);
      if (end === -1 || end > queryEnd) end = queryEnd;
      const part = raw.slice(start, end);
      if (part.length > 0) {
        const eq = part.indexOf('=');
        const name = eq === -1 ? part : part.slice(0, eq);
        const value = eq === -1 ? '' : part.slice(eq + 1);
        params.push({ name, value, start, end, valueStart: eq === -1 ? end : start + eq + 1 });
      }
      start = end + 1;
    }
  }
  return {
    scheme: { start: 0, end: schemeEnd },
    host: { start: hostStart, end: hostEnd },
    path: { start: authorityEnd, end: pathEnd },
    params,
  };
}

/** `new URL(raw)`, or undefined when the WHATWG parser rejects it. */
export function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** The metadata URL's host in lower case, when `metadataUrl` is a parseable, knowable URL. */
export function metadataHost(ctx: RuleContext): string | undefined {
  const raw = stringValue(ctx.doc.scalar([...IDP, 'metadataUrl']))?.trim();
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

export function isMapNode(node: Node | undefined): node is YAMLMap<unknown, unknown> {
  return isMap(node);
}

/** Text for a message: a value shortened to a readable length. */
export function shown(value: string, max = 60): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// ---------------------------------------------------------------------------------------------------------------
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
export function adminGroupList(ctx: RuleContext): GroupList | undefined {
  if (!samlIdpType(ctx)) return undefined;
  if (!ctx.doc.map(ADMIN_GROUPS)) return undefined;
  const node = ctx.doc.scalar([...ADMIN_GROUPS, 'attributeValue']);
  if (!node || typeof node.value !== 'string') return undefined;
  const value = node.value;
  if (value.trim() === '' || hasEnvReference(value)) return undefined;
  const exact = contentStart(ctx.doc, node) !== undefined;
  const items: GroupItem[] = splitCommaList(value).map((item) => ({
    ...item,
    span: valueSubSpan(ctx.doc, node, item.start, item.end),
  }));
  const commas = [...value].flatMap((c, i) => (c === ',' ? [i] : []));
  return { node, value, items, commas, exact };
}

/** Group IDs compare case-insensitively when they are GUIDs (object IDs), exactly otherwise (Okta IDs, names). */
export function groupKey(text: string): string {
  return isGuid(text) ? text.toLowerCase() : text;
}

export interface ItemFinding {
  item: GroupItem;
  message: string;
  related?: { span: Span; message: string }[];
  fixes?: FixSpec[];
}

/**
 * Reports item findings at their own columns; when the value's columns cannot be mapped (block or folded scalar,
 * escapes), reports one finding on the whole value naming the other items, instead of stacking copies there.
 */
export function reportItems(ctx: RuleContext, list: GroupList, findings: ItemFinding[], severity?: Severity): void {
  if (findings.length === 0) return;
  if (list.exact) {
    for (const f of findings) ctx.report({ span: f.item.span, message: f.message, severity, related: f.related, fixes: f.fixes });
    return;
  }
  const [first, ...rest] = findings;
  const others = rest.map((f) => `"${shown(f.item.text, 40)}"`).join(', ');
  ctx.report({
    span: first.item.span,
    message: rest.length ? `${first.message} Also affected in this list: ${others}.` : first.message,
    severity,
    fixes: first.fixes,
  });
}
