/**
 * Every version of a document leaves its text (and the analysis' short-lived data) behind as garbage in V8's old
 * generation, which V8 lets grow far before collecting when the machine has memory to spare: editing the example
 * 500 times grew the server from 72 to 97 MB, of which a full collection gave back 19. So a full collection runs
 * whenever a small heap has grown GARBAGE_BUDGET_BYTES past what the last one left, or after every
 * MEMORY_RELEASE_BYTES of analyzed text, so the server's footprint stays near what it really holds.
 *
 * A full collection stops everything for a few ms (10-20 on a loaded machine): it must never stand between a
 * message and its handling, least of all in front of a completion or hover the user waits for. So a collection
 * that is due runs only where no message waits (see CollectionScheduler): in the turn after the analysis when the
 * client sends edits only, else once the connection has been quiet for QUIET_MS.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Message } from 'vscode-languageserver/node';

/**
 * Every 4 MB: on a 1 MB document each edit leaves a text and arrays of 20,000 entries in V8's large-object space,
 * which only a full collection frees; at 8 MB the 1 MB allowlist's server stood at 104 MB after the bench's edits,
 * at 4 MB at 98 (edits' p50 the same, p90 of a typed character 13 -> 25 ms: one collection in four edits).
 */
export const MEMORY_RELEASE_BYTES = 4 * 1024 * 1024;
/**
 * The garbage allowed past what the last full collection left, after the analysis of a small text. On the example
 * a collection takes a few ms and comes every hundred edits or so. Only while the heap holds less than
 * SMALL_HEAP_BYTES: a collection costs in proportion to what is live, and on a 1 MB document collecting that often
 * made a leaf edit 2-3x slower; its full parses collect anyway (documents.ts), and MEMORY_RELEASE_BYTES applies.
 */
export const GARBAGE_BUDGET_BYTES = 4 * 1024 * 1024;
const SMALL_HEAP_BYTES = 24 * 1024 * 1024;
/**
 * While requests come (a user who types and asks for completions and hovers), a due collection waits for a pause
 * of this long in the messages: between two keystrokes (100 ms and more apart) there is room for one, and a burst
 * of messages is never split by one.
 */
export const QUIET_MS = 50;
/** A request within this long means requests are coming: collections wait for a pause (see QUIET_MS). */
export const REQUESTS_RECENT_MS = 1000;
/**
 * How long a pause in the messages lets the garbage of the analyses go, whatever the heap's size: a large document's edits
 * are not collected as they come (a full collection of a 1 MB document's heap takes 50-100 ms: collecting every
 * few edits would slow typing), so a burst of them leaves up to MEMORY_RELEASE_BYTES of analyses behind (the 1 MB
 * allowlist after the bench's edits: 215 MB resident, 119 MB after a collection). Once the user pauses, it goes.
 */
export const IDLE_RELEASE_MS = 1000;
/** After the first collection, V8 returns freed pages to the system in the background; a second one finds more. */
const SECOND_COLLECTION_MS = 500;

/** Texts at least this long count as large for memory management. */
export const LARGE_TEXT = 256 * 1024;

/** What the scheduler needs from the process: injected, so that a test can run it on a fake clock and heap. */
export interface CollectorRuntime {
  now(): number;
  /** Bytes of the heap in use. */
  heapUsed(): number;
  /** A full garbage collection, now. */
  collect(): void;
  /** Calls `callback` in the next turn of the event loop (after the messages read meanwhile were noted). */
  nextTurn(callback: () => void): void;
  /** Calls `callback` after `ms` (never keeping the process alive); returns a function that cancels it. */
  after(ms: number, callback: () => void): () => void;
}

/**
 * Decides when the full collections run. A collection is due after an analysis that left more garbage than the
 * budget; it then runs:
 * - in the next turn of the event loop, when no request came in the last REQUESTS_RECENT_MS (a client sending edits
 *   only), unless a message was read meanwhile: then as below;
 * - otherwise once no message was read for QUIET_MS (a timer, pushed back while messages keep coming);
 * - after the analysis of a large text (LARGE_TEXT), always in the next turn (see afterAnalysis).
 * Messages are noted as they are read (`noteMessage`), before the connection handles them (one per turn), so a
 * request read before the analysis counts as recent, and one read after it stops the collection in the next turn:
 * a collection never runs in front of a request already read. A client that sends requests without ever pausing
 * gets no forced collection at all: V8's own (incremental) collections then bound the heap. Whatever garbage is
 * left goes once the messages pause for IDLE_RELEASE_MS.
 */
export class CollectionScheduler {
  private analyzedSinceRelease = 0;
  /** The heap in use right after the last full collection (or at the first analysis, before any). */
  private liveAfterCollection: number | undefined;
  /** When the last message was read; the last request, separately. */
  private lastMessageAt = -Infinity;
  private lastRequestAt = -Infinity;
  /** How many messages were read: a collection queued for the next turn runs only if none was read meanwhile. */
  private messagesRead = 0;
  /** A collection waiting for a pause of `quietMs` in the messages; `ifOverBudget`: only if garbage is still over the budget then. */
  private waiting: { quietMs: number; ifOverBudget: boolean; cancel: () => void } | undefined;
  private turnQueued = false;

  constructor(private readonly runtime: CollectorRuntime) {}

  /**
   * A message was read from the connection (it is handled in a later turn). A request means a user may be waiting
   * for answers, except `initialize`, which comes once.
   */
  noteMessage(message: Message): void {
    const now = this.runtime.now();
    this.lastMessageAt = now;
    this.messagesRead++;
    if (Message.isRequest(message) && message.method !== 'initialize') this.lastRequestAt = now;
  }

