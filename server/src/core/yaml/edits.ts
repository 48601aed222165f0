/**
 * Minimal text edits on the YAML as written: they keep comments, quoting, indentation and the line breaks of the
 * rest of the file byte for byte. Every quick fix is built from these (or from allowlist-edits.ts).
 */
import { isMap, isScalar, Scalar, visit } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { keyName } from '../document';
import type { ConfigDocument, Path } from '../document';
import type { Span } from '../types';
import { afterLine, column, isLineStart, keyColumn, lineEndAfter, lineStart, trimSpanEnd } from './spans';

/** A text edit in document offsets. */
export interface SpanEdit {
  span: Span;
  newText: string;
}

/** The line break the document uses most (`\r\n`, `\r` or `\n`), for edits that insert lines. */
export function lineBreakOf(doc: ConfigDocument): string {
  return doc.lines.lineBreak;
}

/** `text` written with `\n` line breaks, converted to the document's. */
export function withDocumentLineBreaks(doc: ConfigDocument, text: string): string {
  const lineBreak = lineBreakOf(doc);
  return lineBreak === '\n' ? text : text.replace(/\n/g, lineBreak);
}

/** `lines` joined with the document's line break: a replacement text that spans lines. */
export function joinLines(doc: ConfigDocument, lines: readonly string[]): string {
  return lines.join(lineBreakOf(doc));
}

/** `lines` each started with the document's line break: new lines inserted at the end of a line's text. */
export function followingLines(doc: ConfigDocument, lines: readonly string[]): string {
  const lineBreak = lineBreakOf(doc);
  return lines.map((line) => lineBreak + line).join('');
}

/**
 * An edit inserting `lines` (each with its indentation, without line breaks) as new lines after the line holding
 * `offset`, at the end of that line's text (after any comment on it), before its line break.
 */
export function insertLinesAtLineEnd(doc: ConfigDocument, offset: number, lines: readonly string[]): SpanEdit {
  const at = lineEndAfter(doc, offset);
  return { span: { start: at, end: at }, newText: followingLines(doc, lines) };
}

/** The text that replaces a scalar with `value`, keeping its quoting style (a plain scalar gets `value` as is). */
export function scalarText(node: Node, value: string): string {
  if (isScalar(node)) {
    if (node.type === Scalar.QUOTE_DOUBLE) return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  }
  return value;
}

/**
 * The span a replacement of a node's value covers: the node and the `!tag` written before it (on its line or the
 * lines before, as the parser's range starts after it), which may not fit the new value (`!!int` before `basic`) or
 * would change its meaning (`!!str` before `587`). Undefined when the tag cannot be found there.
 */
