/**
 * Helpers shared by the SMTP rules (IMP-SMTP-*): the mode, the keys of each mode
 * (read from the JSON Schema, so there is one list), value states and line edits.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, Scalar } from 'yaml';
import type { ConfigDocument, Path } from '../../document';
import { SCHEMA } from '../../schema';
import type { Span } from '../../types';

export type SmtpMode = 'basic' | 'oauth2';
export const SMTP_MODES: readonly SmtpMode[] = ['basic', 'oauth2'];

/** Required keys of each mode (catalogue IMP-SMTP-001; seed 004: basic needs server and sender, OAuth2 all five fields). */
export const REQUIRED_KEYS: Readonly<Record<SmtpMode, readonly string[]>> = {
  basic: ['server', 'from'],
  oauth2: ['from', 'clientId', 'tenantId', 'username', 'secret'],
};

export const MODE_WORDS: Readonly<Record<SmtpMode, string>> = {
  basic: 'basic (a mail server or relay, optionally with a username and password)',
  oauth2: 'oauth2 (Exchange Online over OAuth2)',
};

/**
 * Exchange Online's SMTP client-submission hosts (domain facts §5, §5.1): the
 * current name, the older Outlook name, and the opt-in legacy-TLS endpoint.
 */
export const EXCHANGE_ONLINE_HOSTS: readonly string[] = ['smtp.office365.com', 'outlook.office365.com', 'smtp-legacy.office365.com'];

export function isExchangeOnlineHost(host: string): boolean {
  const normal = host.trim().toLowerCase().replace(/\.$/, '');
  return EXCHANGE_ONLINE_HOSTS.includes(normal);
}

interface SchemaLike {
  properties?: Record<string, SchemaLike>;
  oneOf?: SchemaLike[];
  [keyword: string]: unknown;
}

/** The schema branch of `smtp` for a mode. */
export function modeSchema(mode: SmtpMode): SchemaLike | undefined {
  const smtp = (SCHEMA as SchemaLike).properties?.smtp;
  return smtp?.oneOf?.find((branch) => (branch.properties?.mode as SchemaLike | undefined)?.const === mode);
}

/** The keys a mode knows (mode itself included). */
export function modeKeys(mode: SmtpMode): Set<string> {
  return new Set(Object.keys(modeSchema(mode)?.properties ?? {}));
}

/** Keys that belong only to a mode (not to the other one). */
export function keysOnlyIn(mode: SmtpMode): Set<string> {
  const other = modeKeys(otherMode(mode));
  return new Set([...modeKeys(mode)].filter((k) => !other.has(k)));
}

export function otherMode(mode: SmtpMode): SmtpMode {
  return mode === 'basic' ? 'oauth2' : 'basic';
}

/** The schema node of a key in a mode's branch. */
export function keySchema(mode: SmtpMode, key: string): SchemaLike | undefined {
  return modeSchema(mode)?.properties?.[key];
}

/** The mode when `smtp` is a mapping and `mode` is exactly `basic` or `oauth2`; otherwise undefined. */
export function smtpMode(doc: ConfigDocument): SmtpMode | undefined {
  if (!doc.map(['smtp'])) return undefined;
  const value = doc.value(['smtp', 'mode']);
  return value === 'basic' || value === 'oauth2' ? value : undefined;
}

/** What a key holds: nothing, an empty value, a mapping or list, or a scalar. */
export type ValueState =
  | { kind: 'absent' }
  | { kind: 'empty'; keySpan: Span }
  | { kind: 'container'; keySpan: Span }
  | { kind: 'scalar'; keySpan: Span; node: Scalar; span: Span; value: unknown; text: string };

export function valueState(doc: ConfigDocument, path: Path): ValueState {
  const pair = doc.pair(path);
  if (!pair) return { kind: 'absent' };
  const keySpan = doc.keySpan(path) ?? doc.reportSpan(path);
  const node = doc.node(path);
  if (!node) return { kind: 'empty', keySpan };
  if (isMap(node) || isSeq(node)) return { kind: 'container', keySpan };
  if (!isScalar(node)) return { kind: 'empty', keySpan };
  if (node.value === null || node.value === undefined) return { kind: 'empty', keySpan };
  const text = typeof node.value === 'string' ? node.value : String(node.source ?? node.value);
  // For an alias (`*name`), report and edit at the alias, not at the anchor it points to.
  const written = pair.value as Node | null;
  const span = written && isAlias(written) ? doc.span(written) : scalarSpan(doc, node);
  return { kind: 'scalar', keySpan, node, span, value: node.value, text };
}

/** A scalar's span without the line break a block scalar (`|`, `>`) ends with. */
export function scalarSpan(doc: ConfigDocument, node: Node): Span {
  const span = doc.span(node);
  let end = span.end;
  while (end > span.start && /\s/.test(doc.text[end - 1])) end--;
  return { start: span.start, end };
}

/** A short, safe description of a non-text scalar (never used for secrets). */
export function describeScalar(value: unknown, text: string): string {
  if (typeof value === 'boolean') return `\`${text}\` (true/false)`;
  if (typeof value === 'number' || typeof value === 'bigint') return `the number \`${text}\``;
  return `"${text.length > 60 ? text.slice(0, 60) + '…' : text}"`;
}

/** The lines a block-style `key: value` pair occupies, for removal and insertion edits. */
export interface PairLines {
  /** Start of the key's line. */
  start: number;
  /** Start of the line after the pair (or the end of the text). */
  end: number;
  /** End of the pair's last line, before its line break. */
  lastLineEnd: number;
  /** The whitespace before the key. */
  indent: string;
}

/** Undefined when the pair is not alone on its lines (flow style), so no line edit is safe. */
export function pairLines(doc: ConfigDocument, pair: Pair<unknown, unknown>): PairLines | undefined {
  const key = pair.key as (Node & { range?: [number, number, number] }) | null;
  if (!key || !isScalar(key) || !key.range) return undefined;
  const text = doc.text;
  const keyStart = key.range[0];
  const keyLine = doc.lines.position(keyStart).line;
  const start = doc.lines.lineStarts[keyLine];
  const indent = text.slice(start, keyStart);
  if (!/^[ ]*$/.test(indent)) return undefined;
  let end = key.range[1];
  const value = pair.value as (Node & { range?: [number, number, number] }) | null;
  if (value && value.range) end = Math.max(end, value.range[1]);
  while (end > keyStart && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  const endLine = doc.lines.position(end).line;
  const endLineStart = doc.lines.lineStarts[endLine];
  const lastLineEnd = endLineStart + doc.lines.lineText(endLine).length;
  if (!/^\s*(#.*)?$/.test(text.slice(end, lastLineEnd))) return undefined;
  const next = endLine + 1 < doc.lines.lineCount ? doc.lines.lineStarts[endLine + 1] : text.length;
  return { start, end: next, lastLineEnd, indent };
}

/** The edit that removes a block-style pair's lines, or undefined when that is not safe. */
export function removePairEdit(doc: ConfigDocument, path: Path): { span: Span; newText: string } | undefined {
  const pair = doc.pair(path);
  const lines = pair ? pairLines(doc, pair) : undefined;
  return lines ? { span: { start: lines.start, end: lines.end }, newText: '' } : undefined;
}

/** The line break the document uses. */
export function eol(doc: ConfigDocument): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}
