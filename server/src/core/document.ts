import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair, ParsedNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { LineIndex, parseableText } from './text';
import type { Range, Span } from './types';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface SyntaxProblem {
  span: Span;
  message: string;
  code: string;
}

/** Aliases are resolved at most this many times per document when converting to plain data. */
export const MAX_ALIAS_COUNT = 100;
/** Syntax errors beyond this count are summarised in one, so binary input stays cheap to report. */
const MAX_SYNTAX_PROBLEMS = 50;

/**
 * One version of one configuration file, parsed once. Every rule and feature
 * shares this object: the `yaml` AST, the line index and the path lookups.
 */
export class ConfigDocument {
  readonly lines: LineIndex;
  readonly yaml: Document.Parsed | undefined;
  readonly syntaxProblems: SyntaxProblem[] = [];
  private plain: { ok: true; value: unknown } | { ok: false; reason: string } | undefined;

  constructor(
    readonly text: string,
    /** Absolute file path, when the document lives on disk (the logo is resolved against it). */
    readonly filePath?: string,
    /** An already parsed tree for exactly this text (see withEdit). */
    reuse?: { yaml: Document.Parsed; lines: LineIndex; plain?: { ok: true; value: unknown } },
  ) {
    if (reuse) {
      this.lines = reuse.lines;
      this.yaml = reuse.yaml;
      this.plain = reuse.plain;
      return;
    }
    this.lines = new LineIndex(text);
    const nul = text.indexOf('\u0000');
    if (nul !== -1) {
      this.syntaxProblems.push({
        span: { start: nul, end: nul + 1 },
        message: 'the file contains binary data (a NUL byte); a configuration file is text',
        code: 'BINARY',
      });
    }
    // Lone CRs read as line breaks, as LSP counts them (offsets unchanged).
    const parsed = parseableText(text);
    try {
      this.yaml = parseDocument(parsed, { uniqueKeys: true, prettyErrors: false, strict: true });
      for (const error of this.yaml.errors) {
        if (this.syntaxProblems.length === MAX_SYNTAX_PROBLEMS) {
          this.syntaxProblems.push({
            span: { start: error.pos[0], end: error.pos[0] },
            message: `${this.yaml.errors.length - MAX_SYNTAX_PROBLEMS} more YAML syntax errors not shown`,
            code: 'TOO_MANY_ERRORS',
          });
          break;
        }
        this.syntaxProblems.push({
          span: widenToToken(parsed, error.pos[0], error.pos[1]),
          message: firstLine(error.message),
          code: error.code,
        });
      }
    } catch (error) {
      // The parser recurses on nesting; pathological input (tens of thousands of
      // nested brackets) can exhaust the stack. Report it rather than crash.
      this.yaml = undefined;
      this.syntaxProblems.push({
        span: { start: 0, end: Math.min(text.length, firstLineLength(text)) },
        message: `the file could not be parsed as YAML (${error instanceof Error ? error.message : String(error)})`,
        code: 'PARSE_FAILED',
      });
    }
  }

  /** The root mapping, or undefined when the file is empty, not a mapping or unparsable. */
  get root(): YAMLMap<unknown, unknown> | undefined {
    const contents = this.yaml?.contents;
    return isMap(contents) ? contents : undefined;
  }

  /** The node at a path, with aliases resolved. */
  node(path: Path): Node | undefined {
    let current: Node | undefined = this.resolve(this.yaml?.contents ?? undefined);
    for (const segment of path) {
      if (current === undefined) return undefined;
      if (typeof segment === 'number') {
        current = isSeq(current) ? this.resolve(current.items[segment] as Node | undefined) : undefined;
      } else {
        current = isMap(current) ? this.resolve(findPair(current, segment)?.value as Node | undefined) : undefined;
      }
    }
    return current;
  }

