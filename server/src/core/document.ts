import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Document, Node, ParsedNode } from 'yaml';
import { frameOf, shiftedRange } from './coordinates';
import type { NodeRange, OffsetShift } from './coordinates';
import { toPlainData } from './plain';
import { readStructure, resolveAlias } from './structure';
import type { AnchorIndex } from './structure';
import { syntaxMessage } from './syntax-messages';
import { LineIndex, parseableText } from './text';
import { withoutStackTraces } from './yaml/stack-traces';
import type { Range, Span } from './types';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface SyntaxProblem {
  span: Span;
  message: string;
  code: string;
  /** A quick fix for the problem, when one is safe (quote an unquoted wildcard, replace a tab). */
  fix?: { title: string; edits: { span: Span; newText: string }[] };
  /** Another place the problem concerns (the first of two duplicate keys). */
  related?: { span: Span; message: string };
}

/** Parser options: merge keys (`<<`) as YAML 1.1 and most tools read them; duplicate keys found by readStructure. */
export const PARSE_OPTIONS = { uniqueKeys: false, merge: true, prettyErrors: false, strict: true } as const;

/**
 * How far the aliases of one anchor may expand when converting to plain data (nodes of the anchored value x
 * aliases to it): at least this, and more for a larger file, so the expansion stays linear in the file's size.
 * 8,000 aliases of one host are fine; an "alias bomb" (aliases of aliases) is not expanded.
 */
export const MAX_ALIAS_COUNT = 100;

