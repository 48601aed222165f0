/**
 * The language service: one object with one method per feature, over immutable document snapshots. The language
 * server (server/src/lsp) and the CLI (server/src/cli) call it and only convert types; tests call it too. Pure, as
 * the rest of the core: files are read through the injected `FileReader`, results are plain data.
 *
 * The editor features (completion, hover, outline, folding, links, selection ranges) are computed by
 * server/src/core/intelligence; the service delegates to the functions of its `features` table, and its methods'
 * result types follow theirs.
 */
import { analyze, analyzeStepwise, handOverAnalysis, summarize } from './analyze';
import { ConfigDocument } from './document';
import { COMPACTION_SHIFTS, compactSnapshot, compactSteps, reparseWithEdit } from './reparse';
import type { OffsetEdit } from './document';
import { fixAllText } from './fix-all';
import { effectiveLimits, isOversized, limitFinding, oversizedSnapshot } from './limits';
import type { DocumentLimits } from './limits';
import type { FixAllResult } from './fix-all';
import type { FileReader, WorkspaceEntry } from './rules/rule';
import { textEditsBetween } from './text-diff';
import type { AnalysisSettings, Finding, Fix } from './types';
import type { SpanEdit } from './yaml/edits';

/** What one validation reads besides the document: files next to it, the other configurations, the settings. */
export interface ValidationContext {
  /** Overrides the service's reader for this call (the language server records what each analysis read). */
  files?: FileReader;
  /** The other configuration files of the workspace (this one excluded). */
  workspace?: readonly WorkspaceEntry[];
  settings?: AnalysisSettings;
}

/** The editor features, each a pure function of a snapshot (server/src/core/intelligence fills this table). */
export interface EditorFeatureTable {
  complete?: (doc: ConfigDocument, offset: number) => unknown;
  hover?: (doc: ConfigDocument, offset: number) => unknown;
  symbols?: (doc: ConfigDocument) => unknown;
  folding?: (doc: ConfigDocument) => unknown;
  links?: (doc: ConfigDocument) => unknown;
  selectionRanges?: (doc: ConfigDocument, offsets: readonly number[]) => unknown;
}

/** The result type of a feature of the table, or undefined when the table has no such feature. */
type FeatureResult<F, K extends keyof EditorFeatureTable> = K extends keyof F
  ? NonNullable<F[K]> extends (...args: never[]) => infer R
    ? R | undefined
    : undefined
  : undefined;

/** A fix and the findings it resolves (one fix can serve several: "Add all 5 missing hosts"). */
export interface QuickFix {
  fix: Fix;
  findings: Finding[];
}

/** Fix-all on a document: the fixed text, and the edits that turn the document's text into it. */
export interface FixAllOutcome extends FixAllResult {
  /** Minimal edits on the snapshot's text, one per changed run of lines, in document order, never overlapping. */
  edits: SpanEdit[];
}

/** What every caller of the service needs besides the editor features (their types depend on the table). */
export interface LanguageServiceCore {
  /** A new snapshot of a text, parsed in full (not parsed past the size limit: see limits.ts). */
  parse(text: string, filePath?: string, limits?: Partial<DocumentLimits>): ConfigDocument;
  /**
   * The snapshot of `text`, made incrementally from `previous` when `edits` (offset edits since `previous`, in order)
   * only touched scalars; otherwise parsed in full. `previous` is never changed.
   */
  update(
    previous: ConfigDocument | undefined,
    text: string,
    edits: readonly OffsetEdit[] | undefined,
    filePath?: string,
    limits?: Partial<DocumentLimits>,
  ): ConfigDocument;
  /**
   * The snapshot compacted, for a caller that is idle (the language server, after a pause in the edits): the same
   * text, with every range of its tree current, so that the next edits read ranges without the shifts piled up by
   * the edits since the last re-base (see reparse.ts). A new snapshot that continues `doc`'s chain of edits (or, when
   * `doc`'s analysis has finished, takes it over: see handOverAnalysis), or `doc` itself when there is little to gain
   * (fewer than COMPACTION_SHIFTS shifts). `doc` is never changed.
   */
  compact(doc: ConfigDocument): ConfigDocument;
  /** The same, in steps of about a millisecond, for a caller that yields to other work between them (and may drop it). */
  compactStepwise(doc: ConfigDocument): Generator<void, ConfigDocument>;
  /** Every rule on a snapshot: the findings, sorted, with their fixes. */
  validate(doc: ConfigDocument, context?: ValidationContext): Finding[];
  /** The same, one rule per step, for callers that yield to other work between rules (the language server). */
  validateStepwise(doc: ConfigDocument, context?: ValidationContext): Generator<void, Finding[]>;
  /** What other configurations of the workspace need to know about this one (IMP-IDP-002). */
  summarize(doc: ConfigDocument): WorkspaceEntry;
  /** The quick fixes of some findings, each fix once with every finding it resolves. */
  codeActions(findings: readonly Finding[]): QuickFix[];
  /** The safe fixes applied to a fixed point (see fix-all.ts), as the fixed text and as edits on the snapshot. */
  fixAll(doc: ConfigDocument, context?: ValidationContext): FixAllOutcome;
}

export interface LanguageService<F extends EditorFeatureTable = EditorFeatureTable> extends LanguageServiceCore {
  complete(doc: ConfigDocument, offset: number): FeatureResult<F, 'complete'>;
  hover(doc: ConfigDocument, offset: number): FeatureResult<F, 'hover'>;
  symbols(doc: ConfigDocument): FeatureResult<F, 'symbols'>;
  folding(doc: ConfigDocument): FeatureResult<F, 'folding'>;
  links(doc: ConfigDocument): FeatureResult<F, 'links'>;
  selectionRanges(doc: ConfigDocument, offsets: readonly number[]): FeatureResult<F, 'selectionRanges'>;
}

