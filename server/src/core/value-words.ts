/** How values are described in messages for people: shortened, and by kind when they are not text. */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';

/**
 * A value shortened to a readable length for a message: whitespace runs flattened to one space, other control
 * characters shown as `?` (a message is one line of printable text).
 */
export function shown(value: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** How a value that should be text looks, for messages: `a number`, `a list`, `empty`. */
export function describeNonText(node: Node | undefined): string {
  if (!node) return 'empty';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'empty';
    if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
    if (typeof v === 'boolean') return `\`${String(v)}\``;
    if (typeof v === 'string') return v.trim() === '' ? 'empty' : 'text';
  }
  return 'not text';
}

/** A short, safe description of a scalar by its type and source text (never used for secrets). */
export function describeScalar(value: unknown, text: string): string {
  if (typeof value === 'boolean') return `\`${text}\` (true/false)`;
  if (typeof value === 'number' || typeof value === 'bigint') return `the number \`${text}\``;
  return `"${shown(text, 61)}"`;
}
