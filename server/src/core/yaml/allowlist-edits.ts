/** Text edits on the firewall allowlist that keep comments and the siblings' indentation. */
import { isMap, isScalar } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import type { ConfigDocument } from '../document';
import { DEFAULT_PORT, DEFAULT_PROTOCOL, yamlHost } from '../domain/hosts';
import type { Span } from '../types';
import { followsCommentSeparatedPlainScalar, valueWithTagSpan, withDocumentLineBreaks as withEol } from './edits';
import type { SpanEdit } from './edits';
import { afterLine, column, documentEnd, indentBefore, isLineStart, lineEndAfter } from './spans';

export interface NewEntry {
  host: string;
  port: number;
  protocol: string;
}

/** Whether an entry can be written as a bare host (the defaults: HTTPS on 443). */
function isBare(entry: NewEntry): boolean {
  return entry.port === DEFAULT_PORT && entry.protocol === DEFAULT_PROTOCOL;
}

/** Block list items at `indent` (the column of the dash), one per line, without a final line break. */
export function blockItems(entries: readonly NewEntry[], indent: string): string {
  return entries
    .map((e) =>
      isBare(e)
        ? `${indent}- ${yamlHost(e.host)}`
        : `${indent}- host: ${yamlHost(e.host)}\n${indent}  port: ${e.port}\n${indent}  protocol: ${e.protocol}`,
    )
    .join('\n');
}

function flowItem(e: NewEntry): string {
  return isBare(e) ? yamlHost(e.host) : `{ host: ${yamlHost(e.host)}, port: ${e.port}, protocol: ${e.protocol} }`;
}

/**
 * One edit that adds entries to `firewall.allowlist`: after the last item of a block list (with its dash column),
 * inside a flow list, under an empty `allowlist:`, as a new `allowlist:` under `firewall`, or as a new
 * `firewall:` block at the end of the file. Undefined when the shape leaves no safe place.
 */
export function insertEntries(doc: ConfigDocument, entries: readonly NewEntry[]): SpanEdit | undefined {
  if (entries.length === 0 || !doc.root) return undefined;
  const seq = doc.seq(['firewall', 'allowlist']);
  if (seq) return insertIntoSeq(doc, seq, entries);
  const allowlistPair = doc.pair(['firewall', 'allowlist']);
  if (allowlistPair) {
    // `allowlist:` with nothing after it.
    const value = allowlistPair.value as Node | null;
    if (value && !(isScalar(value) && value.value === null)) return undefined;
    const key = allowlistPair.key as Node;
    const keyStart = doc.span(key).start;
    const indent = indentBefore(doc, keyStart);
    if (indent === undefined) return undefined;
    return blockUnderKey(doc, key, value, withEol(doc, `\n${blockItems(entries, indent + '  ')}`));
  }
  const firewallPair = doc.pair(['firewall']);
  if (firewallPair) {
    const value = firewallPair.value as Node | null;
    const key = firewallPair.key as Node;
    const keyIndent = indentBefore(doc, doc.span(key).start);
    if (keyIndent === undefined) return undefined;
    let childIndent = keyIndent + '  ';
    if (isMap(value)) {
      if (value.flow) return insertIntoFlowMap(doc, value, `allowlist: [${entries.map(flowItem).join(', ')}]`);
      const firstKey = value.items[0]?.key as Node | undefined;
      if (firstKey) {
        const indent = indentBefore(doc, doc.span(firstKey).start);
        if (indent === undefined) return undefined;
        childIndent = indent;
      }
    } else if (value && !(isScalar(value) && value.value === null)) {
      return undefined;
    }
    const body = withEol(doc, `\n${childIndent}allowlist:\n${blockItems(entries, childIndent + '  ')}`);
    return isMap(value) ? blockUnderKey(doc, key, null, body) : blockUnderKey(doc, key, value, body);
  }
  // No `firewall` at all: a new top-level block at the end of the file.
  const root = doc.root;
  if (root.flow) return undefined;
  const firstKey = root.items[0]?.key as Node | undefined;
  const rootIndent = firstKey ? indentBefore(doc, doc.span(firstKey).start) : '';
  if (rootIndent === undefined) return undefined;
  const at = documentEnd(doc);
  if (followsCommentSeparatedPlainScalar(doc, at)) return undefined;
  const lead = at === 0 || isLineStart(doc, at) ? '' : '\n';
  return {
    span: { start: at, end: at },
    newText: withEol(doc, `${lead}${rootIndent}firewall:\n${rootIndent}  allowlist:\n${blockItems(entries, rootIndent + '    ')}\n`),
  };
}

/**
 * An edit that writes `body` (starting with a line break) as the block value of `key`, at the end of the key's line
 * (after any comment). A null written out after the key (`~`, `null`, `!!null`) goes: the block replaces it, or
 * `firewall: ~` and an indented block below would not parse. Undefined for an anchored null (aliases name it) or a
 * null not on the key's line.
 */
function blockUnderKey(doc: ConfigDocument, key: Node, value: Node | null, body: string): SpanEdit | undefined {
  const lineEnd = lineEndAfter(doc, doc.span(key).end);
  const written = value ? valueWithTagSpan(doc, value) : undefined;
  if (!value || !written || (written.start === written.end && !value.tag)) return { span: { start: lineEnd, end: lineEnd }, newText: body };
  if (value.anchor || written.end > lineEnd || doc.lines.lineAt(written.start) !== doc.lines.lineAt(lineEnd)) return undefined;
  let start = written.start;
  while (start > 0 && (doc.text[start - 1] === ' ' || doc.text[start - 1] === '\t')) start--;
  // Only a comment can follow the null on its line: it stays, after the key.
  const comment = doc.text.slice(written.end, lineEnd).trim();
  return { span: { start, end: lineEnd }, newText: (comment ? ` ${comment}` : '') + body };
}