export interface LanguageServiceOptions<F extends EditorFeatureTable> {
  /** Reads the files next to a configuration (the logo). Without it, no file exists. */
  files?: FileReader;
  features?: F;
}

const NO_FILES: FileReader = { stat: () => undefined, readHeader: () => undefined };

export function createLanguageService<F extends EditorFeatureTable = EditorFeatureTable>(
  options: LanguageServiceOptions<F> = {},
): LanguageService<F> {
  const baseFiles = options.files ?? NO_FILES;
  const features = (options.features ?? {}) as EditorFeatureTable;
  const analysisOptions = (context: ValidationContext = {}) => ({
    files: context.files ?? baseFiles,
    workspace: context.workspace ?? [],
    settings: context.settings,
  });
  const validate = (doc: ConfigDocument, context?: ValidationContext): Finding[] => {
    const limited = limitFinding(doc, context?.settings);
    if (limited) return [limited];
    return analyze(doc, analysisOptions(context));
  };
  // The casts below only restate FeatureResult for the table the caller gave (F is not known inside).
  return {
    // Past the size limit nothing is parsed (limits.ts); an incremental update never starts from such a snapshot.
    parse: (text, filePath, limits) => oversizedSnapshot(text, filePath, effectiveLimits(limits)) ?? new ConfigDocument(text, filePath),
    update: (previous, text, edits, filePath, limits) =>
      oversizedSnapshot(text, filePath, effectiveLimits(limits)) ??
      updateSnapshot(previous && !isOversized(previous) ? previous : undefined, text, edits, filePath),
    compact: (doc) => handedOver(doc, compactSnapshot(doc, COMPACTION_SHIFTS)),
    *compactStepwise(doc) {
      // The analysis of `doc` may finish between the steps: whether it can be handed over is decided at the end.
      return handedOver(doc, yield* compactSteps(doc, COMPACTION_SHIFTS));
    },
    validate,
    validateStepwise(doc, context) {
      const limited = limitFinding(doc, context?.settings);
      return limited ? onlyFinding(limited) : analyzeStepwise(doc, analysisOptions(context));
    },
    summarize,
    codeActions: quickFixes,
    fixAll(doc, context) {
      if (limitFinding(doc, context?.settings)) return { text: doc.text, applied: [], passes: 0, bounded: false, edits: [] };
      const result = fixAllText(doc.text, (version) => validate(version, context), doc.filePath);
      return { ...result, edits: textEditsBetween(doc.text, result.text) };
    },
    complete: (doc, offset) => features.complete?.(doc, offset) as FeatureResult<F, 'complete'>,
    hover: (doc, offset) => features.hover?.(doc, offset) as FeatureResult<F, 'hover'>,
    symbols: (doc) => features.symbols?.(doc) as FeatureResult<F, 'symbols'>,
    folding: (doc) => features.folding?.(doc) as FeatureResult<F, 'folding'>,
    links: (doc) => features.links?.(doc) as FeatureResult<F, 'links'>,
    selectionRanges: (doc, offsets) => features.selectionRanges?.(doc, offsets) as FeatureResult<F, 'selectionRanges'>,
  };
}

/** The compacted copy of `doc`, with `doc`'s finished analysis handed over to it (see handOverAnalysis). */
function handedOver(doc: ConfigDocument, compacted: ConfigDocument): ConfigDocument {
  handOverAnalysis(doc, compacted);
  return compacted;
}

/** The steps of an analysis that has one finding and runs no rule (a document past a limit). */
// eslint-disable-next-line require-yield -- a generator without steps: the callers iterate any analysis the same way
function* onlyFinding(finding: Finding): Generator<void, Finding[]> {
  return [finding];
}

/** The fixes of some findings, each once (same title and edits) with all the findings it resolves, in order. */
function quickFixes(findings: readonly Finding[]): QuickFix[] {
  const byKey = new Map<string, QuickFix>();
  for (const finding of findings) {
    for (const fix of finding.fixes ?? []) {
      const key = `${fix.title}\0${JSON.stringify(fix.edits)}`;
      const known = byKey.get(key);
      if (known) {
        if (!known.findings.includes(finding)) known.findings.push(finding);
      } else byKey.set(key, { fix, findings: [finding] });
    }
  }
  return [...byKey.values()];
}

/** The incremental parse orchestration (one edit, several, or a full parse); see LanguageService.update. */
function updateSnapshot(
  previous: ConfigDocument | undefined,
  text: string,
  edits: readonly OffsetEdit[] | undefined,
  filePath: string | undefined,
): ConfigDocument {
  if (previous && edits && previous.filePath === filePath) {
    if (edits.length === 0) {
      // Same text, new context (settings, other files, the logo): the snapshot is still good.
      if (previous.text === text) return previous;
    } else if (edits.length === 1) {
      // The common case, one keystroke: no intermediate copies of the text.
      const next = reparseWithEdit(previous, text, edits[0]);
      if (next) return next;
      // Parsed in full, but still one edit from an analyzed snapshot: the analysis may keep what it did not touch.
      return new ConfigDocument(text, filePath).derive(previous, edits[0]);
    } else {
      let current = previous.text;
      let step: ConfigDocument | undefined = previous;
      for (const edit of edits) {
        current = current.slice(0, edit.start) + edit.text + current.slice(edit.end);
        step = reparseWithEdit(step, current, edit);
        if (!step) break;
      }
      if (step && step.text === text) return step;
    }
  }
  return new ConfigDocument(text, filePath);
}
