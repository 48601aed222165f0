/**
 * The document as plain data for JSON Schema validation, in one linear pass. The `yaml` library's own toJS
 * looks each alias up by scanning every anchor and alias before it, which is quadratic (8,000 aliases in an
 * allowlist took seconds); this walk resolves aliases through the document's anchor index instead and shares
 * the converted value, as toJS does. Merge keys (`<<`) apply as in YAML 1.1: the mapping's own keys win, then
 * earlier sources. A mapping's key whose value is null is left out ("not set" means absent); list items keep
 * their nulls. Aliases may expand to at most `budget` nodes in all, so an "alias bomb" fails instead of
 * hanging. Pure.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { isMergeKey, resolveAlias } from './structure';
import type { AnchorIndex } from './structure';

export type PlainResult = { ok: true; value: unknown } | { ok: false; reason: string };

class AliasBudgetExceeded extends Error {}

export function toPlainData(root: unknown, anchors: AnchorIndex, budget: number): PlainResult {
  /**
   * The converted value and expanded node count of each anchored node: only those are reached again (through
   * aliases), so no other node costs a map entry (a file of 50,000 small mappings made these maps most of the time).
   */
  const converted = new Map<Node, { value: unknown; size: number }>();
  /** Anchored collections being converted: an alias to one of them (a recursive structure) is left out, not cycled. */
  const open = new Set<Node>();
  let expanded = 0;
  /** The expanded node count of what convert() returned last (an alias counts as what it expands to). */
  let lastSize = 1;

  const convert = (node: unknown): unknown => {
    if (node === null || node === undefined) {
      lastSize = 1;
      return null;
    }
    if (isAlias(node)) {
      const target = resolveAlias(anchors, node);
      if (!target || open.has(target)) {
        lastSize = 1;
        return null;
      }
      const value = convert(target);
      expanded += lastSize;
      if (expanded > budget) throw new AliasBudgetExceeded();
      return value;
    }
    const anchored = (node as { anchor?: string }).anchor ? (node as Node) : undefined;
    const done = anchored && converted.get(anchored);
    if (done) {
      lastSize = done.size;
      return done.value;
    }
    if (anchored) open.add(anchored);
    const value = convertNode(node);
    if (anchored) {
      open.delete(anchored);
      converted.set(anchored, { value, size: lastSize });
    }
    return value;
  };

  /** A node that is not an alias, converted; sets lastSize. */
  const convertNode = (node: unknown): unknown => {
    if (isScalar(node)) {
      lastSize = 1;
      return typeof node.value === 'symbol' ? String(node.value.description) : node.value;
    }
    if (isSeq(node)) {
      const list: unknown[] = [];
      let size = 1;
      for (const item of node.items) {
        list.push(convert(item));
        size += lastSize;
      }
      lastSize = size;
      return list;
    }
    if (isMap(node)) {
      const object: Record<string, unknown> = {};
      let size = 1;
      // The mapping's own keys, for the merges (only a mapping with a merge key needs them).
      const own = node.items.some((pair) => isMergeKey(pair.key)) ? new Set<string>() : undefined;
      for (const pair of node.items) {
        const key = pair.key;
        if (isMergeKey(key)) continue;
        const name = isScalar(key) ? String(key.value) : String(convert(key));
        own?.add(name);
        const value = convert(pair.value);
        size += 1 + lastSize;
        if (value === null) delete object[name];
        else object[name] = value;
      }
      if (own) mergeInto(object, node, own);
      lastSize = size;
      return object;
    }
    lastSize = 1;
    return null;
  };

  /** Applies a mapping's merge keys to its converted object: earlier sources win, its own keys win over all. */
  const mergeInto = (object: Record<string, unknown>, node: { items: { key: unknown; value: unknown }[] }, own: Set<string>) => {
    for (const pair of node.items) {
      if (!isMergeKey(pair.key)) continue;
      const merge = pair.value;
      // A source that is not a mapping is ignored here (readStructure reports it), never an exception.
      const list = isAlias(merge) ? resolveAlias(anchors, merge) : merge;
      const sources = isSeq(list) ? list.items : [merge];
      for (const source of sources) {
        const value = convert(source);
        if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
        for (const [name, item] of Object.entries(value)) {
          // The mapping's own keys win, a null one included ("not set": no merge fills it in).
          if (!own.has(name) && !Object.prototype.hasOwnProperty.call(object, name)) object[name] = item;
        }
      }
    }
  };

  try {
    return { ok: true, value: convert(root) };
  } catch (error) {
    if (error instanceof AliasBudgetExceeded) return { ok: false, reason: 'aliases expand beyond the budget' };
    throw error;
  }
}
