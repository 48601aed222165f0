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
import type { Alias, Node } from 'yaml';
import { resolveAlias } from './structure';
import type { AnchorIndex } from './structure';

export type PlainResult = { ok: true; value: unknown } | { ok: false; reason: string };

class AliasBudgetExceeded extends Error {}

export function toPlainData(root: unknown, anchors: AnchorIndex, budget: number): PlainResult {
  const converted = new Map<unknown, unknown>();
  /** Collections being converted: an alias to one of them (a recursive structure) is left out, not cycled. */
  const open = new Set<unknown>();
  /** Expanded node count of a converted node, for the alias budget. */
  const sizes = new Map<unknown, number>();
  let expanded = 0;

  const resolve = (alias: Alias): Node | undefined => resolveAlias(anchors, alias);

  const convert = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = resolve(node);
      if (!target || open.has(target)) return null;
      const value = convert(target);
      expanded += sizes.get(target) ?? 1;
      if (expanded > budget) throw new AliasBudgetExceeded();
      return value;
    }
    if (converted.has(node)) return converted.get(node);
    if (isScalar(node)) {
      const value = typeof node.value === 'symbol' ? String(node.value.description) : node.value;
      sizes.set(node, 1);
      return value;
    }
    if (isSeq(node)) {
      const list: unknown[] = [];
      converted.set(node, list);
      open.add(node);
      let size = 1;
      for (const item of node.items) {
        list.push(convert(item));
        size += sizeOf(item);
      }
      open.delete(node);
      sizes.set(node, size);
      return list;
    }
    if (isMap(node)) {
      const object: Record<string, unknown> = {};
      converted.set(node, object);
      open.add(node);
      let size = 1;
      const merges: unknown[] = [];
      const own = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && typeof key.value === 'symbol') {
          merges.push(pair.value);
          continue;
        }
        const name = isScalar(key) ? String(key.value) : String(convert(key));
        own.add(name);
        const value = convert(pair.value);
        size += 1 + sizeOf(pair.value);
        if (value === null) delete object[name];
        else object[name] = value;
      }
      for (const merge of merges) {
        // A source that is not a mapping is ignored here (readStructure reports it), never an exception.
        const list = isAlias(merge) ? resolve(merge) : merge;
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
      open.delete(node);
      sizes.set(node, size);
      return object;
    }
    return null;
  };

  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = resolve(node);
      return target ? (sizes.get(target) ?? 1) : 1;
    }
    return sizes.get(node) ?? 1;
  };

  try {
    return { ok: true, value: convert(root) };
  } catch (error) {
    if (error instanceof AliasBudgetExceeded) return { ok: false, reason: 'aliases expand beyond the budget' };
    throw error;
  }
}