  /** The key/value pair that holds the last segment of a path (a map key). */
  pair(path: Path): Pair<unknown, unknown> | undefined {
    if (path.length === 0) return undefined;
    const last = path[path.length - 1];
    if (typeof last !== 'string') return undefined;
    const parent = this.node(path.slice(0, -1));
    return isMap(parent) ? findPair(parent, last) : undefined;
  }

  has(path: Path): boolean {
    return this.pair(path) !== undefined;
  }

  map(path: Path): YAMLMap<unknown, unknown> | undefined {
    const node = this.node(path);
    return isMap(node) ? node : undefined;
  }

  seq(path: Path): YAMLSeq<unknown> | undefined {
    const node = this.node(path);
    return isSeq(node) ? node : undefined;
  }

  scalar(path: Path): Scalar | undefined {
    const node = this.node(path);
    return isScalar(node) ? node : undefined;
  }

  /** A scalar's value as a string (numbers and booleans too), or undefined. Empty values are undefined. */
  string(path: Path): string | undefined {
    return scalarString(this.scalar(path));
  }

  /** A scalar's value as YAML typed it (string, number, boolean, null). */
  value(path: Path): unknown {
    return this.scalar(path)?.value;
  }

  resolve(node: Node | undefined | null): Node | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) {
      try {
        const target = node.resolve(this.yaml as Document);
        return target && !isAlias(target) ? target : undefined;
      } catch {
        return undefined;
      }
    }
    return node;
  }

  /** The source span of a node's value (without trailing comments). */
  span(node: Node): Span {
    const range = (node as ParsedNode).range;
    if (!range) return { start: 0, end: 0 };
    return { start: range[0], end: range[1] };
  }

  /** The span of a map key, for reports about the key itself. */
  keySpan(path: Path): Span | undefined {
    const key = this.pair(path)?.key as Node | undefined;
    return key ? this.span(key) : undefined;
  }

  /** Where to report a problem about the value at a path: the value, else its key, else the parent's key. */
  reportSpan(path: Path): Span {
    const pair = this.pair(path);
    const value = pair?.value as Node | null | undefined;
    if (value && isScalar(value) && value.value === null) return this.keySpan(path) ?? this.span(value);
    if (value) {
      if (isMap(value) || isSeq(value)) return this.keySpan(path) ?? this.span(value);
      return this.span(value);
    }
    if (pair) return this.keySpan(path) ?? { start: 0, end: 0 };
    const node = typeof path[path.length - 1] === 'number' ? this.node(path) : undefined;
    if (node) return this.span(node);
    return path.length > 1 ? this.reportSpan(path.slice(0, -1)) : this.firstLineSpan();
  }

  /** The span of the first non-comment line: where file-level problems are reported. */
  firstLineSpan(): Span {
    const first = this.root?.items[0]?.key as Node | undefined;
    if (first) return this.span(first);
    return { start: 0, end: firstLineLength(this.text) };
  }

  range(span: Span): Range {
    return this.lines.range(span);
  }

  /** The plain data if it was already computed (without computing it). */
  plainIfComputed(): { ok: true; value: unknown } | undefined {
    return this.plain?.ok ? this.plain : undefined;
  }

  /**
   * The file as plain data, for JSON Schema validation. Computed once; fails
   * (instead of hanging) when aliases would expand beyond MAX_ALIAS_COUNT.
   */
  toPlain(): { ok: true; value: unknown } | { ok: false; reason: string } {
    if (!this.plain) {
      try {
        this.plain = { ok: true, value: this.yaml ? this.yaml.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) : null };
      } catch (error) {
        this.plain = { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    }
    return this.plain;
  }
}

