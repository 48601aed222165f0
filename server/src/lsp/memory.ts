/**
 * Every version of a large document leaves its whole text (and the analysis' short-lived data) behind as
 * garbage in V8's old generation, which V8 lets grow far before collecting when the machine has memory to
 * spare. After every MEMORY_RELEASE_BYTES of analyzed text, a full collection runs once the event loop is idle,
 * so the server's footprint stays near what it really holds.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MEMORY_RELEASE_BYTES = 8 * 1024 * 1024;
let analyzedSinceRelease = 0;
const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

/** Texts at least this long count as large for memory management. */
export const LARGE_TEXT = 256 * 1024;

/**
 * A full parse of a large text leaves its whole token tree behind: collecting it before the analysis allocates on
 * top of it makes the peak footprint the parse's, not the parse's plus the analysis'.
 */
export function collectGarbageNow(): void {
  analyzedSinceRelease = 0;
  collectGarbage?.();
}

/** Counts analyzed text; past MEMORY_RELEASE_BYTES, collects once the event loop is idle. */
export function releaseMemoryAfter(textLength: number): void {
  analyzedSinceRelease += textLength;
  if (!collectGarbage || analyzedSinceRelease < MEMORY_RELEASE_BYTES) return;
  analyzedSinceRelease = 0;
  setImmediate(collectGarbage);
}

/** After the first collection, V8 returns freed pages to the system in the background; a second one finds more. */
const SECOND_COLLECTION_MS = 500;

/**
 * A large parsed document just became garbage (replaced by a new text, or closed): collect once the event loop is
 * idle, and once more a little later, so that replacing a 5 MB document by a small one brings the footprint back
 * near where it was.
 */
export function releaseLargeDocument(): void {
  const collect = collectGarbage;
  if (!collect) return;
  analyzedSinceRelease = 0;
  setImmediate(collect);
  setTimeout(collect, SECOND_COLLECTION_MS).unref();
}
