/**
 * Open documents as the server keeps them: the text (synced by hand rather than with `TextDocuments`, because the
 * incremental parse needs the edits themselves), the edits since the last parse, and the newest parsed tree, which
 * is compacted once the edits pause (see `compactWhenIdle`).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigDocument, OffsetEdit } from '../core/document';
import type { DocumentLimits } from '../core/limits';
import type { LanguageServiceCore } from '../core/service';
import { LARGE_TEXT, collectGarbageNow, releaseLargeDocument } from './memory';
import type { ContentChange } from './protocolParams';

/** Past this many pending edits a full parse is as cheap as replaying them, so they are no longer recorded. */
const MAX_PENDING_EDITS = 8;

/**
 * How long the edits of a document pause before its newest snapshot is compacted (LanguageServiceCore.compact: the
 * re-base of its tree, 20-80 ms on 1 MB, that would otherwise land on a keystroke). Longer than the gap between two
 * keystrokes of someone typing, short enough to come in most pauses.
 */
const COMPACTION_IDLE_MS = 300;
/** While the snapshot's analysis has not finished, the compaction waits for it, up to this many pauses. */
const COMPACTION_WAITS = 10;
/** How long a slice of the compaction runs before the event loop may take other messages (a keystroke among them). */
const COMPACTION_SLICE_MS = 4;

export interface OpenDocument {
  readonly uri: string;
  document: TextDocument;
  /** The path on disk for a `file:` URI (the logo is resolved against its folder). */
  readonly filePath: string | undefined;
  /** Edits since `parsed` was parsed; undefined: the text was replaced wholesale, parse it from scratch. */
  edits: OffsetEdit[] | undefined;
  /**
   * The newest parsed snapshot. Immutable: the incremental parse makes a new one (copy-on-write), so a request or an
   * analysis slice that still holds an older snapshot reads a consistent tree.
   */
  parsed: ConfigDocument | undefined;
  /** Changes with every change of the text, whatever version number the client sends. */
  textRevision: number;
  /** Changes with the text and with what its analysis reads (settings, other files, the logo). */
  generation: number;
  /** The compaction waiting for a pause in the edits, if one is (see `compactWhenIdle`). */
  compaction?: NodeJS.Timeout;
}

/** One counter for revisions and generations: a document opened again never reuses a number. */
let counter = 0;
export function nextStamp(): number {
  return ++counter;
}

export function openDocument(uri: string, languageId: string, version: number, text: string, filePath: string | undefined): OpenDocument {
  const stamp = nextStamp();
  return {
    uri,
    document: TextDocument.create(uri, languageId, version, text),
    filePath,
    edits: undefined,
    parsed: undefined,
    textRevision: stamp,
    generation: stamp,
  };
}

export function applyChanges(open: OpenDocument, changes: readonly ContentChange[], version: number): void {
  for (const change of changes) {
    if (change.range) {
      const start = open.document.offsetAt(change.range.start);
      const end = open.document.offsetAt(change.range.end);
      if (open.edits && open.edits.length < MAX_PENDING_EDITS) open.edits.push({ start, end, text: change.text });
      else open.edits = undefined;
    } else {
      open.edits = undefined;
    }
    open.document = TextDocument.update(open.document, [change], version);
  }
  const stamp = nextStamp();
  open.textRevision = stamp;
  open.generation = stamp;
}

/** The snapshot of the current text: incrementally from the last one when only scalars were edited (the service decides). */
export function parseCurrent(open: OpenDocument, service: LanguageServiceCore, limits?: Partial<DocumentLimits>): ConfigDocument {
  const text = open.document.getText();
  const previous = open.parsed;
  const doc = service.update(previous, text, open.edits, open.filePath, limits);
  if (doc !== previous && !doc.incremental) {
    if (text.length >= LARGE_TEXT) collectGarbageNow();
    else if (previous && previous.text.length >= LARGE_TEXT) releaseLargeDocument();
  }
  open.parsed = doc;
  open.edits = [];
  if (doc !== previous && doc.shifts.length > 0) compactWhenIdle(open, service);
  return doc;
}

/**
 * Compacts the document's newest snapshot once its edits pause for COMPACTION_IDLE_MS and its analysis has finished
 * (the server is then idle), so that the re-base of its tree happens between keystrokes, not on one: in slices of
 * COMPACTION_SLICE_MS with a turn of the event loop between them, dropped as soon as the text changes. The snapshot
 * is replaced by its compacted copy only while it is still the newest and the text has not changed since; anyone
 * holding it (a request, an analysis, fix-all) keeps reading it unchanged. Called after every parse of a new text
 * that left shifts to apply.
 */
export function compactWhenIdle(open: OpenDocument, service: LanguageServiceCore, waits = COMPACTION_WAITS): void {
  if (open.compaction) {
    open.compaction.refresh();
    return;
  }
  open.compaction = setTimeout(() => {
    open.compaction = undefined;
    const doc = open.parsed;
    if (!doc || changedSince(open, doc)) return;
    if (doc.origin && waits > 0) return compactWhenIdle(open, service, waits - 1);
    const steps = service.compactStepwise(doc);
    const slice = (): void => {
      // Edited meanwhile: the parse of those edits arms a compaction again.
      if (changedSince(open, doc)) return;
      const started = performance.now();
      for (;;) {
        const step = steps.next();
        if (step.done) {
          open.parsed = step.value;
          return;
        }
        if (performance.now() - started >= COMPACTION_SLICE_MS) {
          setImmediate(slice);
          return;
        }
      }
    };
    slice();
  }, COMPACTION_IDLE_MS);
  open.compaction.unref();
}

/** Whether the document's text changed since `doc` was parsed, or another snapshot replaced it. */
function changedSince(open: OpenDocument, doc: ConfigDocument): boolean {
  return open.parsed !== doc || open.edits === undefined || open.edits.length > 0;
}

/** The document was closed: its pending compaction is dropped. */
export function closeDocument(open: OpenDocument): void {
  clearTimeout(open.compaction);
  open.compaction = undefined;
}
