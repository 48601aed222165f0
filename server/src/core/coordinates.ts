/**
 * Offsets of shared nodes. The incremental re-parse (reparse.ts) shares every node an edit did not touch between the
 * snapshot before and the one after, so a node's `range` stays in the coordinates of the parse that made it. Each
 * snapshot carries the shifts of the edits since that parse (its *lineage*: the full parse, or the last re-base) and
 * each node its *frame*, how many of those shifts its stored range already includes; reading a node's range through
 * the snapshot (`ConfigDocument.nodeRange`, `span`) applies the shifts it lacks. Nodes made by the full parse are in
 * frame 0; nodes made by a re-parse (the edited scalar, re-read list items, copies on the edited path) are in the
 * frame of the snapshot that made them. Pure.
 */

/**
 * One edit's effect on the offsets after it: an offset at or after `at` (before the edit) moves by `delta`; with
 * `after`, only one after it (text inserted at the start of a list's first item line: what ends there stays).
 */
export interface OffsetShift {
  readonly at: number;
  readonly delta: number;
  readonly after?: boolean;
}

export type NodeRange = readonly [number, number, number];

/** The frame of each node made after its lineage's parse; nodes of the parse itself are absent (frame 0). */
const frames = new WeakMap<object, number>();

/** How many shifts of its lineage a node's stored range includes. */
export function frameOf(node: object): number {
  return frames.get(node) ?? 0;
}

/** Records the frame of a node just made (never changed afterwards: nodes are shared read-only). */
export function setFrame(node: object, frame: number): void {
  if (frame !== 0) frames.set(node, frame);
}

/** An offset stored in `frame`, in the coordinates after all `shifts`. */
export function shiftedOffset(offset: number, shifts: readonly OffsetShift[], frame: number): number {
  for (let i = frame; i < shifts.length; i++) {
    const shift = shifts[i];
    if (offset > shift.at || (offset === shift.at && !shift.after)) offset += shift.delta;
  }
  return offset;
}

/**
 * A range stored in `frame`, in the coordinates after all `shifts`. Each boundary moves on its own: a shared node lies
 * wholly before or after every edit since its frame (the re-parse re-reads whatever an edit touches), so no boundary
 * falls inside an edited stretch.
 */
export function shiftedRange(range: NodeRange, shifts: readonly OffsetShift[], frame: number): NodeRange {
  if (frame >= shifts.length) return range;
  return [shiftedOffset(range[0], shifts, frame), shiftedOffset(range[1], shifts, frame), shiftedOffset(range[2], shifts, frame)];
}
