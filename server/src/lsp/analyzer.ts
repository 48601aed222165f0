/**
 * Analyzes open documents and publishes their diagnostics: each generation of a document (a new text, or new
 * settings, other files, a changed logo) at most once, the newest only, and never a stale result.
 *
 * Not debounced by time. Changes queue up while the event loop is busy, and only the newest generation of each
 * document is analyzed. The rules run one after another in slices of SLICE_MS; between slices the event loop
 * turns, so that a newer version that arrives meanwhile abandons the running analysis at the next slice. A small
 * document is analyzed within its first slice, in the turn after its change: instant. That one turn lets a request
 * sent with the change (a completion or hover as the user types) be answered first (see `schedule`).
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { ConfigDocument } from '../core/document';
import type { LanguageServiceCore, ValidationContext } from '../core/service';
import type { Finding } from '../core/types';
import { RecordingFileReader } from '../node/files';
import { SOURCE, toDiagnostic } from './convert';
import { nextStamp } from './documents';
import type { OpenDocument } from './documents';
import { fingerprintOf } from './findingIdentity';
import { releaseMemoryAfter } from './memory';

/** How long the rules run before the event loop may take other messages (a newer version among them). */
const SLICE_MS = 15;
/**
 * The same on a small document, whose whole analysis takes about a millisecond: a completion or hover sent right
 * after a keystroke arrives while it runs (a tenth of a millisecond after the change), and would wait for all of it.
 * A turn of the event loop costs some 10 microseconds.
 */
const SMALL_SLICE_MS = 0.2;
/**
 * How many steps (rules) run between two looks at the clock on a small document: each look allocates (a
 * `performance.now()` result without the optimizing compiler), and most steps keep a rule's findings in a
 * microsecond. On a large document (LARGE_ANALYSIS) a single step may take milliseconds: the clock is read before each.
 */
const STEPS_PER_CLOCK_READ = 4;
const LARGE_ANALYSIS = 64 * 1024;
/**
 * An analysis put off for a pending change is scheduled again by that change's handler. Should that never come (a
 * message the connection dropped), it is tried again after this long (see incoming.ts).
 */
const PENDING_RETRY_MS = 1000;

/** One analyzed generation of an open document: shared by every feature until the next one. */
export interface Analysis {
  /**
   * Whether the rules ran (false after an internal error). The snapshot itself is not kept: once the edits pause, the
   * document's snapshot is replaced by a compacted copy of the same text (documents.ts), and holding the analyzed one
   * kept a second tree of a large file alive; fix-all starts from the current snapshot of the same text.
   */
  analyzed: boolean;
  /** Unique in this process: diagnostics carry it (`Diagnostic.data`), so code actions find their finding. */
  id: number;
  generation: number;
  /** The text it was made from: its fixes apply only while the document is at this revision. */
  textRevision: number;
  version: number;
  findings: readonly Finding[];
  diagnostics: readonly Diagnostic[];
  /** The files the analysis read (the logo), each with its stamp then (see `fileStamp`). */
  dependencies: ReadonlyMap<string, string>;
}

/** What the analyzer needs from the server around it. */
export interface AnalyzerHost {
  readonly documents: ReadonlyMap<string, OpenDocument>;
  /** The core's language service: every analysis runs through it. */
  readonly service: LanguageServiceCore;
  /** Whether a newer version of the document was received and waits to be handled (see incoming.ts). */
  changePending(uri: string): boolean;
  /** Whether an open document is an Imprivata configuration (by language or file name). */
  isConfig(open: OpenDocument): boolean;
  /** Parses the document's current text and says what else its analysis reads (the workspace, the settings). */
  prepare(open: OpenDocument): { doc: ConfigDocument; options: Omit<ValidationContext, 'files'> };
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  logError(message: string): void;
}

interface Job {
  readonly open: OpenDocument;
  readonly generation: number;
  readonly textRevision: number;
  readonly doc: ConfigDocument;
  readonly files: RecordingFileReader;
  readonly steps: Generator<void, Finding[]>;
}

export class Analyzer {
  private readonly analyses = new Map<string, Analysis>();
  private readonly jobs = new Map<string, Job>();
  private readonly waiting = new Map<string, ((analysis: Analysis | undefined) => void)[]>();
  private readonly queued = new Set<string>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private flushScheduled = false;
  private nextId = 1;

  constructor(private readonly host: AnalyzerHost) {}

  /** The newest finished analysis of a document: possibly of an earlier generation while a newer one runs. */
  latest(uri: string): Analysis | undefined {
    return this.analyses.get(uri);
  }

  entries(): IterableIterator<[string, Analysis]> {
    return this.analyses.entries();
  }

