/** What a key holds, in one read: nothing, an empty value, a mapping or list, or a scalar with where it is written. */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node, Scalar } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import type { Span } from '../types';
import { replaceValueEdit } from './edits';
import type { SpanEdit } from './edits';
import { trimmedSpan } from './spans';

export type ValueState =
  | { kind: 'absent' }
  | { kind: 'empty'; keySpan: Span }
  | { kind: 'container'; keySpan: Span }
  | { kind: 'scalar'; keySpan: Span; node: Scalar; span: Span; value: unknown; text: string };

export function valueState(doc: ConfigDocument, path: Path): ValueState {
  const pair = doc.pair(path);
  if (!pair) return { kind: 'absent' };
  const keySpan = doc.keySpan(path) ?? doc.reportSpan(path);
  const node = doc.node(path);
  if (!node) return { kind: 'empty', keySpan };
  if (isMap(node) || isSeq(node)) return { kind: 'container', keySpan };
  if (!isScalar(node)) return { kind: 'empty', keySpan };
  if (node.value === null || node.value === undefined) return { kind: 'empty', keySpan };
  const text = typeof node.value === 'string' ? node.value : String(node.source ?? node.value);
  // For an alias (`*name`), report and edit at the alias, not at the anchor it points to.
  const written = pair.value as Node | null;
  const span = written && isAlias(written) ? doc.span(written) : trimmedSpan(doc, node);
  return { kind: 'scalar', keySpan, node, span, value: node.value, text };
}

/**
 * An edit replacing the scalar a state read with `newText`: at an alias, the alias; otherwise the value with its tag
 * (see replaceValueEdit). Undefined when the tag cannot be located.
 */
export function replaceStateValue(
  doc: ConfigDocument,
  state: Extract<ValueState, { kind: 'scalar' }>,
  newText: string,
): SpanEdit | undefined {
  const nodeSpan = trimmedSpan(doc, state.node);
  if (state.span.start !== nodeSpan.start) return { span: state.span, newText };
  return replaceValueEdit(doc, state.node, newText);
}