export function valueWithTagSpan(doc: ConfigDocument, node: Node): Span | undefined {
  const span = trimSpanEnd(doc, doc.span(node));
  if (!node.tag) return span;
  const text = doc.text;
  let start = span.start;
  // An empty value (`key: !!str  # note`) ends where its properties do: the spaces before a comment stay.
  let end = span.end;
  let tagFound = false;
  let anchorFound = !node.anchor;
  while (!tagFound || !anchorFound) {
    let tokenEnd = start;
    while (tokenEnd > 0 && /\s/.test(text[tokenEnd - 1])) tokenEnd--;
    let tokenStart = tokenEnd;
    while (tokenStart > 0 && !/[\s[{,]/.test(text[tokenStart - 1])) tokenStart--;
    const token = text.slice(tokenStart, tokenEnd);
    if (span.start === span.end && end === span.end) end = tokenEnd;
    if (!tagFound && token.startsWith('!')) tagFound = true;
    else if (!anchorFound && token === `&${node.anchor}`) anchorFound = true;
    else return undefined;
    start = tokenStart;
  }
  return { start, end };
}

/**
 * An edit replacing a node's value with `newText` (written as it should appear): the node's tag goes with the old
 * value, its `&anchor` stays (aliases keep pointing at the value). Undefined when the tag cannot be located.
 */
export function replaceValueEdit(doc: ConfigDocument, node: Node, newText: string): SpanEdit | undefined {
  const span = valueWithTagSpan(doc, node);
  if (!span) return undefined;
  return { span, newText: node.tag && node.anchor ? `&${node.anchor} ${newText}` : newText };
}

/**
 * An edit replacing a scalar's value with `value`, keeping its quotes; `value` must be safe as a plain scalar when
 * the scalar is plain (the caller's guarantee). An empty value (`key:`) gets a separating space. Block scalars are
 * not rewritten (undefined).
 */
export function replaceScalarEdit(doc: ConfigDocument, node: Scalar, value: string): SpanEdit | undefined {
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
  const span = doc.span(node);
  if (span.start === span.end && !node.tag) {
    const before = doc.text[span.start - 1];
    // A comment right after the empty value (`key:  # note`) needs a space before its `#`, or it becomes value text.
    const after = doc.text[span.start] === '#' ? ' ' : '';
    return { span, newText: `${before === ' ' || before === '\t' ? '' : ' '}${value}${after}` };
  }
  return replaceValueEdit(doc, node, scalarText(node, value));
}

/**
 * The renames of keys (edits over a key's span, `newText` the new name) that would write a key onto one its mapping
 * already has: a duplicate key, which YAML rejects. One pass over the document, whatever the number of renames.
 */
export function renamesOntoExistingKeys(doc: ConfigDocument, renames: readonly SpanEdit[]): Set<SpanEdit> {
  const taken = new Set<SpanEdit>();
  if (renames.length === 0 || !doc.yaml) return taken;
  const wanted = new Map(renames.map((rename) => [rename.span.start, rename]));
  visit(doc.yaml, {
    Map(_, map) {
      for (const pair of map.items) {
        const key = pair.key as Node | null;
        const rename = key && doc.nodeRange(key) ? wanted.get(doc.span(key).start) : undefined;
        const name = rename && (/^(["'])(.*)\1$/.exec(rename.newText)?.[2] ?? rename.newText);
        if (rename && map.items.some((other) => other !== pair && keyName(other) === name)) taken.add(rename);
      }
    },
  });
  return taken;
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

/**
 * The whole lines of a block-mapping pair, from its key's line to its value's last line (a trailing comment and the
 * line break included). Undefined when the pair does not have its lines to itself (a flow mapping, a key after
 * other text, something after the value on its last line), so that no line edit is safe.
 */
export function pairLines(doc: ConfigDocument, pair: Pair<unknown, unknown>, map?: YAMLMap<unknown, unknown>): PairLines | undefined {
  if (map?.flow) return undefined;
  const key = pair.key as Node | null;
  const keyRange = doc.nodeRange(key);
  if (!key || !isScalar(key) || !keyRange) return undefined;
  const text = doc.text;
  const keyStart = keyRange[0];
  const keyLine = doc.lines.position(keyStart).line;
  const start = doc.lines.lineStarts[keyLine];
  const indent = text.slice(start, keyStart);
  if (!/^[ ]*$/.test(indent)) return undefined;
  let end = keyRange[1];
  const valueRange = doc.nodeRange(pair.value);
  if (valueRange) end = Math.max(end, valueRange[1]);
  while (end > keyStart && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  const endLine = doc.lines.position(end).line;
  const endLineStart = doc.lines.lineStarts[endLine];
  const lastLineEnd = endLineStart + doc.lines.lineText(endLine).length;
  if (!/^\s*(#.*)?$/.test(text.slice(end, lastLineEnd))) return undefined;
  const next = endLine + 1 < doc.lines.lineCount ? doc.lines.lineStarts[endLine + 1] : text.length;
  return { start, end: next, lastLineEnd, indent };
}

/** The span of a pair's whole lines (see pairLines), for "remove this key" fixes. */
export function pairLinesSpan(doc: ConfigDocument, map: YAMLMap<unknown, unknown>, pair: Pair<unknown, unknown>): Span | undefined {
  const lines = pairLines(doc, pair, map);
  return lines ? { start: lines.start, end: lines.end } : undefined;
}

/** The edit that removes a block-style pair's lines, or undefined when that is not safe. */
export function removePairEdit(doc: ConfigDocument, path: Path): SpanEdit | undefined {
  const pair = doc.pair(path);
  const lines = pair ? pairLines(doc, pair) : undefined;
  return lines ? { span: { start: lines.start, end: lines.end }, newText: '' } : undefined;
}

/**
 * How an empty value is written at `end` (where a value ends, at the end of its line): nothing, unless a blank line
 * below starts with a tab. The parser would then read the lines below as the value, indented with a tab (a syntax
 * error): an empty quoted string instead.
 */
export function emptyValueText(doc: ConfigDocument, end: number): string {
  const line = doc.lines.lineAt(end);
  for (let below = line + 1; below < doc.lines.lineCount; below++) {
    const text = doc.lines.lineText(below);
    const trimmed = text.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) break;
    if (trimmed === '' && /^ *\t/.test(text)) return '""';
  }
  return '';
}

/**
 * Whether lines inserted at `at` would follow a plain scalar written below a full-line comment (`key:`, `# note`,
 * `  value`). YAML allows that, but the yaml library then reads the scalar and the inserted line as one multi-line
 * key (MULTILINE_IMPLICIT_KEY), or silently as one string in a list: no edit may append there.
 */
export function followsCommentSeparatedPlainScalar(doc: ConfigDocument, at: number): boolean {
  const atLine = doc.lines.lineAt(at);
  let sawScalarLine = false;
  for (let line = atLine; line >= 0; line--) {
    const whole = doc.lines.lineText(line);
    const text = (line === atLine ? whole.slice(0, at - doc.lines.lineStarts[line]) : whole).trim();
    if (text === '') continue;
    if (text.startsWith('#')) return sawScalarLine;
    // Only a line holding nothing but plain scalar text continues the search: a key, a list dash, a quoted or flow
    // value, a block scalar indicator or a trailing comment ends the scalar on safe terms.
    if (/^[-?"'[{|>%]/.test(text) || /:(?:\s|$)/.test(text) || /\s#/.test(text)) return false;
    sawScalarLine = true;
  }
  return false;
}

/**
 * An edit inserting `lines` (without indentation) as new keys at the end of a block mapping, indented like its
 * keys. Undefined for flow or empty mappings.
 */
export function appendToMapEdit(doc: ConfigDocument, map: YAMLMap<unknown, unknown>, lines: string[]): SpanEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const indent = keyColumn(doc, map.items[0]);
  const lastLines = pairLinesSpan(doc, map, map.items[map.items.length - 1]);
  if (indent === undefined || !lastLines) return undefined;
  const pad = ' '.repeat(indent);
  const at = lastLines.end;
  if (followsCommentSeparatedPlainScalar(doc, at)) return undefined;
  const nl = lineBreakOf(doc);
  const lead = isLineStart(doc, at) ? '' : nl;
  return { span: { start: at, end: at }, newText: lead + lines.map((l) => pad + l + nl).join('') };
}

/** An edit inserting `line` as the first key of a block mapping. */
export function prependToMapEdit(doc: ConfigDocument, map: YAMLMap<unknown, unknown>, line: string): SpanEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const first = map.items[0];
  const key = first.key as Node | undefined;
  const indent = keyColumn(doc, first);
  if (!key || indent === undefined) return undefined;
  const keyStart = doc.span(key).start;
  const start = lineStart(doc, keyStart);
  if (doc.text.slice(start, keyStart).trim() !== '') return undefined;
  return { span: { start, end: start }, newText: ' '.repeat(indent) + line + lineBreakOf(doc) };
}

/**
 * An edit that inserts whole lines after the line on which `span` ends (after any comment on it). `lines` are
 * given without indentation or line breaks.
 */
export function insertLinesAfter(doc: ConfigDocument, span: Span, indent: number, lines: readonly string[]): SpanEdit {
  const nl = lineBreakOf(doc);
  const after = afterLine(doc, trimSpanEnd(doc, span).end);
  const body = lines.map((l) => ' '.repeat(indent) + l).join(nl);
  if (!isLineStart(doc, after)) return { span: { start: after, end: after }, newText: nl + body };
  return { span: { start: after, end: after }, newText: body + nl };
}

/** The indentation step under the mapping at `path` (its keys' column minus its own key's column), 2 by default. */
export function indentStepUnder(doc: ConfigDocument, path: Path): number {
  const parent = doc.pair(path);
  const map = doc.map(path);
  if (!parent || !map || map.items.length === 0) return 2;
  const parentColumn = keyColumn(doc, parent);
  const childColumn = keyColumn(doc, map.items[0]);
  if (parentColumn === undefined || childColumn === undefined || childColumn <= parentColumn) return 2;
  return childColumn - parentColumn;
}

/** The document's indentation step: the column of the first key of the first nested block mapping, else 2. */
export function documentIndentStep(doc: ConfigDocument): number {
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
