/**
 * Every version of a document leaves its text (and the analysis' short-lived data) behind as garbage in V8's old
 * generation, which V8 lets grow far before collecting when the machine has memory to spare: editing the example
 * 500 times grew the server from 72 to 97 MB, of which a full collection gave back 19. So a full collection runs
 * once the event loop is idle whenever a small heap has grown GARBAGE_BUDGET_BYTES past what the last one left, or after
 * every MEMORY_RELEASE_BYTES of analyzed text, so the server's footprint stays near what it really holds.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MEMORY_RELEASE_BYTES = 8 * 1024 * 1024;
/**
 * The garbage allowed past what the last full collection left, after the analysis of a small text. On the example
 * a collection takes a few ms and comes every hundred edits or so. Only while the heap holds less than
 * SMALL_HEAP_BYTES: a collection costs in proportion to what is live, and on a 1 MB document collecting that often
 * made a leaf edit 2-3x slower; its full parses collect anyway (documents.ts), and MEMORY_RELEASE_BYTES applies.
 */
const GARBAGE_BUDGET_BYTES = 4 * 1024 * 1024;
const SMALL_HEAP_BYTES = 24 * 1024 * 1024;

let analyzedSinceRelease = 0;
/** The heap in use right after the last full collection (or at the first analysis, before any). */
let liveAfterCollection: number | undefined;
let collectionQueued = false;
const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

function collect(): void {
  if (!collectGarbage) return;
  analyzedSinceRelease = 0;
  collectGarbage();
  liveAfterCollection = getHeapStatistics().used_heap_size;
}

/** Texts at least this long count as large for memory management. */
export const LARGE_TEXT = 256 * 1024;

/**
 * A full parse of a large text leaves its whole token tree behind: collecting it before the analysis allocates on
 * top of it makes the peak footprint the parse's, not the parse's plus the analysis'.
 */
export function collectGarbageNow(): void {
  collect();
}

/**
 * How long after the last analysis the garbage it left is collected, whatever its size: a large document's edits
 * are not collected as they come (a full collection of a 1 MB document's heap takes 50-100 ms: collecting every
 * few edits would slow typing), so a burst of them leaves up to MEMORY_RELEASE_BYTES of analyses behind (the 1 MB
 * allowlist after the bench's edits: 215 MB resident, 119 MB after a collection). Once the user pauses, it goes.
 */
const IDLE_RELEASE_MS = 1000;
let idleRelease: NodeJS.Timeout | undefined;

function releaseWhenIdle(): void {
  if (idleRelease) {
    idleRelease.refresh();
    return;
  }
  idleRelease = setTimeout(() => {
    idleRelease = undefined;
    if (liveAfterCollection !== undefined && getHeapStatistics().used_heap_size <= liveAfterCollection + GARBAGE_BUDGET_BYTES) return;
    collect();
    // As after a large document goes: a second collection finds more (119 MB, not 134, on the allowlist).
    setTimeout(collect, SECOND_COLLECTION_MS).unref();
  }, IDLE_RELEASE_MS);
  idleRelease.unref();
}

/**
 * Counts analyzed text and looks at the heap; past MEMORY_RELEASE_BYTES, or past the garbage budget, collects once
 * the event loop is idle; else once no analysis has run for IDLE_RELEASE_MS.
 */
export function releaseMemoryAfter(textLength: number): void {
  analyzedSinceRelease += textLength;
  if (!collectGarbage || collectionQueued) return;
  releaseWhenIdle();
  const used = getHeapStatistics().used_heap_size;
  liveAfterCollection ??= used;
  const overBudget = textLength < LARGE_TEXT && liveAfterCollection < SMALL_HEAP_BYTES && used > liveAfterCollection + GARBAGE_BUDGET_BYTES;
  if (analyzedSinceRelease < MEMORY_RELEASE_BYTES && !overBudget) return;
  collectionQueued = true;
  setImmediate(() => {
    collectionQueued = false;
    collect();
  });
}

/** After the first collection, V8 returns freed pages to the system in the background; a second one finds more. */
const SECOND_COLLECTION_MS = 500;

/**
 * A large parsed document just became garbage (replaced by a new text, or closed): collect once the event loop is
 * idle, and once more a little later, so that replacing a 5 MB document by a small one brings the footprint back
 * near where it was.
 */
export function releaseLargeDocument(): void {
  if (!collectGarbage) return;
  analyzedSinceRelease = 0;
  setImmediate(collect);
  setTimeout(collect, SECOND_COLLECTION_MS).unref();
}
