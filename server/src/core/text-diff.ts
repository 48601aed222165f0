/**
 * The difference between two versions of a text, as minimal edits (for fix-all in the editor) and as a unified diff
 * (for `lint --fix-dry-run`). jsdiff computes the line diff (Myers' algorithm, well kept and widely used).
 */
import { createTwoFilesPatch, diffLines } from 'diff';
import type { SpanEdit } from './yaml/edits';

/**
 * Edits that turn `before` into `after`: one per run of changed lines (line breaks kept as they are in each text),
 * in document order, never overlapping. Unchanged lines are not touched, so markers and the cursor elsewhere stay.
 */
export function textEditsBetween(before: string, after: string): SpanEdit[] {
  if (before === after) return [];
  const edits: SpanEdit[] = [];
  let offset = 0;
  let pending: SpanEdit | undefined;
  for (const part of diffLines(before, after)) {
    if (part.added) {
      pending ??= { span: { start: offset, end: offset }, newText: '' };
      pending.newText += part.value;
    } else if (part.removed) {
      pending ??= { span: { start: offset, end: offset }, newText: '' };
      offset += part.value.length;
      pending.span.end = offset;
    } else {
      if (pending) edits.push(pending);
      pending = undefined;
      offset += part.value.length;
    }
  }
  if (pending) edits.push(pending);
  return edits;
}

/** A unified diff of one file (`--- a/FILE`, `+++ b/FILE`, hunks with 3 lines of context); empty when equal. */
export function unifiedDiff(displayName: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(`a/${displayName}`, `b/${displayName}`, before, after, undefined, undefined, { context: 3 });
  // jsdiff starts with an `Index:`-less `===` header line; keep the git-style part only.
  return patch.replace(/^=+\n/m, '');
}