/** An edit adding `entry` (`key: value`) to a flow mapping: inside empty braces, or after its last entry. */
function insertIntoFlowMap(doc: ConfigDocument, map: YAMLMap<unknown, unknown>, entry: string): SpanEdit | undefined {
  const last = map.items[map.items.length - 1];
  if (last) {
    const lastNode = (last.value ?? last.key) as Node | null;
    if (!lastNode) return undefined;
    const at = doc.span(lastNode).end;
    return { span: { start: at, end: at }, newText: `, ${entry}` };
  }
  const open = doc.span(map).start;
  if (doc.text[open] !== '{') return undefined;
  return { span: { start: open + 1, end: open + 1 }, newText: ` ${entry} ` };
}

function insertIntoSeq(doc: ConfigDocument, seq: YAMLSeq<unknown>, entries: readonly NewEntry[]): SpanEdit | undefined {
  const items = seq.items.map((i) => doc.resolve(i as Node | null)).filter((i): i is Node => i !== undefined);
  if (seq.flow) {
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    const text = entries.map(flowItem).join(', ');
    if (last) {
      const at = doc.span(last).end;
      return { span: { start: at, end: at }, newText: `, ${text}` };
    }
    const open = doc.span(seq).start;
    if (doc.text[open] !== '[') return undefined;
    return { span: { start: open + 1, end: open + 1 }, newText: text };
  }
  const seqStart = doc.span(seq).start;
  const indent = indentBefore(doc, seqStart);
  if (indent === undefined || items.length === 0) return undefined;
  const lastRaw = seq.items[seq.items.length - 1] as Node | null;
  const lastEnd = lastRaw ? doc.span(lastRaw).end : seqStart + 1;
  const at = lineEndAfter(doc, lastEnd);
  if (followsCommentSeparatedPlainScalar(doc, at)) return undefined;
  return { span: { start: at, end: at }, newText: withEol(doc, `\n${blockItems(entries, indent)}`) };
}

/** An edit that removes list item `index` of `firewall.allowlist` (its whole lines in a block list). */
export function removeItem(doc: ConfigDocument, index: number): SpanEdit | undefined {
  const seq = doc.seq(['firewall', 'allowlist']);
  if (!seq) return undefined;
  const raw = seq.items[index] as Node | null | undefined;
  if (!raw) return undefined;
  const span = doc.span(raw);
  if (seq.flow) {
    if (index === 0) {
      const next = seq.items[1] as Node | undefined;
      return next ? { span: { start: span.start, end: doc.span(next).start }, newText: '' } : { span, newText: '' };
    }
    const previous = seq.items[index - 1] as Node | undefined;
    return previous ? { span: { start: doc.span(previous).end, end: span.end }, newText: '' } : undefined;
  }
  // Block list: from the start of the dash's line to the end of the item's last line.
  const dash = doc.text.lastIndexOf('-', span.start);
  if (dash === -1 || !/^[ \t]*$/.test(doc.text.slice(dash + 1, span.start))) return undefined;
  const lineStart = dash - column(doc, dash);
  if (!/^[ \t]*$/.test(doc.text.slice(lineStart, dash))) return undefined;
  return { span: { start: lineStart, end: afterLine(doc, lineEndAfter(doc, span.end)) }, newText: '' };
}

/**
 * Where a missing allowlist host is reported: the `allowlist` key; the `firewall` key when the list is absent;
 * `fallback` (the key that needs the hosts) when `firewall` is absent. Undefined when `firewall` or `allowlist`
 * has the wrong shape (text where a mapping or list belongs): IMP-DOC-003 reports that, and nothing can be added.
 */
export function allowlistAnchor(doc: ConfigDocument, fallback: Span | undefined): Span | undefined {
  const isEmpty = (node: unknown) => node === null || node === undefined || (isScalar(node) && node.value === null);
  const allowlist = doc.pair(['firewall', 'allowlist']);
  if (allowlist) {
    const value = doc.resolve(allowlist.value as Node | null);
    return doc.seq(['firewall', 'allowlist']) || isEmpty(value) ? doc.keySpan(['firewall', 'allowlist']) : undefined;
  }
  const firewall = doc.pair(['firewall']);
  if (firewall) {
    const value = doc.resolve(firewall.value as Node | null);
    return isMap(value) || isEmpty(value) ? doc.keySpan(['firewall']) : undefined;
  }
  return fallback;
}

/**
 * Where a bare list entry turned into the map form (`host:` and more keys on the lines below) is written: the entry
 * with its `!tag` (which would otherwise sit before `host:`, a syntax error). Undefined for an entry with an
 * `&anchor` (it would anchor the key `host` instead) or whose tag cannot be located.
 */
export function scalarEntryToMapSpan(doc: ConfigDocument, index: number, hostSpan: Span): Span | undefined {
  const node = doc.node(['firewall', 'allowlist', index]);
  if (!node || node.anchor) return undefined;
  return node.tag ? valueWithTagSpan(doc, node) : hostSpan;
}