  /**
   * Analyzes the document's current generation soon, after the request received with the change, unless done.
   *
   * vscode-jsonrpc hands over one queued message per `setImmediate`, and queues the next one after the handler of
   * the change returns: an analysis queued by that handler would run first, and a completion or hover typed right
   * after the edit would wait behind the parse and the first slice. So the analysis waits one more turn: the next
   * message (the request) is handled first, on the newest text (its handler parses the snapshot, which the analysis
   * then reuses), and the diagnostics still follow in the next turn, with no delay by time.
   */
  schedule(uri: string): void {
    this.queued.add(uri);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => setImmediate(() => this.flush()));
    }
  }

  /** Something the analysis reads changed (settings, other files, the logo): a new generation, same text. */
  invalidate(open: OpenDocument): void {
    open.generation = nextStamp();
    this.schedule(open.uri);
  }

  /** The document was closed: drops its analysis and any running one. */
  forget(uri: string): void {
    this.analyses.delete(uri);
    this.jobs.delete(uri);
    this.queued.delete(uri);
    clearTimeout(this.retries.get(uri));
    this.retries.delete(uri);
    this.resolveWaiting(uri, undefined);
  }

  /** The analysis of the document's current generation: at once when done, else when its run completes. */
  current(uri: string): Promise<Analysis | undefined> {
    const open = this.host.documents.get(uri);
    if (!open || !this.host.isConfig(open)) return Promise.resolve(undefined);
    const analysis = this.analyses.get(uri);
    if (analysis && analysis.generation === open.generation) return Promise.resolve(analysis);
    return new Promise((resolve) => {
      const list = this.waiting.get(uri) ?? [];
      list.push(resolve);
      this.waiting.set(uri, list);
      this.schedule(uri);
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const uris = [...this.queued];
    this.queued.clear();
    for (const uri of uris) this.validate(uri);
  }

  private validate(uri: string): void {
    const open = this.host.documents.get(uri);
    if (!open || !this.host.isConfig(open)) return this.resolveWaiting(uri, undefined);
    const analysis = this.analyses.get(uri);
    if (analysis && analysis.generation === open.generation) return this.resolveWaiting(uri, analysis);
    if (this.jobs.get(uri)?.generation === open.generation) return;
    // A newer version is already on its way: its handler schedules the analysis again.
    if (this.host.changePending(uri)) return this.retryLater(uri);
    const started = performance.now();
    let job: Job;
    try {
      const { doc, options } = this.host.prepare(open);
      const files = new RecordingFileReader();
      job = {
        open,
        generation: open.generation,
        textRevision: open.textRevision,
        doc,
        files,
        steps: this.host.service.validateStepwise(doc, { ...options, files }),
      };
    } catch (error) {
      return this.failed(open, error);
    }
    this.jobs.set(uri, job);
    this.runSlice(job, started);
  }

  /** Whether a job still analyzes the newest generation of a document that is still open. */
  private isCurrent(job: Job): boolean {
    const { open } = job;
    return (
      this.host.documents.get(open.uri) === open &&
      open.generation === job.generation &&
      this.jobs.get(open.uri) === job &&
      !this.host.changePending(open.uri)
    );
  }

  private runSlice(job: Job, sliceStart = performance.now()): void {
    if (!this.isCurrent(job)) {
      if (this.jobs.get(job.open.uri) === job) {
        this.jobs.delete(job.open.uri);
        this.retryLater(job.open.uri);
      }
      return;
    }
    const large = job.doc.text.length >= LARGE_ANALYSIS;
    const stepsPerClockRead = large ? 1 : STEPS_PER_CLOCK_READ;
    const sliceMs = large ? SLICE_MS : SMALL_SLICE_MS;
    try {
      for (let step = 0; ; step++) {
        // Checked before the first rule (a long parse may have used up the slice, and a newer version may be
        // waiting), then every few.
        if (step % stepsPerClockRead === 0 && performance.now() - sliceStart >= sliceMs) {
          setImmediate(() => this.runSlice(job));
          return;
        }
        const next = job.steps.next();
        if (next.done) return this.complete(job, next.value);
      }
    } catch (error) {
      this.jobs.delete(job.open.uri);
      this.failed(job.open, error);
    }
  }

  private retryLater(uri: string): void {
    if (this.retries.has(uri)) return;
    this.retries.set(
      uri,
      setTimeout(() => {
        this.retries.delete(uri);
        this.schedule(uri);
      }, PENDING_RETRY_MS),
    );
  }

  private complete(job: Job, findings: Finding[]): void {
    const { open } = job;
    this.jobs.delete(open.uri);
    const id = this.nextId++;
    const diagnostics = findings.map((finding, index) =>
      toDiagnostic(finding, open.uri, { analysis: id, index, fingerprint: fingerprintOf(finding.ruleId, finding.message) }),
    );
    this.store(open, {
      id,
      analyzed: true,
      generation: job.generation,
      textRevision: job.textRevision,
      version: open.document.version,
      findings,
      diagnostics,
      dependencies: job.files.dependencies(),
    });
    releaseMemoryAfter(job.doc.text.length);
  }

  /** analyze() guards each rule; this is the last line of defence, so the server never dies on input. */
  private failed(open: OpenDocument, error: unknown): void {
    this.host.logError(`internal error while analyzing ${open.uri}: ${error instanceof Error ? error.message : String(error)}`);
    this.store(open, {
      id: this.nextId++,
      analyzed: false,
      generation: open.generation,
      textRevision: open.textRevision,
      version: open.document.version,
      findings: [],
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 1,
          source: SOURCE,
          code: 'IMP-INTERNAL',
          message:
            'Internal error while checking this file: the other problems in it cannot be shown. The server log (Imprivata: Show Log) has the details; please report it with the file.',
        },
      ],
      dependencies: new Map(),
    });
  }

  private store(open: OpenDocument, analysis: Analysis): void {
    this.analyses.set(open.uri, analysis);
    this.host.publish(open.uri, analysis.version, [...analysis.diagnostics]);
    this.resolveWaiting(open.uri, analysis);
  }

  private resolveWaiting(uri: string, analysis: Analysis | undefined): void {
    const list = this.waiting.get(uri);
    if (!list) return;
    this.waiting.delete(uri);
    for (const resolve of list) resolve(analysis);
  }
}
