import type { ConfigDocument } from './document';

/**
 * Facts derived once per document version (or per analysis) and shared by every rule and feature that reads them:
 * the host analysis, the provider roster, the logo. Keyed weakly, so a snapshot's facts go with the snapshot.
 *
 * With `docOf`, what the computation read of the document (see `ConfigDocument.reads`) is remembered and recorded
 * again for every later caller, so that each rule using the shared fact is known to depend on what it was made of.
 */
export function memoPerObject<K extends object, V>(compute: (key: K) => V, docOf?: (key: K) => ConfigDocument): (key: K) => V {
  const cache = new WeakMap<K, { value: V; reads: ReadonlySet<string> | undefined }>();
  return (key) => {
    const doc = docOf?.(key);
    const outer = doc?.reads;
    const known = cache.get(key);
    if (known) {
      if (outer && known.reads) for (const read of known.reads) outer.add(read);
      return known.value;
    }
    if (!doc) {
      const value = compute(key);
      cache.set(key, { value, reads: undefined });
      return value;
    }
    const reads = new Set<string>();
    doc.reads = reads;
    try {
      const value = compute(key);
      cache.set(key, { value, reads });
      return value;
    } finally {
      doc.reads = outer;
      if (outer) for (const read of reads) outer.add(read);
    }
  };
}
