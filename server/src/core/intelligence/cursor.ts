/**
 * Where a cursor is in a configuration: on a key, on a value, on a list item, on an empty line (where a key or an
 * item would start), in a comment, or in text nothing can be offered for. With the path of the node, the collection
 * that holds it and the keys that collection already has.
 *
 * Read from the lines' indentation rather than from the parsed tree, so that it also works while the YAML is
 * incomplete (`  cli|`, `  mode: |`, `    - |`, an empty file), which is exactly when completion is asked for. The
 * tree is used where it knows more: keys merged in with `<<`, and the node a complete path leads to. Only the lines
 * above the cursor that can hold its parents are read in full, so a request costs a scan of indentation, not a parse.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import { keyName } from '../document';
import type { Span } from '../types';
import { isBlock, lookup } from './schema-lookup';

export type CursorKind =
  /** On a mapping key, possibly partly typed (`  cli|`, `  mo|de: basic`). */
  | 'key'
  /** After `key:` on its line (`  mode: |`, `  mode: ba|`). */
  | 'value'
  /** After a list dash (`    - |`, `    - astra|`): a scalar item, or the first key of a mapping item. */
  | 'item'
  /** On a line with nothing before the cursor: a key or (under a list) an item starts here. */
  | 'empty'
  /** In a comment. */
  | 'comment'
  /** Inside text no completion applies to: a block scalar, a flow collection, a multi-line plain scalar. */
  | 'text';

export interface Cursor {
  offset: number;
  kind: CursorKind;
  /**
   * The collection the cursor's node belongs to: for `key` and `empty`, the enclosing mapping (or, under a list, the
   * list); for `value`, the mapping holding the key; for `item`, the list.
   */
  container: Path;
  /** The node the cursor is on: `key` / `value`: container + key; `item`: container + index; `empty`: container. */
  path: Path;
  /** For `empty`: whether the container is a list (an item with `- ` starts here) or a mapping. */
  containerKind: 'map' | 'list';
  /** The key on the cursor's line (for `value`), or the partial key (for `key`). */
  key?: string;
  /** The text the completion replaces: the partial word, key or value at the cursor. */
  word: Span;
  /** What is typed of the word before the cursor. */
  typed: string;
  /** Column where the keys of the container start (where an inserted key goes). */
  column: number;
  /** The leading whitespace of the cursor's line, which the editor adds to every inserted line after the first. */
  lineIndent: number;
  /** The character before the cursor is `:` or `-` with no space: what is inserted starts with a space. */
  needsSpace: boolean;
  /** For `key`: a `:` already follows the word, so only the name is inserted. */
  colonFollows: boolean;
  /** The keys the container mapping already has (merged ones too), without the one at the cursor. */
  siblings: Set<string>;
  /** The parsed node at `path`, when the tree has it (aliases resolved). */
  node?: Node;
  /** The parsed enclosing mapping, when the tree has it. */
  enclosingMap?: YAMLMap<unknown, unknown>;
}

/** One line as the cursor logic reads it. Columns are UTF-16 offsets from the line start. */
interface LineShape {
  start: number;
  /** Offset of the end of the line, before `\r\n` / `\n`. */
  end: number;
  indent: number;
  /** blank: only whitespace; comment: a comment or a document marker; content: anything else. */
  kind: 'blank' | 'comment' | 'content';
  /** Columns of the leading `- ` markers. */
  dashes: number[];
  /** Column after the markers: where the key or the scalar starts. */
  content: number;
  key?: string;
  /** Column of the key's `:`. */
  colon?: number;
  /** The value after `key:` on this line, without a trailing comment, trimmed. */
  rest?: string;
  /** Column where `rest` starts. */
  restColumn?: number;
}

