/**
 * Facts derived once per document version (or per analysis) and shared by every rule and feature that reads them:
 * the host analysis, the provider roster, the logo. Keyed weakly, so a snapshot's facts go with the snapshot.
 */
export function memoPerObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