/** A text edit in offsets of the text it applies to. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** Characters that could change the structure of the YAML around a plain scalar. */
const STRUCTURAL = /[\n\r\t#&*!|>'"%@`]|:(?:\s|$)|^[\s?:,[\]{}-]|\s$/;
const FLOW_STRUCTURAL = /[,[\]{}]/;

/**
 * Incremental re-parse for the common edit: typing inside one plain, one-line
 * scalar value (a host, a name, an ID). The edited scalar is re-read on its own
 * and the ranges after it are shifted, so a keystroke in a 1 MB file costs a
 * tree walk instead of a full parse. Returns undefined whenever the edit could
 * change the structure; the caller then parses the whole text.
 *
 * The previous document's tree is reused and updated in place: the previous
 * ConfigDocument must not be used afterwards.
 */
export function reparseWithEdit(previous: ConfigDocument, newText: string, edit: OffsetEdit): ConfigDocument | undefined {
  const tree = previous.yaml;
  if (!tree || previous.syntaxProblems.length || tree.errors.length || tree.warnings.length) return undefined;
  if (newText.length !== previous.text.length - (edit.end - edit.start) + edit.text.length) return undefined;
  const found = scalarValueAt(tree.contents as Node | null, edit.start, edit.end);
  if (!found) return undefined;
  const { scalar, inFlow, path } = found;
  // An anchored scalar is copied by value wherever it is aliased: the plain data could not be patched.
  if (scalar.anchor) return undefined;
  const [start, valueEnd] = scalar.range as [number, number, number];
  if (scalar.type !== 'PLAIN' || typeof scalar.source !== 'string') return undefined;
  const oldSource = previous.text.slice(start, valueEnd);
  if (oldSource !== scalar.source || oldSource.includes('\n')) return undefined;
  const newSource = oldSource.slice(0, edit.start - start) + edit.text + oldSource.slice(edit.end - start);
  if (newSource.length === 0 || STRUCTURAL.test(newSource) || (inFlow && FLOW_STRUCTURAL.test(newSource))) return undefined;
  if (newText.slice(start, start + newSource.length) !== newSource) return undefined;
  const reread = parseDocument(newSource, { strict: true });
  const replacement = reread.contents;
  if (reread.errors.length || !isScalar(replacement) || replacement.type !== 'PLAIN') return undefined;

  const delta = edit.text.length - (edit.end - edit.start);
  scalar.value = replacement.value;
  scalar.source = newSource;
  scalar.format = replacement.format;
  scalar.tag = replacement.tag;
  shiftRanges(tree, edit.end, delta, scalar);
  const plain = patchPlain(previous.plainIfComputed(), path, replacement.value);
  return new ConfigDocument(newText, previous.filePath, { yaml: tree, lines: shiftLines(previous.lines, newText, edit, delta), plain });
}

/**
 * The plain data after an edited scalar, when the previous document had computed it: the one value is
 * replaced in place (collections shared through aliases see it too, as toJS shares them), so a keystroke
 * does not copy the whole file into plain data again.
 */
function patchPlain(
  previous: { ok: true; value: unknown } | undefined,
  path: Path,
  value: unknown,
): { ok: true; value: unknown } | undefined {
  if (!previous || path.length === 0) return undefined;
  let container: unknown = previous.value;
  for (const segment of path.slice(0, -1)) {
    if (container === null || typeof container !== 'object') return undefined;
    container = (container as Record<string | number, unknown>)[segment];
  }
  const last = path[path.length - 1];
  if (container === null || typeof container !== 'object' || !(last in (container as object))) return undefined;
  (container as Record<string | number, unknown>)[last] = value;
  return previous;
}

/** The plain scalar value (not a key) whose source contains [start, end], its path, and whether it sits in a flow collection. */
function scalarValueAt(
  root: Node | null,
  start: number,
  end: number,
): { scalar: Scalar; inFlow: boolean; path: PathSegment[] } | undefined {
  let node: unknown = root;
  let inFlow = false;
  const path: PathSegment[] = [];
  while (node) {
    if (isScalar(node)) {
      const range = node.range;
      return range && range[0] <= start && end <= range[1] ? { scalar: node, inFlow, path } : undefined;
    }
    if (!isCollection(node)) return undefined;
    inFlow = inFlow || !!node.flow;
    const items = node.items as unknown[];
    // Items are in source order: binary search the last one starting at or before `start`.
    let low = 0;
    let high = items.length - 1;
    let hit = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = itemStart(items[mid]);
      if (at === undefined) return undefined;
      if (at <= start) {
        hit = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (hit < 0) return undefined;
    const item = items[hit];
    if (isPair(item)) {
      const key = item.key as Node | null;
      const keyRange = key && (key as ParsedNode).range;
      if (keyRange && start < keyRange[2]) return undefined; // inside the key: structural
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) return undefined;
      path.push(String(key.value));
      node = item.value;
    } else {
      path.push(hit);
      node = item;
    }
  }
  return undefined;
}

function itemStart(item: unknown): number | undefined {
  if (isPair(item)) {
    const key = item.key as ParsedNode | null;
    return key?.range?.[0] ?? (item.value as ParsedNode | null)?.range?.[0];
  }
  return (item as ParsedNode | null)?.range?.[0];
}

/** Moves every range boundary at or after `from` by `delta` (the edited scalar's start stays). */
function shiftRanges(tree: Document.Parsed, from: number, delta: number, edited: Scalar): void {
  const shift = (range: [number, number, number] | null | undefined, self?: unknown) => {
    if (!range) return;
    if (range[0] >= from && self !== edited) range[0] += delta;
    if (range[1] >= from || self === edited) range[1] += delta;
    if (range[2] >= from || self === edited) range[2] += delta;
  };
  shift(tree.range as [number, number, number]);
  const stack: unknown[] = [tree.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    shift((node as ParsedNode).range as [number, number, number] | undefined, node);
    if (isCollection(node)) for (const item of node.items as unknown[]) stack.push(item);
  }
}

function shiftLines(previous: LineIndex, newText: string, edit: OffsetEdit, delta: number): LineIndex {
  if (edit.text.includes('\n') || previous.text.slice(edit.start, edit.end).includes('\n')) return new LineIndex(newText);
  const starts = previous.lineStarts.slice();
  for (let i = 0; i < starts.length; i++) if (starts[i] > edit.start) starts[i] += delta;
  return LineIndex.fromStarts(newText, starts);
}

export function findPair(map: YAMLMap<unknown, unknown>, key: string): Pair<unknown, unknown> | undefined {
  for (const pair of map.items) {
    const k = pair.key;
    if (isScalar(k) ? String(k.value) === key : k === key) return pair;
  }
  return undefined;
}

export function keyName(pair: Pair<unknown, unknown>): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null || k.value === undefined ? undefined : String(k.value);
  return typeof k === 'string' ? k : undefined;
}

