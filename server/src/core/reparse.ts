/**
 * The incremental re-parse: the snapshot after one edit, made from the snapshot before without parsing the whole text
 * again, or undefined when the edit could change the structure (the caller then parses in full).
 *
 * Copy-on-write, and nothing copied that the edit did not touch: the new tree shares every node off the edited path
 * with the previous one, nodes keep the range of the parse that made them, and each snapshot maps them through the
 * edits since (coordinates.ts). Only the edited scalar and the collections and pairs on its path are new, so the
 * cost does not grow with the file. The shifts pile up edit after edit; re-basing the whole tree (every node copied
 * with its current range; no parse: 20-80 ms on 1 MB) empties them. That happens off the keystroke path, when the
 * editor is idle (compactSnapshot, which the language server calls after a pause in the edits), and only past a hard
 * cap on it (MAX_SHIFTS, for typing without pauses; COMPACTION_SHIFTS on a small text, whose copy is cheap), so
 * reading a range never costs more than MAX_SHIFTS steps.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Document, Node, ParsedNode } from 'yaml';
import { frameOf, setFrame, shiftedOffset, shiftedRange } from './coordinates';
import type { NodeRange, OffsetShift } from './coordinates';
import { aliasBudget, ConfigDocument, PARSE_OPTIONS } from './document';
import type { OffsetEdit, Path, PathSegment } from './document';
import { toPlainData } from './plain';
import { runToEnd } from './stepwise';
import { readStructure } from './structure';
import type { AnchorIndex } from './structure';
import { LineIndex, detachedCopy, parseableText } from './text';

/** Characters that could change the structure of the YAML around a plain scalar. */
const STRUCTURAL = /[\n\r\t#&*!|>'"%@`]|:(?:\s|$)|^[\s?:,[\]{}-]|\s$/;
const FLOW_STRUCTURAL = /[,[\]{}]/;

/** A line that ends with a dash or a key's colon and nothing after it: an empty value (see spliceListItems). */
const EMPTY_VALUE_LINE = /(?:^|[ \t])-[ \t]*\r?$|:[ \t]*\r?$/m;

/**
 * How many edits a tree's lineage spans before an edit re-bases it on the keystroke path: a range read applies at
 * most this many shifts (a step each, so 128 cost microseconds), and typing that never pauses long enough for a
 * compaction re-bases (one copy of the tree, 20-80 ms on 1 MB) once per this many edits.
 */
export const MAX_SHIFTS = 128;
/**
 * On a text shorter than this the cap is COMPACTION_SHIFTS: its re-base costs less than a parse (0.5 ms on the
 * example), while every range read by the analysis and the requests of each keystroke applying up to MAX_SHIFTS
 * shifts cost 0.2 ms per keystroke (a fifth of its work, profiled typing with a hover after each character).
 */
export const SMALL_TEXT = 64 * 1024;

/**
 * From how many shifts a compaction is worth its copy of the tree: with fewer, reading a range costs next to
 * nothing, and each copy is an old tree more for the garbage collector.
 */
export const COMPACTION_SHIFTS = 16;

/**
 * The snapshot of `newText`, which is `previous.text` after `edit`, made without a full parse when the edit stays
 * inside one plain scalar value (typing) or inside the items of one block sequence (a line inserted, deleted or
 * pasted in a list); undefined when the edit could change anything else (the caller parses in full).
 */
export function reparseWithEdit(previous: ConfigDocument, newText: string, edit: OffsetEdit): ConfigDocument | undefined {
  const tree = previous.yaml;
  if (!tree || previous.syntaxProblems.length || tree.errors.length || tree.warnings.length) return undefined;
  if (newText.length !== previous.text.length - (edit.end - edit.start) + edit.text.length) return undefined;
  return reparseScalar(previous, tree, newText, edit) ?? reparseListItems(previous, tree, newText, edit);
}

/**
 * Typing inside one plain, one-line scalar value (a host, a name, an ID): the edited scalar is re-read on its own;
 * the collections and pairs on its path are copied (shallowly), every other node is shared.
 */
function reparseScalar(previous: ConfigDocument, tree: Document.Parsed, newText: string, edit: OffsetEdit): ConfigDocument | undefined {
  const found = scalarValueAt(previous, edit.start, edit.end);
  if (!found) return undefined;
  const { scalar, inFlow, path, steps } = found;
  // An anchored scalar is copied by value wherever it is aliased: the plain data could not be patched.
  if (scalar.anchor) return undefined;
  const range = previous.nodeRange(scalar);
  if (!range || scalar.type !== 'PLAIN' || typeof scalar.source !== 'string') return undefined;
  const [start, valueEnd] = range;
  const oldSource = previous.text.slice(start, valueEnd);
  if (oldSource !== scalar.source || oldSource.includes('\n')) return undefined;
  // An empty value has no text of its own: what is typed there may join what precedes it (`to:` then `x` is the
  // one scalar `to:x`, not `to: x`). The full parse decides; the next keystroke is incremental again.
  if (oldSource.length === 0) return undefined;
  const newSource = oldSource.slice(0, edit.start - start) + edit.text + oldSource.slice(edit.end - start);
  if (newSource.length === 0 || STRUCTURAL.test(newSource) || (inFlow && FLOW_STRUCTURAL.test(newSource))) return undefined;
  if (newText.slice(start, start + newSource.length) !== newSource) return undefined;
  // A copy: a deletion at the value's end leaves `newSource` a view into the previous text, which the new scalar's
  // strings would keep alive.
  const source = detachedCopy(newSource);
  const reread = parseDocument(source, { strict: true });
  const replacement = reread.contents;
  if (reread.errors.length || !isScalar(replacement) || replacement.type !== 'PLAIN') return undefined;

  const delta = edit.text.length - (edit.end - edit.start);
  const shifts = delta === 0 ? previous.shifts : [...previous.shifts, { at: edit.end, delta }];
  const edited = shallow(scalar);
  edited.value = replacement.value;
  edited.source = source;
  edited.format = replacement.format;
  edited.tag = replacement.tag;
  // The edited scalar's start stays where it is (typing at its start makes it longer, not later).
  edited.range = [range[0], range[1] + delta, range[2] + delta];
  setFrame(edited, shifts.length);
  const plain = patchPlain(previous.plainIfComputed(), path, replacement.value);
  const next = snapshot(
    previous,
    newText,
    replaceAlong(tree, steps, edited),
    shifts,
    plain,
    shiftLines(previous.lines, newText, edit, delta),
  );
  return next.derive(previous, edit, path);
}

/**
 * What the list-item re-parse leaves to the full parse, in the replaced or the new lines: a comment (it attaches to
 * neighbouring nodes), an anchor, alias or tag (read across the document), a block scalar header or a flow
 * collection (wherever a token starts: after a line start, a blank, `:`, `,` or `-`), a tab (indentation), a byte
 * order mark or a NUL (file-level problems).
 */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters looked for
const LIST_STRUCTURAL = /(?:^|[\s:,-])[#&*!|>{[]|[\t\ufeff\u0000]/;

/** A block sequence the edit may lie in: the sequence, its path and the steps to it from the root. */
interface ListCandidate {
  seq: YAMLSeq<unknown>;
  path: PathSegment[];
  steps: PathStep[];
}

/**
 * A line inserted, deleted or pasted among the items of a block sequence (the allowlist, the roster, any list): only
 * the items whose lines the edit touches are parsed again, as a sequence of their own at the same indentation, and
 * spliced into a copy of the sequence (its items array copied, the items themselves shared). Undefined whenever the
 * local parse could read differently from a full one: anchors anywhere in the file, a character of LIST_STRUCTURAL
 * in the old or new lines, a line less indented than the items, a line at their indentation that is not an item,
 * the edit before the first item's line or after the last, a parse error or warning, duplicate keys.
 */
function reparseListItems(previous: ConfigDocument, tree: Document.Parsed, newText: string, edit: OffsetEdit): ConfigDocument | undefined {
  // Anchors: the shared index could not hold new ones, and the alias budget of the plain data follows the text length.
  if (previous.anchors.size) return undefined;
  const candidates = listCandidates(previous, edit);
  for (let i = candidates.length - 1; i >= 0; i--) {
    const next = spliceListItems(previous, tree, newText, edit, candidates[i]);
    if (next) return next;
  }
  return undefined;
}

/** The block sequences on the way from the root to the edit, outermost first. */
function listCandidates(doc: ConfigDocument, edit: OffsetEdit): ListCandidate[] {
  const candidates: ListCandidate[] = [];
  let node: unknown = doc.yaml?.contents;
  const path: PathSegment[] = [];
  const steps: PathStep[] = [];
  while (isMap(node) || isSeq(node)) {
    if (node.flow) break;
    if (isSeq(node)) candidates.push({ seq: node, path: path.slice(), steps: steps.slice() });
    const hit = lastItemStartingAtOrBefore(doc, node.items as unknown[], edit.start);
    if (hit === undefined) break;
    const item = (node.items as unknown[])[hit];
    steps.push({ collection: node, index: hit });
    if (isPair(item)) {
      const key = item.key;
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) break;
      const valueStart = doc.nodeRange(item.value)?.[0];
      if (valueStart === undefined || valueStart > edit.start) break;
      path.push(String(key.value));
      node = item.value;
    } else {
      path.push(hit);
      node = item;
    }
  }
  return candidates;
}

function spliceListItems(
  previous: ConfigDocument,
  tree: Document.Parsed,
  newText: string,
  edit: OffsetEdit,
  { seq, path, steps }: ListCandidate,
): ConfigDocument | undefined {
  const items = seq.items as unknown[];
  const text = previous.text;
  const lines = previous.lines;
  /** The start of the line of item i's dash, when the dash is all that precedes the item on its line. */
  const dashLine = (i: number): number | undefined => {
    const start = itemStart(previous, items[i]);
    if (start === undefined) return undefined;
    const lineStart = lines.lineStarts[lines.lineAt(start)];
    const prefix = /^( *)-(?: +|$)/.exec(text.slice(lineStart, start));
    return prefix && prefix[0].length === start - lineStart && prefix[1].length === indent ? lineStart : undefined;
  };
  const seqStart = previous.nodeRange(seq)?.[0];
  if (seqStart === undefined) return undefined;
  const indent = lines.position(seqStart).character;
  // The items whose lines hold the edit: from the last one whose dash line starts before it (strictly: the line
  // before an insertion at a line start is read again, its end may move) to the last one starting at or before its end.
  let first = lastDashLineBefore(items.length, dashLine, edit.start, true);
  // Text inserted at the start of the first item's line: the region starts there, and the shift leaves what ends
  // there (the key above, its comment) where it is.
  const atListStart = first === undefined && edit.start === edit.end && items.length > 0 && dashLine(0) === edit.start;
  if (atListStart) first = 0;
  const last = lastDashLineBefore(items.length, dashLine, edit.end, false);
  if (first === undefined || last === undefined || last < first) return undefined;
  const regionStart = dashLine(first);
  if (regionStart === undefined || (regionStart >= edit.start && !atListStart)) return undefined;
  // The item kept before the region must end before it: an empty one (`    -`) reaches to the next item's dash.
  const before = first > 0 ? previous.nodeRange(items[first - 1] as Node) : undefined;
  if (before && before[2] > regionStart) return undefined;
  // The region ends where the next item's line starts, or with the sequence.
  const following = last + 1 < items.length ? dashLine(last + 1) : undefined;
  if (last + 1 < items.length && following === undefined) return undefined;
  const seqRange = previous.nodeRange(seq);
  if (!seqRange) return undefined;
  const regionEnd = following ?? seqRange[2];
  if (following === undefined ? edit.end > regionEnd : edit.end >= regionEnd) return undefined;
  const delta = edit.text.length - (edit.end - edit.start);
  // Both ends of the region are line starts in both texts (a region never ends between the CR and LF of a break).
  if (lines.lineStarts[lines.lineAt(regionEnd)] !== regionEnd || !isLineStart(newText, regionEnd + delta)) return undefined;
  const oldLines = text.slice(regionStart, regionEnd);
  // The new items' strings are cut from these lines: a copy, so that they do not keep this version of the text alive.
  const newLines = detachedCopy(newText.slice(regionStart, regionEnd + delta));
  if (LIST_STRUCTURAL.test(oldLines) || LIST_STRUCTURAL.test(newLines)) return undefined;
  const dashes = itemLinesAt(newLines, indent);
  if (dashes === undefined) return undefined;
  // An empty value (`    -`, `      port:`): the `yaml` library gives its node a range that depends on what surrounds
  // it (in the whole text it reached to the next item's dash; parsed alone, not). The full parse decides.
  if (EMPTY_VALUE_LINE.test(newLines)) return undefined;
  // The new items, parsed as a sequence of their own: no error, no warning, one item per dash line.
  let added: unknown[] = [];
  let localRange: NodeRange | undefined;
  if (newLines.length) {
    const local = parseDocument(parseableText(newLines), PARSE_OPTIONS);
    const contents = local.contents;
    if (local.errors.length || local.warnings.length || !isSeq(contents) || contents.flow) return undefined;
    if (contents.items.length !== dashes) return undefined;
    if (readStructure(local, newLines, () => 0).problems.length) return undefined;
    added = contents.items;
    localRange = (contents as ParsedNode).range ?? undefined;
    if (!localRange) return undefined;
  }
  // Without an item after the region, the sequence (and whatever ends with it) ends with the new items: there must be
  // some, ending where the shifts move the old end (a new last item may end before its line break, or after it).
  const shift: OffsetShift = atListStart ? { at: edit.end, delta, after: true } : { at: edit.end, delta };
  if (following === undefined) {
    const moved = (offset: number) => shiftedOffset(offset, [shift], 0);
    if (!localRange || regionStart + localRange[1] !== moved(seqRange[1]) || regionStart + localRange[2] !== moved(seqRange[2])) {
      return undefined;
    }
  }
  if (items.length - (last - first + 1) + added.length === 0) return undefined;

  const shifts = delta === 0 ? previous.shifts : [...previous.shifts, shift];
  const frame = shifts.length;
  for (const item of added) placeNodes(item, regionStart, frame);
  const spliced = shallow(seq);
  spliced.items = [...items.slice(0, first), ...added, ...items.slice(last + 1)];
  setFrame(spliced, frameOf(seq));
  const plain = splicePlain(previous.plainIfComputed(), path, first, last - first + 1, added, newText.length);
  const next = snapshot(
    previous,
    newText,
    replaceAlong(tree, steps, spliced),
    shifts,
    plain,
    spliceLines(previous.lines, newText, regionStart, regionEnd, delta),
  );
  return next.derive(previous, edit, path);
}

/**
 * The last item whose dash line starts before `offset` (`strict`) or at or before it; undefined when an item on the
 * way has no dash line of its own or none starts before.
 */
function lastDashLineBefore(
  count: number,
  dashLine: (i: number) => number | undefined,
  offset: number,
  strict: boolean,
): number | undefined {
  let low = 0;
  let high = count - 1;
  let hit = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = dashLine(mid);
    if (at === undefined) return undefined;
    if (strict ? at < offset : at <= offset) {
      hit = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return hit < 0 ? undefined : hit;
}

/** Whether a line starts at `offset` (after a line break, not between the CR and LF of one), as LineIndex counts. */
function isLineStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const before = text.charCodeAt(offset - 1);
  return before === 10 || (before === 13 && text.charCodeAt(offset) !== 10);
}

/**
 * How many item lines (a dash at `indent`) the lines hold, when they read as items of a sequence at that indentation
 * and nothing else: the first line is an item line, every other line is blank, an item line, or more indented.
 */
function itemLinesAt(lines: string, indent: number): number | undefined {
  if (lines.length === 0) return 0;
  let dashes = 0;
  const all = lines.split(/\r\n|\r|\n/);
  // The text ends with a line break: the last element is the empty rest.
  if (all[all.length - 1] !== '') return undefined;
  all.pop();
  for (const [i, line] of all.entries()) {
    const spaces = line.length - line.trimStart().length;
    if (line.trim() === '') {
      if (i === 0) return undefined;
      continue;
    }
    if (spaces > indent) {
      if (i === 0) return undefined;
      continue;
    }
    if (spaces < indent || !/^-(?: |$)/.test(line.slice(indent))) return undefined;
    dashes++;
  }
  return dashes;
}

/** Moves a locally parsed subtree's ranges by `offset` (where its text starts) and records their frame. */
function placeNodes(root: unknown, offset: number, frame: number): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    const range = (node as ParsedNode).range;
    if (range) (node as ParsedNode).range = [range[0] + offset, range[1] + offset, range[2] + offset];
    setFrame(node, frame);
    if (isCollection(node)) stack.push(...(node.items as unknown[]));
  }
}