export function aliasBudget(textLength: number): number {
  return Math.max(MAX_ALIAS_COUNT, textLength >> 2);
}
const NO_SHIFTS: readonly OffsetShift[] = [];

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
  /** Anchors by name, for resolving aliases without a walk of the whole tree each time. */
  readonly anchors: AnchorIndex = new Map();
  /**
   * When set, what path lookups read is recorded here, as read keys (see `readKey`: a path cut to its first two
   * segments). analyze() uses it to keep a rule that read a broken section silent (no cascade after a syntax error),
   * and to keep a rule's findings from the previous snapshot when the edit touched nothing it read.
   */
  reads: Set<string> | undefined;
  /**
   * The analyzed snapshot this one was made from, and the edits since (each with the snapshots around it), so that
   * its analysis may reuse that one's (see analyze.ts). A step's `path` is the edited scalar's path, or the spliced
   * sequence's, when the re-parse was incremental; undefined after a full parse (the analysis then works out what
   * changed). Not part of the tree: set once by whoever makes the next snapshot (see `derive`), dropped when this
   * snapshot's analysis finishes.
   */
  origin: { previous: ConfigDocument; steps: readonly EditStep[] } | undefined;

  /**
   * Records that this snapshot is `previous` after `edit`. When `previous` was not analyzed to the end (typing
   * faster than the analysis), the chain goes on from its own origin, up to MAX_EDIT_STEPS edits.
   */
  derive(previous: ConfigDocument, edit: OffsetEdit, path?: Path): this {
    const step: EditStep = { edit, path, before: previous, after: this };
    const chain = previous.origin;
    this.origin =
      chain && chain.steps.length < MAX_EDIT_STEPS
        ? { previous: chain.previous, steps: [...chain.steps, step] }
        : { previous, steps: [step] };
    return this;
  }

  private plain: { ok: true; value: unknown } | { ok: false; reason: string } | undefined;
  /**
   * The edits since the parse that made the oldest nodes of this tree (see coordinates.ts): a node's stored `range`
   * is in the coordinates of its frame, so read it through `nodeRange` / `span`, never directly.
   */
  readonly shifts: readonly OffsetShift[] = NO_SHIFTS;
  /** Made by the incremental re-parse from an earlier snapshot (not parsed in full). */
  readonly incremental: boolean = false;

  constructor(
    readonly text: string,
    /** Absolute file path, when the document lives on disk (the logo is resolved against it). */
    readonly filePath?: string,
    /** An already parsed tree for exactly this text (see withEdit). */
    reuse?: {
      yaml: Document.Parsed;
      lines: LineIndex;
      plain?: { ok: true; value: unknown };
      anchors: AnchorIndex;
      /** The shifts since the tree's lineage was parsed (see coordinates.ts); none when its ranges are all current. */
      shifts?: readonly OffsetShift[];
    },
  ) {
    if (reuse) {
      this.incremental = true;
      this.shifts = reuse.shifts ?? NO_SHIFTS;
      this.lines = reuse.lines;
      this.yaml = reuse.yaml;
      this.plain = reuse.plain;
      this.anchors = reuse.anchors;
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
      this.yaml = withoutStackTraces(() => parseDocument(parsed, PARSE_OPTIONS));
      let reported = 0;
      let lastLine = -2;
      for (const error of this.yaml.errors) {
        // One mistake often makes the parser stumble over the next tokens too: one finding, not a cascade.
        const line = this.lines.position(error.pos[0]).line;
        if (error.code === 'UNEXPECTED_TOKEN' && line <= lastLine + 1) continue;
        lastLine = line;
        if (reported === MAX_SYNTAX_PROBLEMS) {
          this.syntaxProblems.push({
            span: { start: error.pos[0], end: error.pos[0] },
            message: `${this.yaml.errors.length - MAX_SYNTAX_PROBLEMS} more YAML syntax errors not shown`,
            code: 'TOO_MANY_ERRORS',
          });
          break;
        }
        reported++;
        const span = widenToToken(parsed, error.pos[0], error.pos[1]);
        const described = syntaxMessage(parsed, error.code, span, error.message);
        this.syntaxProblems.push({ ...described, span: described.span ?? span, code: error.code });
      }
      const structure = readStructure(this.yaml, parsed, (offset) => this.lines.position(offset).line + 1);
      this.anchors = structure.anchors;
      this.syntaxProblems.push(...structure.problems);
      if (structure.problems.length) this.syntaxProblems.sort((a, b) => a.span.start - b.span.start);
    } catch (error) {
      // The parser recurses on nesting; pathological input (tens of thousands of
      // nested brackets) can exhaust the stack. Report it rather than crash.
      this.yaml = undefined;
      this.syntaxProblems.push({
        span: { start: 0, end: Math.min(text.length, firstLineLength(text)) },
        message:
          error instanceof RangeError
            ? 'the file nests too deeply to be read (thousands of levels of brackets or indentation); a configuration file is a few levels deep'
            : 'the file could not be read as YAML',
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
    if (this.reads) this.reads.add(readKey(path));
    return this.lookup(path);
  }

  /** The node at a path, not recorded as read (the caller records a narrower read). */
  private lookup(path: Path): Node | undefined {
    let current: Node | undefined = this.resolve(this.yaml?.contents ?? undefined);
    // Indexed: without the optimizing compiler each `for...of` step allocates, and rules look up thousands of paths.
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      if (current === undefined) return undefined;
      if (typeof segment === 'number') {
        current = isSeq(current) ? this.resolve(current.items[segment] as Node | undefined) : undefined;
      } else {
        current = isMap(current) ? this.resolve(findPair(current, segment, this.anchors)?.value as Node | undefined) : undefined;
      }
    }
    return current;
  }

  /** The key/value pair that holds the last segment of a path (a map key). */
  pair(path: Path): Pair<unknown, unknown> | undefined {
    if (path.length === 0) return undefined;
    const last = path[path.length - 1];
    if (typeof last !== 'string') return undefined;
    // Looking up a key reads that key only, not the whole mapping around it.
    if (this.reads) this.reads.add(readKey(path));
    const parent = this.lookup(path.slice(0, -1));
    return isMap(parent) ? findPair(parent, last, this.anchors) : undefined;
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
    return isAlias(node) ? resolveAlias(this.anchors, node) : node;
  }

  /**
   * The effective key/value pairs of a mapping, as YAML's merge keys define them: its own pairs (the `<<`
   * entries left out), then the pairs merged in through `<<: *anchor` (or `<<: [*a, *b]`) whose keys the mapping
   * does not set itself. A merged pair's ranges point where it is written, in the anchored mapping.
   */
  entries(map: YAMLMap<unknown, unknown>): Pair<unknown, unknown>[] {
    return effectivePairs(map, this.anchors);
  }

  /**
   * A node's range in this snapshot's text: [start, value end, node end (trailing comment and line break included)].
   * The one way to read a node's position: a node shared with an earlier snapshot stores it in that one's coordinates.
   */
  nodeRange(node: unknown): NodeRange | undefined {
    const range = node && typeof node === 'object' ? (node as ParsedNode).range : undefined;
    if (!range) return undefined;
    return this.shifts.length === 0 ? range : shiftedRange(range, this.shifts, frameOf(node as object));
  }

  /** The source span of a node's value (without trailing comments). */
  span(node: Node): Span {
    const range = this.nodeRange(node);
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
    // Where the first key is depends on the whole head of the file.
    this.reads?.add(READS_EVERYTHING);
    const first = this.root?.items[0]?.key as Node | undefined;
    if (first) return this.span(first);
    // Not a mapping: the first line of whatever the document holds.
    const contents = this.nodeRange(this.yaml?.contents);
    if (contents && contents[1] > contents[0]) {
      const start = contents[0];
      const lineEnd = this.text.slice(start, contents[1]).search(/[\r\n]/);
      return { start, end: lineEnd === -1 ? contents[1] : start + lineEnd };
    }
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
   * (instead of hanging) when aliases would expand beyond MAX_ALIAS_COUNT. A mapping's key whose value is
   * null (`logo: ~`, `licenses:`) is left out: an explicit "not set" means absent, so an optional key is
   * fine and a required one is "missing", never "should be text, but it is empty".
   */
  toPlain(): { ok: true; value: unknown } | { ok: false; reason: string } {
    this.reads?.add(READS_EVERYTHING);
    if (!this.plain) {
      this.plain = this.yaml ? toPlainData(this.yaml.contents, this.anchors, aliasBudget(this.text.length)) : { ok: true, value: null };
    }
    return this.plain;
  }
}

/** The read key of the whole document: a read that every edit touches. */
export const READS_EVERYTHING = '';

/**
 * What a lookup of `path` reads, as a key: the path cut to its first two segments (`enterprise\0region`,
 * `firewall\0allowlist`), so that reading `enterprise.region` is not touched by an edit of `enterprise.tenantId`
 * nor of the roster. The empty path reads everything.
 */
export function readKey(path: Path): string {
  if (path.length === 0) return READS_EVERYTHING;
  const first = String(path[0]);
  if (path.length === 1) return first;
  // Interned: rules look up the same few paths on every analysis, and each key made anew is garbage.
  let second = readKeys.get(first);
  if (!second && readKeys.size < MAX_INTERNED) readKeys.set(first, (second = new Map()));
  let key = second?.get(path[1]);
  if (key === undefined) {
    key = `${first}\0${String(path[1])}`;
    if (second && second.size < MAX_INTERNED) second.set(path[1], key);
  }
  return key;
}

const readKeys = new Map<string, Map<PathSegment, string>>();
/** Sections and their keys are few; a 20,000-key mapping's are a hostile file's, and are not kept past this many. */
const MAX_INTERNED = 256;

/** Whether an edit at `edited` (a read key) can change what a read of `read` (a read key) saw: one is a prefix of the other. */
export function readTouched(read: string, edited: string): boolean {
  if (read === READS_EVERYTHING || edited === READS_EVERYTHING || read === edited) return true;
  return isSectionOf(read, edited) || isSectionOf(edited, read);
}

/** Whether `key` is a read key under `section` (`section\0...`); no string is built (this runs for every rule on every edit). */
function isSectionOf(section: string, key: string): boolean {
  return key.length > section.length && key.charCodeAt(section.length) === 0 && key.startsWith(section);
}

/** The top-level section of a read key. */
export function readSection(key: string): string {
  const cut = key.indexOf('\0');
  return cut === -1 ? key : key.slice(0, cut);
}

/** One edit between two snapshots (see ConfigDocument.origin). */
export interface EditStep {
  edit: OffsetEdit;
  /** The edited scalar's path, or the path of the sequence whose items were re-parsed, when that was incremental. */
  path?: Path;
  before: ConfigDocument;
  after: ConfigDocument;
}

/** How many unanalyzed edits a snapshot's origin spans before it starts afresh from its predecessor. */
const MAX_EDIT_STEPS = 16;

/** A text edit in offsets of the text it applies to. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The pair holding `key` in a mapping. With duplicate keys the last one counts, as in the plain data (the
 * duplicate itself is a syntax problem). Keys merged in with `<<` count when the mapping does not set them.
 * Large mappings are indexed once, so looking up every key of a 20,000-key mapping stays linear.
 */
export function findPair(
  map: YAMLMap<unknown, unknown>,
  key: string,
  anchors?: AnchorIndex,
  searched?: Set<YAMLMap<unknown, unknown>>,
): Pair<unknown, unknown> | undefined {
  const own = ownPair(map, key);
  if (own || !anchors || !hasMergeKey(map)) return own;
  searched ??= new Set();
  searched.add(map);
  for (const source of mergeSources(map, anchors)) {
    // A mapping merged twice (`<<: [*a, *a]`, or reached through two others) was already searched without finding
    // the key: searching it again would make a merge bomb exponential (8 copies per level, 11 levels).
    if (searched.has(source)) continue;
    const merged = findPair(source, key, anchors, searched);
    if (merged) return merged;
  }
  return undefined;
}

const INDEX_FROM = 16;
const keyIndexes = new WeakMap<YAMLMap<unknown, unknown>, { size: number; byKey: Map<string, Pair<unknown, unknown>>; merges: boolean }>();

function ownPair(map: YAMLMap<unknown, unknown>, key: string): Pair<unknown, unknown> | undefined {
  const items = map.items;
  if (items.length < INDEX_FROM) {
    let found: Pair<unknown, unknown> | undefined;
    for (let i = 0; i < items.length; i++) if (keyName(items[i]) === key) found = items[i];
    return found;
  }
  return indexOf(map).byKey.get(key);
}

/** A large mapping's keys (and whether it has a merge key), indexed once. */
function indexOf(map: YAMLMap<unknown, unknown>): { byKey: Map<string, Pair<unknown, unknown>>; merges: boolean } {
  const items = map.items;
  let index = keyIndexes.get(map);
  // Keys never change in place (an edit inside a key is a full parse), but items may be added by a caller.
  if (!index || index.size !== items.length) {
    const byKey = new Map<string, Pair<unknown, unknown>>();
    let merges = false;
    for (const pair of items) {
      const name = keyName(pair);
      if (name !== undefined) byKey.set(name, pair);
      else merges ||= isMergePair(pair);
    }
    index = { size: items.length, byKey, merges };
    keyIndexes.set(map, index);
  }
  return index;
}

/** Whether a pair is a merge key (`<<`), which the parser reads as a symbol. */
export function isMergePair(pair: Pair<unknown, unknown>): boolean {
  const k = pair.key;
  return isScalar(k) && typeof k.value === 'symbol';
}

function hasMergeKey(map: YAMLMap<unknown, unknown>): boolean {
  // A large mapping is asked once per absent key looked up: its index knows (no scan of 50,000 keys each time).
  if (map.items.length >= INDEX_FROM) return indexOf(map).merges;
  for (let i = 0; i < map.items.length; i++) if (isMergePair(map.items[i])) return true;
  return false;
}

/** The mappings merged into `map`, in the order their keys count (earlier wins). Cycles are cut. */
function mergeSources(map: YAMLMap<unknown, unknown>, anchors: AnchorIndex, seen = new Set<unknown>()): YAMLMap<unknown, unknown>[] {
  const sources: YAMLMap<unknown, unknown>[] = [];
  seen.add(map);
  for (const pair of map.items) {
    if (!isMergePair(pair)) continue;
    const value = pair.value as Node | null;
    // A list of sources may itself be aliased; a source that is not a mapping is skipped (readStructure reports it).
    const list = isAlias(value) ? resolveAlias(anchors, value) : value;
    const targets = isSeq(list) ? (list.items as Node[]) : [value];
    for (const target of targets) {
      const resolved = isAlias(target) ? resolveAlias(anchors, target) : target;
      if (isMap(resolved) && !seen.has(resolved)) sources.push(resolved);
    }
  }
  return sources;
}

function effectivePairs(map: YAMLMap<unknown, unknown>, anchors: AnchorIndex, seen = new Set<unknown>()): Pair<unknown, unknown>[] {
  if (!hasMergeKey(map)) return map.items;
  seen.add(map);
  const byKey = new Map<string, Pair<unknown, unknown>>();
  const own: Pair<unknown, unknown>[] = [];
  for (const pair of map.items) {
    if (isMergePair(pair)) continue;
    own.push(pair);
    const name = keyName(pair);
    if (name !== undefined) byKey.set(name, pair);
  }
  const merged: Pair<unknown, unknown>[] = [];
  for (const source of mergeSources(map, anchors, seen)) {
    for (const pair of effectivePairs(source, anchors, seen)) {
      const name = keyName(pair);
      if (name === undefined || byKey.has(name)) continue;
      byKey.set(name, pair);
      merged.push(pair);
    }
  }
  return [...own, ...merged];
}

export function keyName(pair: Pair<unknown, unknown>): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null || k.value === undefined || typeof k.value === 'symbol' ? undefined : String(k.value);
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

function firstLineLength(text: string): number {
  const newline = text.indexOf('\n');
  return newline === -1 ? text.length : newline;
}