const SPACE = 32;
const TAB = 9;
const DASH = 45;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/** Where the cursor at `offset` is. */
export function cursorAt(doc: ConfigDocument, offset: number): Cursor {
  const reader = new Lines(doc);
  const at = Math.max(0, Math.min(offset, doc.text.length));
  const line = doc.lines.position(at).line;
  const shape = reader.shape(line);
  const column = at - shape.start;
  const lineText = doc.text.slice(shape.start, shape.end);
  const before = lineText.slice(0, column);
  const base = { offset: at, lineIndent: shape.indent, needsSpace: false, colonFollows: false, siblings: new Set<string>() };
  const none = (kind: CursorKind): Cursor => ({
    ...base,
    kind,
    container: [],
    path: [],
    containerKind: 'map',
    word: { start: at, end: at },
    typed: '',
    column,
  });

  if (commentStartsBefore(lineText, column)) return none('comment');
  if (/^(?:---|\.\.\.)(?:\s|$)/.test(lineText) || lineText.startsWith('%')) return none('text');

  // Nothing but spaces before the cursor: a new key or item begins here.
  if (before.trim() === '' && lineText.slice(column).trim() === '') {
    // Under a list written at its key's indentation (`allowlist:` / `- a` / `|`), the line continues the list.
    const previous = reader.previousContent(line);
    const continuesList = previous !== undefined && previous.indent === column && previous.dashes[0] === column;
    const owner = reader.owner(line, column, continuesList);
    if (owner.kind === 'text') return none('text');
    const container = reader.pathOf(owner);
    const listHere = owner.kind === 'key' && holdsList(doc, container);
    const cursor: Cursor = {
      ...base,
      kind: 'empty',
      container,
      path: container,
      containerKind: listHere ? 'list' : 'map',
      word: { start: at, end: at },
      typed: '',
      column,
    };
    if (!listHere) cursor.siblings = reader.siblings(owner, column, line);
    return withTree(doc, cursor);
  }

  // Within the dashes and indentation, before the content: nothing sensible to offer.
  if (column < shape.content && !(shape.dashes.length && column === shape.content)) {
    if (before.trim() !== '' || shape.kind !== 'content') return none('text');
  }

  // After `key:`: the value.
  if (shape.key !== undefined && shape.colon !== undefined && column > shape.colon) {
    const owner = reader.owner(line, shape.content, false);
    if (owner.kind === 'text') return none('text');
    const container = reader.pathOf(owner);
    const valueText = lineText.slice(shape.colon + 1);
    const leading = valueText.length - valueText.trimStart().length;
    const valueStart = Math.min(shape.colon + 1 + leading, column);
    if (/^\s*[[{|>]/.test(lineText.slice(valueStart, column + 1)) && column > valueStart) return none('text');
    const valueEnd = Math.max(column, shape.restColumn !== undefined && shape.rest ? shape.restColumn + shape.rest.length : column);
    const cursor: Cursor = {
      ...base,
      kind: 'value',
      container,
      path: [...container, shape.key],
      containerKind: 'map',
      key: shape.key,
      word: { start: shape.start + valueStart, end: shape.start + valueEnd },
      typed: lineText.slice(valueStart, column),
      column: shape.content,
      needsSpace: column === shape.colon + 1,
    };
    return withTree(doc, cursor);
  }

  // After a dash, no key yet: a list item (a scalar, or the first key of a mapping item).
  if (shape.dashes.length > 0 && column >= shape.content - 1 && shape.key === undefined) {
    const dash = shape.dashes[shape.dashes.length - 1];
    const owner = reader.owner(line, dash, true);
    if (owner.kind === 'text') return none('text');
    const list = reader.pathOf(owner);
    const index = reader.itemIndex(line, shape.dashes.length - 1);
    const contentEnd = itemValueEnd(lineText, shape.content);
    const start = Math.min(shape.content, column);
    const typed = lineText.slice(start, column);
    if (/^[[{|>]/.test(typed)) return none('text');
    const cursor: Cursor = {
      ...base,
      kind: 'item',
      container: list,
      path: [...list, index],
      containerKind: 'list',
      word: { start: shape.start + start, end: shape.start + Math.max(column, contentEnd) },
      typed,
      column: Math.max(shape.content, dash + 2),
      needsSpace: column === dash + 1,
    };
    cursor.siblings = reader.siblings({ kind: 'item', line, dash: shape.dashes.length - 1 }, shape.content, line);
    return withTree(doc, cursor);
  }

  // On a key (typed in part, or written with its colon).
  if (column >= shape.content) {
    const keyEnd = shape.colon ?? wordEnd(lineText, column);
    const typed = lineText.slice(shape.content, column);
    if (!/^[^\s:#'"[\]{},]*$/.test(typed)) return none('text');
    const owner = reader.owner(line, shape.content, false);
    if (owner.kind === 'text') return none('text');
    const container = reader.pathOf(owner);
    const name = lineText.slice(shape.content, keyEnd).trimEnd();
    const cursor: Cursor = {
      ...base,
      kind: 'key',
      container,
      path: [...container, name],
      containerKind: 'map',
      key: name,
      word: { start: shape.start + shape.content, end: shape.start + Math.max(column, shape.content + name.length) },
      typed,
      column: shape.content,
      colonFollows: shape.colon !== undefined,
    };
    cursor.siblings = reader.siblings(owner, shape.content, line);
    return withTree(doc, cursor);
  }
  return none('text');
}

/** Adds the parsed nodes, and the keys merged into the enclosing mapping, when the tree has them. */
function withTree(doc: ConfigDocument, cursor: Cursor): Cursor {
  if (cursor.kind === 'value' || cursor.kind === 'item') cursor.node = doc.node(cursor.path);
  const mapPath = cursor.kind === 'item' ? cursor.path : cursor.container;
  const map = cursor.containerKind === 'map' || cursor.kind === 'item' ? doc.node(mapPath) : undefined;
  if (isMap(map)) {
    cursor.enclosingMap = map;
    const here = cursor.kind === 'key' ? cursor.key : undefined;
    const cursorLine = doc.lines.position(cursor.offset).line;
    for (const pair of doc.entries(map)) {
      const name = keyName(pair);
      if (name === undefined || name === here) continue;
      // A key written on the cursor's own line is the one being typed, not a sibling.
      const key = pair.key as Node | null;
      const keyAt = key && isScalar(key) ? doc.nodeRange(key)?.[0] : undefined;
      if (keyAt !== undefined && doc.lines.position(keyAt).line === cursorLine) continue;
      cursor.siblings.add(name);
    }
  }
  return cursor;
}

/** The element of an earlier line (or of the cursor's own line's dashes) that holds a node. */
type Owner =
  | { kind: 'root' }
  /** The key on `line`: the node is (in) its value. */
  | { kind: 'key'; line: number }
  /** The list item opened by the `dash`-th dash of `line`. */
  | { kind: 'item'; line: number; dash: number }
  /** Inside a scalar (a block scalar, a multi-line plain scalar): no structure. */
  | { kind: 'text' };

class Lines {
  private readonly shapes = new Map<number, LineShape>();
  private readonly paths = new Map<string, Path>();

  constructor(private readonly doc: ConfigDocument) {}

  get count(): number {
    return this.doc.lines.lineCount;
  }

  /** Leading spaces of a line and whether it holds anything but a comment; without reading it in full. */
  private quick(line: number): { indent: number; skip: boolean } {
    const text = this.doc.text;
    const start = this.doc.lines.lineStarts[line];
    let i = start;
    while (i < text.length && text.charCodeAt(i) === SPACE) i++;
    const code = i < text.length ? text.charCodeAt(i) : 10;
    const skip = code === 10 || code === 13 || code === 35 /* # */ || (code === TAB && /^\s*$/.test(this.lineText(line)));
    return { indent: i - start, skip };
  }

  /**
   * Whether a line whose first `indent` characters are spaces opens a list item there (`- `), as readLine reads it;
   * without reading the line: the owner and item-index walks pass every item above the cursor in a long list.
   */
  private opensItem(line: number, indent: number): boolean {
    const text = this.doc.text;
    const at = this.doc.lines.lineStarts[line] + indent;
    if (text.charCodeAt(at) !== DASH) return false;
    const next = at + 1 < text.length ? text.charCodeAt(at + 1) : LINE_FEED;
    return next === SPACE || next === TAB || next === LINE_FEED || next === CARRIAGE_RETURN;
  }

  private lineText(line: number): string {
    return this.doc.lines.lineText(line);
  }

  shape(line: number): LineShape {
    let shape = this.shapes.get(line);
    if (!shape) {
      shape = readLine(this.lineText(line), this.doc.lines.lineStarts[line]);
      this.shapes.set(line, shape);
    }
    return shape;
  }

  /** The nearest line above `line` with content (not blank, not a comment). */
  previousContent(line: number): LineShape | undefined {
    for (let l = line - 1; l >= 0; l--) {
      if (this.quick(l).skip) continue;
      const shape = this.shape(l);
      if (shape.kind === 'content') return shape;
    }
    return undefined;
  }

  /**
   * What holds a node that starts at `column` on `line` (a dash at that column when `isDash`): the innermost dash
   * of the same line left of it, else the nearest earlier line with structure left of it.
   */
  owner(line: number, column: number, isDash: boolean): Owner {
    const here = this.shape(line);
    for (let k = here.dashes.length - 1; k >= 0; k--) if (here.dashes[k] < column) return { kind: 'item', line, dash: k };
    for (let l = line - 1; l >= 0; l--) {
      const quick = this.quick(l);
      if (quick.skip) continue;
      if (quick.indent > column) continue;
      // An item of a list at the column (its dash there) holds nothing that starts at the column.
      if (quick.indent === column && this.opensItem(l, column)) continue;
      const shape = this.shape(l);
      if (shape.kind !== 'content') continue;
      if (shape.indent === column) {
        // `key:` with a list at the same indentation (`allowlist:` / `- host`), which YAML allows.
        if (isDash && shape.dashes.length === 0 && shape.key !== undefined && shape.rest === '') return { kind: 'key', line: l };
        continue;
      }
      // shape.indent < column: this line holds the node.
      if (shape.key !== undefined && shape.content < column) {
        const rest = shape.rest ?? '';
        if (rest === '' || /^(?:[&!][^\s]*\s*)+$/.test(rest)) return { kind: 'key', line: l };
        return { kind: 'text' };
      }
      for (let k = shape.dashes.length - 1; k >= 0; k--) if (shape.dashes[k] < column) return { kind: 'item', line: l, dash: k };
      return { kind: 'text' };
    }
    return { kind: 'root' };
  }

  pathOf(owner: Owner): Path {
    if (owner.kind === 'root' || owner.kind === 'text') return [];
    const id = owner.kind === 'key' ? `k${owner.line}` : `i${owner.line}:${owner.dash}`;
    const known = this.paths.get(id);
    if (known) return known;
    const shape = this.shape(owner.line);
    let path: Path;
    if (owner.kind === 'key') {
      const parent = this.owner(owner.line, shape.content, false);
      path = parent.kind === 'text' ? [] : [...this.pathOf(parent), shape.key as string];
    } else {
      const parent = this.owner(owner.line, shape.dashes[owner.dash], true);
      path = parent.kind === 'text' ? [] : [...this.pathOf(parent), this.itemIndex(owner.line, owner.dash)];
    }
    this.paths.set(id, path);
    return path;
  }

  /** The index of the item the `dash`-th dash of `line` opens: the items of the same list above it, counted. */
  itemIndex(line: number, dash: number): number {
    if (dash > 0) return 0;
    const column = this.shape(line).dashes[0];
    let index = 0;
    for (let l = line - 1; l >= 0; l--) {
      const quick = this.quick(l);
      if (quick.skip || quick.indent > column) continue;
      if (quick.indent === column && this.opensItem(l, column)) {
        index++;
        continue;
      }
      const shape = this.shape(l);
      if (shape.kind !== 'content') continue;
      if (shape.indent === column) {
        if (shape.dashes[0] === column) {
          index++;
          continue;
        }
        break;
      }
      // A line left of the list: it may open the list's first item on a nested dash (`- - a`).
      if (shape.dashes.includes(column)) index++;
      break;
    }
    return index;
  }

  /** The keys written at `column` in the block of the container `owner` (the line `except` left out). */
  siblings(owner: Owner, column: number, except: number): Set<string> {
    const keys = new Set<string>();
    if (owner.kind === 'text') return keys;
    const first = owner.kind === 'root' ? 0 : owner.line;
    if (owner.kind === 'item') {
      const shape = this.shape(owner.line);
      if (owner.line !== except && shape.content === column && shape.key !== undefined && shape.dashes.length === owner.dash + 1) {
        keys.add(shape.key);
      }
    }
    for (let l = owner.kind === 'root' ? first : first + 1; l < this.count; l++) {
      const quick = this.quick(l);
      if (quick.skip) continue;
      // A line left of the column ends the block (never at the root, whose column is 0).
      if (quick.indent < column) break;
      if (quick.indent !== column || l === except) continue;
      const shape = this.shape(l);
      if (shape.dashes.length === 0 && shape.key !== undefined) keys.add(shape.key);
    }
    return keys;
  }
}

/** Whether the value at `path` is (or, by the schema, becomes) a list: then a line under it starts an item. */
function holdsList(doc: ConfigDocument, path: Path): boolean {
  const node = doc.node(path);
  if (isMap(node)) return false;
  if (isSeq(node)) return true;
  const found = lookup(doc, path);
  return found !== undefined && isBlock(found.schema) === 'list';
}

/** Reads one line's indentation, list dashes, key and inline value. */
function readLine(text: string, start: number): LineShape {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === SPACE) i++;
  const indent = i;
  const shape: LineShape = { start, end: start + text.length, indent, kind: 'content', dashes: [], content: indent };
  if (text.slice(i).trim() === '') {
    shape.kind = 'blank';
    return shape;
  }
  if (text[i] === '#' || (indent === 0 && /^(?:---|\.\.\.)(?:\s|$)/.test(text)) || (indent === 0 && text[0] === '%')) {
    shape.kind = 'comment';
    return shape;
  }
  while (text[i] === '-' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\t')) {
    shape.dashes.push(i);
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  }
  shape.content = i;
  const key = readKey(text, i);
  if (key) {
    shape.key = key.name;
    shape.colon = key.colon;
    const after = text.slice(key.colon + 1);
    const withoutComment = stripComment(after);
    const leading = withoutComment.length - withoutComment.trimStart().length;
    shape.rest = withoutComment.trim();
    shape.restColumn = key.colon + 1 + leading;
  }
  return shape;
}

/** A `key:` at `from` (plain, or quoted), or undefined when the text there is a scalar. */
function readKey(text: string, from: number): { name: string; colon: number } | undefined {
  const first = text[from];
  if (first === undefined || '[{|>#&*!%@`'.includes(first)) return undefined;
  if (first === '"' || first === "'") {
    let j = from + 1;
    while (j < text.length) {
      if (first === '"' && text[j] === '\\') j += 2;
      else if (text[j] === first) {
        if (first === "'" && text[j + 1] === "'") j += 2;
        else break;
      } else j++;
    }
    let k = j + 1;
    while (text[k] === ' ') k++;
    if (text[k] !== ':' || !(k + 1 === text.length || /\s/.test(text[k + 1]))) return undefined;
    const raw = text.slice(from + 1, j);
    return { name: first === '"' ? raw.replace(/\\(.)/g, '$1') : raw.replace(/''/g, "'"), colon: k };
  }
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '#' && j > from && /\s/.test(text[j - 1])) return undefined;
    if (c === ':' && (j + 1 === text.length || /\s/.test(text[j + 1]))) {
      const name = text.slice(from, j).trimEnd();
      return name === '' ? undefined : { name, colon: j };
    }
  }
  return undefined;
}

/** The text before a ` #` comment (quotes respected). */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /\s/.test(text[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) return text.slice(0, i);
  }
  return text;
}

/** Whether a comment starts on the line before `column` (a `#` at the line start or after whitespace, outside quotes). */
function commentStartsBefore(line: string, column: number): boolean {
  return stripComment(line).length < column && line.slice(stripComment(line).length).startsWith('#');
}

function itemValueEnd(line: string, from: number): number {
  return from + stripComment(line.slice(from)).trimEnd().length;
}

function wordEnd(line: string, from: number): number {
  let j = from;
  while (j < line.length && !/[\s:#]/.test(line[j])) j++;
  return j;
}

/** A node of the parsed tree under an offset: a key, or a scalar value (a list item included). */
export interface NodeAtOffset {
  /** The key's path (for a key), or the value's path. */
  path: Path;
  on: 'key' | 'value';
  node: Node;
  /** The node's source span. */
  span: Span;
}

/**
 * The key or scalar at `offset` in the parsed tree (what hover and rename are about), or undefined between nodes.
 * The ends of a node count as inside it, so that a cursor right after a word still finds the word. Items are
 * found by binary search: a request in a 30,000-entry list reads about fifteen of them.
 */
export function nodeAt(doc: ConfigDocument, offset: number): NodeAtOffset | undefined {
  let current: unknown = doc.yaml?.contents;
  const path: (string | number)[] = [];
  for (let depth = 0; depth < 64 && current; depth++) {
    if (isMap(current)) {
      const pairs = current.items as Pair<unknown, unknown>[];
      const index = lastStartingAtOrBefore(pairs, offset, (p) => doc.nodeRange(p.key)?.[0] ?? doc.nodeRange(p.value)?.[0]);
      if (index < 0) return undefined;
      const pair = pairs[index];
      const name = keyName(pair);
      const keyRange = doc.nodeRange(pair.key);
      if (keyRange && offset >= keyRange[0] && offset <= keyRange[1]) {
        return name === undefined
          ? undefined
          : { path: [...path, name], on: 'key', node: pair.key as Node, span: { start: keyRange[0], end: keyRange[1] } };
      }
      const valueRange = doc.nodeRange(pair.value);
      if (!valueRange || offset < valueRange[0] || offset > valueRange[1] || name === undefined) return undefined;
      path.push(name);
      if (isMap(pair.value) || isSeq(pair.value)) {
        current = pair.value;
        continue;
      }
      return { path, on: 'value', node: pair.value as Node, span: { start: valueRange[0], end: valueRange[1] } };
    }
    if (isSeq(current)) {
      const items = current.items as unknown[];
      const index = lastStartingAtOrBefore(items, offset, (item) => doc.nodeRange(item)?.[0]);
      if (index < 0) return undefined;
      const range = doc.nodeRange(items[index]);
      if (!range || offset > range[1]) return undefined;
      path.push(index);
      if (isMap(items[index]) || isSeq(items[index])) {
        current = items[index];
        continue;
      }
      return { path, on: 'value', node: items[index] as Node, span: { start: range[0], end: range[1] } };
    }
    return undefined;
  }
  return undefined;
}

/** The index of the last item whose start is at or before `offset` (items in source order), or -1. */
export function lastStartingAtOrBefore<T>(items: readonly T[], offset: number, startOf: (item: T) => number | undefined): number {
  let low = 0;
  let high = items.length - 1;
  let hit = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = startOf(items[mid]);
    if (start === undefined) {
      // An item without a position (rare: an empty pair): fall back to a linear scan.
      for (let i = items.length - 1; i >= 0; i--) {
        const s = startOf(items[i]);
        if (s !== undefined && s <= offset) return i;
      }
      return -1;
    }
    if (start <= offset) {
      hit = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return hit;
}
