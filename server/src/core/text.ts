import type { Position, Range, Span } from './types';

const CR = 13;
const LF = 10;

/**
 * Offsets <-> line/character for one text. The only place in the project where
 * positions are converted; everything upstream works in offsets.
 *
 * Lines end as LSP ends them: at `\r\n`, a lone `\r` or `\n`. A line's break is
 * not part of the line: an offset inside a break (the `\n` of `\r\n`, say) is
 * reported at the end of the line's text, so no range ever ends inside a
 * `\r\n` pair or past the text of its line.
 */
export class LineIndex {
  /** Offset at which each line starts. */
  readonly lineStarts: number[];

  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    this.lineStarts = lineStarts ?? computeLineStarts(text);
  }

  /** For incremental updates that already know the new line starts. */
  static fromStarts(text: string, lineStarts: number[]): LineIndex {
    return new LineIndex(text, lineStarts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The 0-based line holding an offset (clamped to the text). */
  lineAt(offset: number): number {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  position(offset: number): Position {
    const line = this.lineAt(offset);
    const start = this.lineStarts[line];
    const clamped = Math.max(start, Math.min(offset, this.lineEnd(line)));
    return { line, character: clamped - start };
  }

  span(range: Range): Span {
    return { start: this.offset(range.start), end: this.offset(range.end) };
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /**
   * The range of a diagnostic: as range(), except that a span running onto the start of a later line (a node that
   * ends with its line break) ends at the end of the line before instead, so it never covers a line break. Edits
   * keep range(): deleting whole lines needs the break.
   */
  findingRange(span: Span): Range {
    const range = this.range(span);
    if (range.end.line > range.start.line && range.end.character === 0) {
      const line = range.end.line - 1;
      range.end = { line, character: this.lineEnd(line) - this.lineStarts[line] };
    }
    return range;
  }

  /** The offset of a position, as LSP resolves it: a character past the line's text means its end. */
  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    return Math.max(start, Math.min(start + position.character, this.lineEnd(position.line)));
  }

  /** The offset just after a line's text (where its line break, if any, starts). */
  lineEnd(line: number): number {
    if (line >= this.lineStarts.length - 1) return this.text.length;
    const next = this.lineStarts[line + 1];
    const breakLength = this.text.charCodeAt(next - 1) === LF && this.text.charCodeAt(next - 2) === CR ? 2 : 1;
    return next - breakLength;
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    return this.text.slice(start, line < this.lineStarts.length ? this.lineEnd(line) : start);
  }

  /** The line break the text uses most (`\n` for a text without any), for edits that insert lines. */
  get lineBreak(): string {
    this.mostUsedBreak ??= this.countLineBreaks();
    return this.mostUsedBreak;
  }

  private mostUsedBreak: string | undefined;

  private countLineBreaks(): string {
    let crlf = 0;
    let cr = 0;
    for (let line = 0; line + 1 < this.lineStarts.length; line++) {
      const breakStart = this.lineEnd(line);
      if (this.text.charCodeAt(breakStart) === CR) {
        if (this.text.charCodeAt(breakStart + 1) === LF) crlf++;
        else cr++;
      }
    }
    const lf = this.lineStarts.length - 1 - crlf - cr;
    if (crlf > lf && crlf >= cr) return '\r\n';
    if (cr > lf && cr > crlf) return '\r';
    return '\n';
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF) starts.push(i + 1);
    else if (code === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * A copy of `text` that keeps nothing else alive. V8 makes a substring of 13 or more characters a view into the string
 * it was cut from: a node parsed from `newText.slice(...)` would keep that whole version of the document (1 MB) for as
 * long as the node lives, and an incremental re-parse's nodes live on through many later versions. Concatenation then
 * slicing makes V8 copy the characters into a string of their own.
 */
export function detachedCopy(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/**
 * The text the YAML parser reads: the `yaml` library breaks lines at `\n` (and
 * `\r\n`) only, so a lone `\r` becomes `\n`. One character for one, so every
 * offset of the parse is an offset of the original text.
 */
export function parseableText(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