/** The plain data after a splice of list items: the containers on the path copied, the list spliced in the copy. */
function splicePlain(
  previous: { ok: true; value: unknown } | undefined,
  path: Path,
  from: number,
  removed: number,
  added: readonly unknown[],
  textLength: number,
): { ok: true; value: unknown } | undefined {
  if (!previous) return undefined;
  const values: unknown[] = [];
  for (const item of added) {
    const converted = toPlainData(item, new Map(), aliasBudget(textLength));
    if (!converted.ok) return undefined;
    values.push(converted.value);
  }
  return patchPlainAt(previous, path, (list) => {
    if (!Array.isArray(list) || from + removed > list.length) return undefined;
    return [...list.slice(0, from), ...values, ...list.slice(from + removed)];
  });
}

/**
 * The line index after replacing the lines [regionStart, regionEnd) (both line starts of the previous text) with the
 * new text's: the line starts before are kept, the region's counted, the ones after moved (no scan of the text).
 */
function spliceLines(previous: LineIndex, newText: string, regionStart: number, regionEnd: number, delta: number): LineIndex {
  const starts = previous.lineStarts;
  const firstLine = previous.lineAt(regionStart);
  const endLine = previous.lineAt(regionEnd);
  const region = newText.slice(regionStart, regionEnd + delta);
  // The region ends with a line break: its last line start is the first start after it, counted below.
  const inside: number[] = [];
  for (const start of new LineIndex(region).lineStarts) if (start < region.length) inside.push(regionStart + start);
  const after = starts.slice(endLine);
  if (delta !== 0) for (let i = 0; i < after.length; i++) after[i] += delta;
  return LineIndex.fromStarts(newText, starts.slice(0, firstLine).concat(inside, after));
}