export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(node.source ?? v);
  return undefined;
}

/** The parser often marks one character; widen such a mark to the token it starts, so the squiggle is visible. */
function widenToToken(text: string, start: number, end: number): Span {
  if (end - start > 1) return { start, end };
  if (start >= text.trimEnd().length && text.trim().length) {
    // An error at the end of the file (an unclosed quote or bracket): mark the last line's text instead.
    const lastEnd = text.trimEnd().length;
    const lineStart = text.lastIndexOf('\n', lastEnd - 1) + 1;
    return { start: lineStart + (text.slice(lineStart, lastEnd).length - text.slice(lineStart, lastEnd).trimStart().length), end: lastEnd };
  }
  let stop = start;
  while (stop < text.length && stop - start < 200 && !/[\s:,[\]{}#]/.test(text[stop])) stop++;
  return { start, end: Math.max(stop, end, start) };
}

/** A scalar's string value when YAML typed it as text, else undefined (numbers, booleans, null). */
export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** Whether a value is missing: no node, `~`/`null`, or text that is only whitespace. */
export function isEmptyValue(node: unknown): boolean {
  if (node === undefined || node === null) return true;
  if (!isScalar(node)) return false;
  if (node.value === null || node.value === undefined) return true;
  return typeof node.value === 'string' && node.value.trim() === '';
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function firstLineLength(text: string): number {
  const newline = text.indexOf('\n');
  return newline === -1 ? text.length : newline;
}
