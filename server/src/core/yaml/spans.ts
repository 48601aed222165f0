/**
 * Where things are in the document text: spans of scalars and parts of them, lines and columns. Offsets are UTF-16
 * offsets into the document, as everywhere in the core. One place for what the rule families used to copy.
 */
import type { Node, Pair, Scalar } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import type { Span } from '../types';

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

/** A node's span without trailing whitespace (block scalars and block collections end after a line break). */
export function trimmedSpan(doc: ConfigDocument, node: Node): Span {
  return trimSpanEnd(doc, doc.span(node));
}

/** A span without the whitespace it ends with. */
export function trimSpanEnd(doc: ConfigDocument, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(doc.text[end - 1])) end--;
  return { start: span.start, end };
}

/** The span of value characters [from, to) of a scalar, or the whole (trimmed) scalar when the mapping is not exact. */
export function valueSubSpan(doc: ConfigDocument, node: Scalar, from: number, to: number): Span {
  return exactSubSpan(doc, node, from, to) ?? trimmedSpan(doc, node);
}

/** The exact document span of value characters [from, to), or undefined when offsets do not map 1:1. */
export function exactSubSpan(doc: ConfigDocument, node: Scalar, from: number, to: number): Span | undefined {
  const start = contentStart(doc, node);
  return start === undefined ? undefined : { start: start + from, end: start + to };
}

/**
 * A span inside a value given as text (possibly cleaned of invisible characters) and the span it is written at:
 * exact when the text is written as is, plainly or quoted without escapes; otherwise the whole written value.
 */
export function textSubSpan(doc: ConfigDocument, valueSpan: Span, value: string, from: number, to: number): Span {
  const raw = doc.text.slice(valueSpan.start, valueSpan.end);
  if (raw === value) return { start: valueSpan.start + from, end: valueSpan.start + to };
  const quote = raw[0];
  if (raw.length >= 2 && (quote === '"' || quote === "'") && raw[raw.length - 1] === quote && raw.slice(1, -1) === value) {
    return { start: valueSpan.start + 1 + from, end: valueSpan.start + 1 + to };
  }
  return valueSpan;
}

/** The offset where the line holding `offset` starts (lines end at `\r\n`, `\r` or `\n`, as LSP counts them). */
export function lineStart(doc: ConfigDocument, offset: number): number {
  return doc.lines.lineStarts[doc.lines.lineAt(offset)];
}

/** The offset just after the line break ending the line that contains `offset` (or the end of the text). */
export function afterLine(doc: ConfigDocument, offset: number): number {
  const next = doc.lines.lineAt(offset) + 1;
  return next < doc.lines.lineCount ? doc.lines.lineStarts[next] : doc.text.length;
}

/** Whether `offset` is where a line starts (the text's start, or just after a line break). */
export function isLineStart(doc: ConfigDocument, offset: number): boolean {
  return lineStart(doc, offset) === offset;
}

/**
 * Where text appended to the document goes: the start of its document end marker line (`...`) when it has one, as
 * text after the marker would start a second document; else the end of the text.
 */
export function documentEnd(doc: ConfigDocument): number {
  for (let line = 0; line < doc.lines.lineCount; line++) {
    // A byte order mark may precede the marker on the first line: the new text goes after it.
    const marker = /^(\ufeff?)\.\.\.(?:[ \t]|$)/.exec(doc.lines.lineText(line));
    if (marker) return doc.lines.lineStarts[line] + marker[1].length;
  }
  return doc.text.length;
}

/** The 0-based column (UTF-16) of an offset. */
export function column(doc: ConfigDocument, offset: number): number {
  return doc.lines.position(offset).character;
}

/** The whitespace from the start of the line to `offset`, or undefined when something else precedes it. */
export function indentBefore(doc: ConfigDocument, offset: number): string | undefined {
  const before = doc.text.slice(offset - column(doc, offset), offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** The end of the line holding the last non-blank character before `end` (before its line break). */
export function lineEndAfter(doc: ConfigDocument, end: number): number {
  let last = end;
  while (last > 0 && /\s/.test(doc.text[last - 1])) last--;
  return doc.lines.lineEnd(doc.lines.lineAt(last));
}

/** The column of a pair's key (its indentation), or undefined. */
export function keyColumn(doc: ConfigDocument, pair: Pair<unknown, unknown>): number | undefined {
  const key = pair.key as Node | undefined;
  if (!key || !doc.nodeRange(key)) return undefined;
  return column(doc, doc.span(key).start);
}

/** Where a report about a key goes: the key when present, else where its value would be reported (the parent). */
export function keyOrReportSpan(doc: ConfigDocument, path: Path): Span {
  return doc.keySpan(path) ?? doc.reportSpan(path);
}
