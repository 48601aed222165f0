/**
 * The document's shape for the editor: symbols (sections, appliances, providers, allowlist entries, attribute
 * mappings), folding ranges (blocks, comment runs, `# region` markers) and selection ranges (word, value, key/value
 * pair, block, ..., document). From the parsed tree; a secret's value is never put in a symbol. Pure.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import { isMergePair, keyName } from '../document';
import { isSecretKeyName } from '../secret-names';
import type { Span } from '../types';
import { lastStartingAtOrBefore } from './cursor';
import { patternOf } from './key-facts';
import type { DocumentSymbol, FoldingRange, SelectionRange, SymbolKind } from './types';

/** The lists whose items are named by one of their keys, and the kind of symbol an item is. */
const NAMED_ITEMS: Readonly<Record<string, { key?: string; kind: SymbolKind }>> = {
  'firewall.allowlist': { key: 'host', kind: 'host' },
  appliances: { key: 'host', kind: 'appliance' },
  'identityProofing.providers': { key: 'name', kind: 'provider' },
  'directory.extendedAttributes': { key: 'name', kind: 'item' },
};

const MAX_DETAIL = 60;

export function documentSymbols(doc: ConfigDocument): DocumentSymbol[] {
  const root = doc.root;
  return root ? mapSymbols(doc, root, []) : [];
}

function mapSymbols(doc: ConfigDocument, map: YAMLMap<unknown, unknown>, path: Path): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const pair of map.items as Pair<unknown, unknown>[]) {
    if (isMergePair(pair)) continue;
    const name = keyName(pair);
    const keyRange = doc.nodeRange(pair.key);
    if (name === undefined || !keyRange) continue;
    const value = pair.value as Node | null;
    const keySpan = { start: keyRange[0], end: keyRange[1] };
    const span = { start: keyRange[0], end: Math.max(keyRange[1], valueEnd(doc, value)) };
    const childPath = [...path, name];
    if (isMap(value)) {
      const discriminator = doc.string([...childPath, 'type']) ?? doc.string([...childPath, 'mode']);
      symbols.push({
        name,
        detail: discriminator ? shorten(discriminator) : undefined,
        kind: path.length === 0 ? 'section' : 'mapping',
        span,
        selectionSpan: keySpan,
        children: mapSymbols(doc, value, childPath),
      });
    } else if (isSeq(value)) {
      symbols.push({
        name,
        detail: `${value.items.length} ${value.items.length === 1 ? 'item' : 'items'}`,
        kind: path.length === 0 ? 'section' : 'list',
        span,
        selectionSpan: keySpan,
        children: seqSymbols(doc, value, childPath),
      });
    } else {
      symbols.push({ name, detail: scalarDetail(name, value), kind: 'key', span, selectionSpan: keySpan, children: [] });
    }
  }
  return symbols;
}

function seqSymbols(doc: ConfigDocument, seq: YAMLSeq<unknown>, path: Path): DocumentSymbol[] {
  const named = NAMED_ITEMS[patternOf(path)];
  const symbols: DocumentSymbol[] = [];
  seq.items.forEach((raw, index) => {
    const item = raw as Node | null;
    const range = doc.nodeRange(item);
    if (!item || !range) return;
    const span = itemSpan(doc, { start: range[0], end: Math.max(range[0], valueEnd(doc, item)) });
    let name: string | undefined;
    let selectionSpan: Span = { start: range[0], end: range[1] };
    if (isScalar(item)) {
      name = scalarText(item);
    } else if (isMap(item) && named?.key) {
      const label = (item.items as Pair<unknown, unknown>[]).find((p) => keyName(p) === named.key)?.value as Node | null;
      const labelRange = doc.nodeRange(label);
      if (isScalar(label) && labelRange) {
        name = scalarText(label);
        selectionSpan = { start: labelRange[0], end: labelRange[1] };
      }
    }
    symbols.push({
      name: name && name.trim() !== '' ? shorten(name) : `[${index}]`,
      kind: named?.kind ?? (isMap(item) ? 'mapping' : isSeq(item) ? 'list' : 'item'),
      span,
      selectionSpan: contain(span, selectionSpan),
      children: isMap(item) ? mapSymbols(doc, item, [...path, index]) : isSeq(item) ? seqSymbols(doc, item, [...path, index]) : [],
    });
  });
  return symbols;
}

function scalarDetail(key: string, value: Node | null): string | undefined {
  if (isSecretKeyName(key)) return undefined;
  if (isAlias(value)) return `*${value.source}`;
  if (!isScalar(value)) return undefined;
  const text = scalarText(value);
  return text === undefined || text === '' ? undefined : shorten(text);
}

function scalarText(node: Node): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : String(node.source ?? value);
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line;
}

/** Where a node's value ends, trailing whitespace and line breaks left out. */
function valueEnd(doc: ConfigDocument, node: Node | null): number {
  const range = doc.nodeRange(node);
  if (!range) return 0;
  let end = range[1];
  while (end > range[0] && /\s/.test(doc.text[end - 1])) end--;
  return end;
}

/** A list item's span with its dash: from the `- ` before the item on its line. */
function itemSpan(doc: ConfigDocument, span: Span): Span {
  let start = span.start;
  let i = start - 1;
  while (i >= 0 && doc.text[i] === ' ') i--;
  if (i >= 0 && doc.text[i] === '-') start = i;
  return { start, end: span.end };
}