  /** After the analysis of a text of `textLength` characters: counts it, and schedules a collection when one is due. */
  afterAnalysis(textLength: number): void {
    this.analyzedSinceRelease += textLength;
    const garbage = this.garbage();
    const overBudget = textLength < LARGE_TEXT && (this.liveAfterCollection ?? 0) < SMALL_HEAP_BYTES && garbage > GARBAGE_BUDGET_BYTES;
    if (this.analyzedSinceRelease >= MEMORY_RELEASE_BYTES || overBudget) {
      const requestsComing = this.runtime.now() - this.lastRequestAt < REQUESTS_RECENT_MS;
      // A large text's analyses come due every MEMORY_RELEASE_BYTES of text, not by garbage: waiting for a pause in
      // the requests let the 1 MB allowlist's server grow from about 115 to 200 MB under the bench's requests, while
      // one collection (20-100 ms) every four analyses stays far inside what an answer on such a file may take.
      if (textLength >= LARGE_TEXT) this.inNextTurn(true);
      else if (requestsComing) this.whenQuiet(QUIET_MS, false);
      else this.inNextTurn();
    } else {
      // Whatever is left goes once the user pauses, also on a large heap (see IDLE_RELEASE_MS).
      this.whenQuiet(IDLE_RELEASE_MS, true);
    }
  }

  /**
   * A collection in the next turn, unless a message was read meanwhile: then once the messages pause. `evenIfRead`:
   * in the next turn whatever was read (a large text's collections, see afterAnalysis).
   */
  inNextTurn(evenIfRead = false): void {
    if (this.turnQueued) return;
    this.turnQueued = true;
    const read = this.messagesRead;
    this.runtime.nextTurn(() => {
      this.turnQueued = false;
      if (evenIfRead || this.messagesRead === read) this.collectNow();
      else this.whenQuiet(QUIET_MS, false);
    });
  }

  /** A collection once no message was read for `quietMs`; a wait already armed is kept unless this one is sooner or surer. */
  whenQuiet(quietMs: number, ifOverBudget: boolean): void {
    const armed = this.waiting;
    if (armed && (armed.quietMs < quietMs || (armed.quietMs === quietMs && (!armed.ifOverBudget || ifOverBudget)))) return;
    this.waiting?.cancel();
    const arm = (ms: number): void => {
      const cancel = this.runtime.after(ms, () => {
        const quietFor = this.runtime.now() - this.lastMessageAt;
        if (quietFor < quietMs) return arm(Math.max(1, quietMs - quietFor));
        this.waiting = undefined;
        if (ifOverBudget && this.garbage() <= GARBAGE_BUDGET_BYTES) return;
        this.collectNow();
        // After a pause V8 returns the freed pages in the background; a second collection then finds more.
        if (ifOverBudget) this.runtime.after(SECOND_COLLECTION_MS, () => this.whenQuiet(QUIET_MS, false));
      });
      this.waiting = { quietMs, ifOverBudget, cancel };
    };
    arm(quietMs);
  }

  /** Collects now (a large text's full parse, before its analysis allocates on top of it). */
  collectNow(): void {
    this.waiting?.cancel();
    this.waiting = undefined;
    this.analyzedSinceRelease = 0;
    this.runtime.collect();
    this.liveAfterCollection = this.runtime.heapUsed();
  }

  /** A large document went: collect where no message waits, and once more a little later (see SECOND_COLLECTION_MS). */
  releaseLarge(): void {
    this.analyzedSinceRelease = 0;
    this.inNextTurn();
    this.runtime.after(SECOND_COLLECTION_MS, () => this.whenQuiet(QUIET_MS, false));
  }

  /** The heap in use past what the last collection left (the first look sets that mark). */
  private garbage(): number {
    const used = this.runtime.heapUsed();
    this.liveAfterCollection ??= used;
    return used - this.liveAfterCollection;
  }
}

const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

const scheduler: CollectionScheduler | undefined = collectGarbage
  ? new CollectionScheduler({
      now: () => performance.now(),
      heapUsed: () => getHeapStatistics().used_heap_size,
      collect: collectGarbage,
      nextTurn: (callback) => setImmediate(callback),
      after(ms, callback) {
        const timer = setTimeout(callback, ms);
        timer.unref();
        return () => clearTimeout(timer);
      },
    })
  : undefined;

/**
 * A message was read from the connection, before it is queued for handling (main.ts wires this to the reader):
 * the collections keep out of its way.
 */
export function noteMessageReceived(message: Message): void {
  scheduler?.noteMessage(message);
}

/**
 * A full parse of a large text leaves its whole token tree behind: collecting it before the analysis allocates on
 * top of it makes the peak footprint the parse's, not the parse's plus the analysis'.
 */
export function collectGarbageNow(): void {
  scheduler?.collectNow();
}

/** Counts analyzed text and looks at the heap; collects when the budget is passed, where no message waits. */
export function releaseMemoryAfter(textLength: number): void {
  scheduler?.afterAnalysis(textLength);
}

/**
 * A large parsed document just became garbage (replaced by a new text, or closed): collect where no message waits,
 * and once more a little later, so that replacing a 5 MB document by a small one brings the footprint back near
 * where it was.
 */
export function releaseLargeDocument(): void {
  scheduler?.releaseLarge();
}