/** The snapshot of a new tree, re-based when its chain of shifts is too long. */
function snapshot(
  previous: ConfigDocument,
  newText: string,
  tree: Document.Parsed,
  shifts: readonly OffsetShift[],
  plain: { ok: true; value: unknown } | undefined,
  lines: LineIndex,
): ConfigDocument {
  if (shifts.length > (newText.length < SMALL_TEXT ? COMPACTION_SHIFTS : MAX_SHIFTS)) {
    try {
      const rebased = rebase(tree, shifts, previous.anchors);
      return new ConfigDocument(newText, previous.filePath, { yaml: rebased.tree, lines, plain, anchors: rebased.anchors });
    } catch (error) {
      // Recursive like the parser's composer: a nesting deep enough to exhaust the stack keeps its chain instead.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  // The anchor index is shared: no anchored node is ever replaced (anchors refuse the re-parse), and its starts are
  // compared only with alias ranges from the same parse (resolveAlias), which the shifts keep in order.
  return new ConfigDocument(newText, previous.filePath, { yaml: tree, lines, plain, anchors: previous.anchors, shifts });
}

/**
 * The snapshot `doc` compacted: the same text, parsed tree and facts, every range current (no shifts to apply), as a
 * new snapshot; `doc` itself when it has fewer than `minShifts` shifts (or its tree nests too deeply to copy). `doc`
 * is not changed, and the nodes of its tree still read right through it (an older snapshot a request or an analysis
 * holds). The new snapshot continues `doc`'s chain of edits (`origin`), so the analysis of the next edit still reuses
 * the last finished one, and the allowlist's tallies move on to it (host-tallies.ts).
 */
export function compactSnapshot(doc: ConfigDocument, minShifts = 1): ConfigDocument {
  return runToEnd(compactSteps(doc, minShifts, Infinity));
}

/**
 * The same compaction in steps of `perStep` items copied (2,000: about a millisecond), for a caller that pauses
 * between them so that an edit arriving meanwhile is not kept waiting (the language server; it drops the steps then).
 */
export function* compactSteps(doc: ConfigDocument, minShifts = 1, perStep = 2000): Generator<void, ConfigDocument> {
  const tree = doc.yaml;
  if (!tree || doc.shifts.length === 0 || doc.shifts.length < minShifts) return doc;
  let rebased: { tree: Document.Parsed; anchors: AnchorIndex };
  try {
    rebased = yield* rebaseSteps(tree, doc.shifts, doc.anchors, perStep);
  } catch (error) {
    // Recursive like the parser's composer: a nesting deep enough to exhaust the stack keeps its shifts.
    if (!(error instanceof RangeError)) throw error;
    return doc;
  }
  const compacted = new ConfigDocument(doc.text, doc.filePath, {
    yaml: rebased.tree,
    lines: doc.lines,
    plain: doc.plainIfComputed(),
    anchors: rebased.anchors,
  });
  // Same text: the edits since the last finished analysis are `doc`'s (none when `doc` was analyzed).
  compacted.origin = doc.origin ?? { previous: doc, steps: [] };
  return compacted;
}

/** One step of a path through the tree: a collection and the index of the item the path goes through. */
interface PathStep {
  collection: YAMLMap<unknown, unknown> | YAMLSeq<unknown>;
  index: number;
}

/**
 * A new tree in which the node at the end of `steps` is `replacement`: the collections and pairs on the path are
 * copied (their items arrays too), everything else is shared. The copies keep the frames of their originals.
 */
function replaceAlong(tree: Document.Parsed, steps: readonly PathStep[], replacement: unknown): Document.Parsed {
  let child = replacement;
  for (let i = steps.length - 1; i >= 0; i--) {
    const { collection, index } = steps[i];
    const items = (collection.items as unknown[]).slice();
    const item = items[index];
    if (isPair(item)) {
      const pair = shallow(item);
      pair.value = child;
      items[index] = pair;
    } else items[index] = child;
    const copy = shallow(collection);
    (copy as { items: unknown[] }).items = items;
    setFrame(copy, frameOf(collection));
    child = copy;
  }
  // One object: copied with its descriptors, so that it is still a Document to yaml (isDocument, visit).
  const copyTree = Object.create(Object.getPrototypeOf(tree) as object, Object.getOwnPropertyDescriptors(tree)) as Document.Parsed;
  copyTree.contents = child as typeof tree.contents;
  return copyTree;
}

/**
 * The plain data after an edited scalar, when the previous document had computed it: the containers on the edited
 * path are copied (shallowly) and the one value replaced in the copy, so a keystroke neither copies the whole file
 * into plain data again nor changes the previous document's. The path never passes through an anchored collection
 * (reparseWithEdit refuses those), so no alias shares a copied container.
 */
function patchPlain(
  previous: { ok: true; value: unknown } | undefined,
  path: Path,
  value: unknown,
): { ok: true; value: unknown } | undefined {
  // A null left out of the plain data (nullIsAbsent) cannot be patched.
  if (!previous || path.length === 0 || value === null) return undefined;
  return patchPlainAt(previous, path.slice(0, -1), (container) => {
    const last = path[path.length - 1];
    if (container === null || typeof container !== 'object' || !(last in container)) return undefined;
    const copy = (Array.isArray(container) ? container.slice() : { ...container }) as Record<string | number, unknown>;
    copy[last] = value;
    return copy;
  });
}

/**
 * The plain data with the value at `path` replaced by `replace(value)`: the containers on the path are copied
 * (shallowly), the rest shared. Undefined when the path is not in the data or `replace` gives up.
 */
function patchPlainAt(
  previous: { ok: true; value: unknown },
  path: Path,
  replace: (value: unknown) => unknown,
): { ok: true; value: unknown } | undefined {
  const rewrite = (container: unknown, depth: number): unknown => {
    if (depth === path.length) return replace(container);
    if (container === null || typeof container !== 'object') return undefined;
    const segment = path[depth];
    if (!(segment in container)) return undefined;
    const inner = rewrite((container as Record<string | number, unknown>)[segment], depth + 1);
    if (inner === undefined) return undefined;
    const copy = (Array.isArray(container) ? container.slice() : { ...container }) as Record<string | number, unknown>;
    copy[segment] = inner;
    return copy;
  };
  const value = rewrite(previous.value, 0);
  return value === undefined ? undefined : { ok: true, value };
}

/**
 * The plain scalar value (not a key) whose source contains [start, end], its path, the collections on the way, and
 * whether it sits in a flow collection. Ranges are read through the snapshot (they may be shared, in older frames).
 */
function scalarValueAt(
  doc: ConfigDocument,
  start: number,
  end: number,
): { scalar: Scalar; inFlow: boolean; path: PathSegment[]; steps: PathStep[] } | undefined {
  let node: unknown = doc.yaml?.contents;
  let inFlow = false;
  const path: PathSegment[] = [];
  const steps: PathStep[] = [];
  while (node) {
    if (isScalar(node)) {
      const range = doc.nodeRange(node);
      return range && range[0] <= start && end <= range[1] ? { scalar: node, inFlow, path, steps } : undefined;
    }
    if (!isMap(node) && !isSeq(node)) return undefined;
    // Inside an anchored collection the value is also seen through aliases and merges: a full parse.
    if (node.anchor) return undefined;
    inFlow = inFlow || !!node.flow;
    const hit = lastItemStartingAtOrBefore(doc, node.items as unknown[], start);
    if (hit === undefined) return undefined;
    steps.push({ collection: node, index: hit });
    const item = (node.items as unknown[])[hit];
    if (isPair(item)) {
      const key = item.key as Node | null;
      const keyRange = doc.nodeRange(key);
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

/** Items are in source order: binary search the last one starting at or before `offset`; undefined when none does. */
function lastItemStartingAtOrBefore(doc: ConfigDocument, items: readonly unknown[], offset: number): number | undefined {
  let low = 0;
  let high = items.length - 1;
  let hit = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = itemStart(doc, items[mid]);
    if (at === undefined) return undefined;
    if (at <= offset) {
      hit = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return hit < 0 ? undefined : hit;
}

function itemStart(doc: ConfigDocument, item: unknown): number | undefined {
  if (isPair(item)) return doc.nodeRange(item.key)?.[0] ?? doc.nodeRange(item.value)?.[0];
  return doc.nodeRange(item)?.[0];
}

/**
 * A copy of the whole tree with every range in the coordinates after `shifts` (frame 0 of a new lineage), and the
 * anchor index pointing into the copy. One allocation per node, no parsing.
 */
function rebase(
  tree: Document.Parsed,
  shifts: readonly OffsetShift[],
  anchors: AnchorIndex,
): { tree: Document.Parsed; anchors: AnchorIndex } {
  return runToEnd(rebaseSteps(tree, shifts, anchors, Infinity));
}

/**
 * How deep the stepwise re-base goes item by item (the root mapping, a section's mapping, a list in it: the allowlist,
 * the roster); below, each item is copied whole between two steps.
 */
const STEPWISE_LEVELS = 3;

/** The re-base (see rebase), pausing (yielding) after every `perStep` items copied at the top levels of the tree. */
function* rebaseSteps(
  tree: Document.Parsed,
  shifts: readonly OffsetShift[],
  anchors: AnchorIndex,
  perStep: number,
): Generator<void, { tree: Document.Parsed; anchors: AnchorIndex }> {
  const copies = new Map<unknown, Node>();
  /** A node alone, its items not copied yet: its range current, remembered when anchored. */
  const copyOne = <T extends object>(node: T): T => {
    const copy = shallow(node);
    const range = (node as ParsedNode).range as NodeRange | undefined;
    if (range) (copy as ParsedNode).range = shiftedRange(range, shifts, frameOf(node)).slice() as [number, number, number];
    // Only anchored nodes are looked up again (the anchor index); aliases resolve through it.
    if ((node as { anchor?: string }).anchor) copies.set(node, copy as Node);
    return copy;
  };
  const copyNode = (node: unknown): unknown => {
    if (!node || typeof node !== 'object') return node;
    if (isPair(node)) {
      const pair = shallow(node);
      pair.key = copyNode(node.key);
      pair.value = copyNode(node.value);
      return pair;
    }
    const copy = copyOne(node);
    if (isCollection(copy)) (copy as { items: unknown[] }).items = (copy.items as unknown[]).map(copyNode);
    return copy;
  };
  let copied = 0;
  function* copyLevel(node: unknown, level: number): Generator<void, unknown> {
    if (!isCollection(node) || level >= STEPWISE_LEVELS) return copyNode(node);
    const copy = copyOne(node);
    const items = node.items as unknown[];
    const copiedItems: unknown[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (isPair(item) && isCollection(item.value)) {
        const pair = shallow(item);
        pair.key = copyNode(item.key);
        pair.value = yield* copyLevel(item.value, level + 1);
        copiedItems[i] = pair;
      } else {
        copiedItems[i] = isCollection(item) ? yield* copyLevel(item, level + 1) : copyNode(item);
      }
      if (++copied >= perStep) {
        copied = 0;
        yield;
      }
    }
    (copy as { items: unknown[] }).items = copiedItems;
    return copy;
  }
  const contents = yield* copyLevel(tree.contents, 0);
  const copyTree = Object.create(Object.getPrototypeOf(tree) as object, Object.getOwnPropertyDescriptors(tree)) as Document.Parsed;
  copyTree.contents = contents as typeof tree.contents;
  const rebased: AnchorIndex = new Map();
  for (const [name, list] of anchors) {
    rebased.set(
      name,
      list.map((entry) => {
        const copy = copies.get(entry.node);
        const range = copy && (copy as ParsedNode).range;
        return { start: range ? range[0] : entry.start, node: copy ?? entry.node };
      }),
    );
  }
  return { tree: copyTree, anchors: rebased };
}

/**
 * A node made by its class's own constructor with the fields of `node` (the kind is a non-enumerable symbol the
 * constructors define), so copies keep V8's fast object shapes edit after edit.
 */
function shallow<T extends object>(node: T): T {
  return Object.assign(emptyLike(node), node) as T;
}

/** A new node of the same class as `node` (fields still to be copied). */
function emptyLike(node: object): object {
  if (isScalar(node)) return new Scalar(node.value);
  if (isMap(node)) return new YAMLMap(node.schema);
  if (isSeq(node)) return new YAMLSeq(node.schema);
  if (isPair(node)) return new Pair(node.key, node.value);
  if (isAlias(node)) return new Alias(node.source);
  return Object.create(Object.getPrototypeOf(node) as object) as object;
}

function shiftLines(previous: LineIndex, newText: string, edit: OffsetEdit, delta: number): LineIndex {
  if (edit.text.includes('\n') || previous.text.slice(edit.start, edit.end).includes('\n')) return new LineIndex(newText);
  const starts = previous.lineStarts.slice();
  for (let i = 0; i < starts.length; i++) if (starts[i] > edit.start) starts[i] += delta;
  return LineIndex.fromStarts(newText, starts);
}
