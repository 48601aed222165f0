/**
 * Every version of a large document leaves its whole text (and the analysis' short-lived data) behind as
 * garbage in V8's old generation, which V8 lets grow far before collecting when the machine has memory to
 * spare. After every MEMORY_RELEASE_BYTES of analyzed text, a full collection runs once the event loop is idle,
 * so the server's footprint stays near what it really holds.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MEMORY_RELEASE_BYTES = 8 * 1024 * 1024;

/**
 * V8 doubles the young generation (up to 2 x 16 MB) whenever much of it survives a collection; the edits of a small
 * document grow it to the maximum and it stays there: about 26 MB of the server's resident memory after editing
 * the example (measured: 110 MB with V8's default, 84 MB at 1). Only the analysis of a large text gains from a large
 * young generation (its edits are 10-30% slower at 1), so growth is off until a large text is parsed in full, and
 * off again once it goes. The flag is read at every collection; `--max-semi-space-size` is read only at start.
 */
const YOUNG_GENERATION_GROWTH_SMALL = 1;
const YOUNG_GENERATION_GROWTH_LARGE = 2;
/**
 * Where the current factor is kept for dist/server.js (loader.ts), which writes the V8 code cache: V8 stamps a cache
 * with the flags in effect and rejects it under others, so the loader writes it under the start-up factor.
 */
export const YOUNG_GENERATION_GROWTH = Symbol.for('imprivata-config.youngGenerationGrowth');
type GrowthHolder = { [YOUNG_GENERATION_GROWTH]?: number };

function setYoungGenerationGrowth(factor: number): void {
  const holder = globalThis as GrowthHolder;
  if (holder[YOUNG_GENERATION_GROWTH] === factor) return;
  try {
    setFlagsFromString(`--semi-space-growth-factor=${factor}`);
    holder[YOUNG_GENERATION_GROWTH] = factor;
  } catch {
    // A Node without the flag: V8's default growth.
  }
}
setYoungGenerationGrowth(YOUNG_GENERATION_GROWTH_SMALL);
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

/** A large text is about to be parsed in full: its parse and analysis run faster with a young generation that grows. */
export function parsingLargeText(): void {
  setYoungGenerationGrowth(YOUNG_GENERATION_GROWTH_LARGE);
}

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
  setYoungGenerationGrowth(YOUNG_GENERATION_GROWTH_SMALL);
  const collect = collectGarbage;
  if (!collect) return;
  analyzedSinceRelease = 0;
  setImmediate(collect);
  setTimeout(collect, SECOND_COLLECTION_MS).unref();
}