function contain(outer: Span, inner: Span): Span {
  const start = Math.max(outer.start, Math.min(inner.start, outer.end));
  return { start, end: Math.max(start, Math.min(inner.end, outer.end)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Folding

const REGION_START = /^\s*#\s*region\b/;
const REGION_END = /^\s*#\s*endregion\b/;

export function foldingRanges(doc: ConfigDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const lineOf = (offset: number): number => doc.lines.position(offset).line;
  const walk = (node: unknown, depth: number): void => {
    if (depth > 64) return;
    if (isMap(node)) {
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const keyRange = doc.nodeRange(pair.key);
        const value = pair.value as Node | null;
        const end = valueEnd(doc, value);
        if (keyRange && value && (isMap(value) || isSeq(value) || isBlockScalar(value)) && !isFlow(value)) {
          const startLine = lineOf(keyRange[0]);
          const endLine = lineOf(Math.max(keyRange[0], end - 1));
          if (endLine > startLine) ranges.push({ startLine, endLine });
        }
        walk(value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const range = doc.nodeRange(item);
        if (range && (isMap(item) || isSeq(item)) && !isFlow(item as Node)) {
          const startLine = lineOf(range[0]);
          const endLine = lineOf(Math.max(range[0], valueEnd(doc, item as Node) - 1));
          if (endLine > startLine) ranges.push({ startLine, endLine });
        }
        walk(item, depth + 1);
      }
    }
  };
  walk(doc.yaml?.contents, 0);
  ranges.push(...commentRanges(doc));
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function isFlow(node: Node): boolean {
  return (isMap(node) || isSeq(node)) && !!node.flow;
}

function isBlockScalar(node: Node): boolean {
  return isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
}

/** Runs of two or more whole-line comments, and `# region` ... `# endregion` pairs. */
function commentRanges(doc: ConfigDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const regions: number[] = [];
  let runStart = -1;
  const count = doc.lines.lineCount;
  for (let line = 0; line <= count; line++) {
    const text = line < count ? doc.lines.lineText(line) : '';
    if (line < count && REGION_START.test(text)) {
      regions.push(line);
    } else if (line < count && REGION_END.test(text)) {
      const start = regions.pop();
      if (start !== undefined && line > start) ranges.push({ startLine: start, endLine: line, kind: 'region' });
    }
    const isComment = line < count && /^\s*#/.test(text) && !REGION_START.test(text) && !REGION_END.test(text);
    if (isComment && runStart < 0) runStart = line;
    if (!isComment && runStart >= 0) {
      if (line - 1 > runStart) ranges.push({ startLine: runStart, endLine: line - 1, kind: 'comment' });
      runStart = -1;
    }
  }
  return ranges;
}

// ---------------------------------------------------------------------------------------------------------------
// Selection ranges

/** For each offset: the word, the value, the key/value pair, the block, ... up to the whole document. */
export function selectionRanges(doc: ConfigDocument, offsets: readonly number[]): SelectionRange[] {
  return offsets.map((offset) => selectionRange(doc, offset));
}

function selectionRange(doc: ConfigDocument, offset: number): SelectionRange {
  const whole = { start: 0, end: doc.text.length };
  const spans: Span[] = [whole];
  let current: unknown = doc.yaml?.contents;
  for (let depth = 0; depth < 64 && current; depth++) {
    if (isMap(current)) {
      const pairs = current.items as Pair<unknown, unknown>[];
      const index = lastStartingAtOrBefore(pairs, offset, (p) => doc.nodeRange(p.key)?.[0]);
      if (index < 0) break;
      const pair = pairs[index];
      const keyRange = doc.nodeRange(pair.key);
      const value = pair.value as Node | null;
      if (!keyRange) break;
      const pairSpan = { start: keyRange[0], end: Math.max(keyRange[1], valueEnd(doc, value)) };
      if (offset > pairSpan.end) break;
      spans.push(pairSpan);
      if (offset <= keyRange[1]) {
        spans.push({ start: keyRange[0], end: keyRange[1] });
        break;
      }
      const valueRange = doc.nodeRange(value);
      if (!value || !valueRange || offset < valueRange[0]) break;
      spans.push({ start: valueRange[0], end: valueEnd(doc, value) });
      current = value;
    } else if (isSeq(current)) {
      const items = current.items as unknown[];
      const index = lastStartingAtOrBefore(items, offset, (item) => doc.nodeRange(item)?.[0]);
      if (index < 0) break;
      const item = items[index] as Node;
      const range = doc.nodeRange(item);
      if (!range) break;
      const span = { start: range[0], end: valueEnd(doc, item) };
      if (offset > span.end) break;
      spans.push(itemSpan(doc, span), span);
      current = item;
    } else {
      break;
    }
  }
  const last = spans[spans.length - 1];
  const word = wordAround(doc.text, offset, last);
  if (word) spans.push(word);
  // Innermost first; each range contains the next one in, and no two are equal.
  let result: SelectionRange | undefined;
  let previous: Span | undefined;
  for (const span of spans) {
    const clipped = previous ? contain(previous, span) : span;
    if (previous && clipped.start === previous.start && clipped.end === previous.end) continue;
    result = { span: clipped, parent: result };
    previous = clipped;
  }
  if (!result || offset < result.span.start || offset > result.span.end) {
    return { span: { start: offset, end: offset }, parent: result };
  }
  return result;
}

/** The run of letters, digits, `-` and `_` around the offset, inside `within`. */
function wordAround(text: string, offset: number, within: Span): Span | undefined {
  let start = offset;
  let end = offset;
  while (start > within.start && /[\w-]/.test(text[start - 1])) start--;
  while (end < within.end && /[\w-]/.test(text[end])) end++;
  return end > start ? { start, end } : undefined;
}
