import { WHOLE_FILE, brokenSectionAt, brokenSections } from './broken-sections';
import type { BrokenSection } from './broken-sections';
import { isMap } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import { ConfigDocument, READS_EVERYTHING, keyName, readKey, readSection, readTouched } from './document';
import type { OffsetEdit } from './document';
import { invisibleCharacters } from './invisible';
import { Model, modelOf } from './model';
import { carryHostTallies, handOverHostTallies, prepareHostTallies } from './domain/host-tallies';
import { RULES } from './rules';
import { runToEnd } from './stepwise';
import type { FileReader, Report, Rule, RuleContext, WorkspaceEntry } from './rules/rule';
import { isSuppressed, readSuppressions } from './suppress';
import type { AnalysisSettings, Finding, Fix, Range, RelatedLocation, Severity, TextEdit } from './types';

export interface AnalysisOptions {
  files?: FileReader;
  /** The other configuration files of the workspace (for IMP-IDP-002). */
  workspace?: readonly WorkspaceEntry[];
  settings?: AnalysisSettings;
}

const NO_FILES: FileReader = { stat: () => undefined, readHeader: () => undefined };

/**
 * Runs every rule on one parsed document. Never throws: a rule that fails
 * becomes one finding naming it, and the other rules still run.
 */
export function analyze(doc: ConfigDocument, options: AnalysisOptions = {}): Finding[] {
  return runToEnd(analyzeStepwise(doc, options));
}

/**
 * The same analysis, one rule per step: yields after each rule, so that a caller can pause between event-loop
 * turns and abandon it when the document changed meanwhile (the language server does, for large documents).
 *
 * Incremental: when the snapshot was made by edits from a snapshot whose analysis finished (`doc.origin`), in the
 * same context, a rule whose recorded reads the edit did not touch is not run again: its previous findings are
 * moved to the new text (see reusableBasis, keptFindings). The result equals a full analysis (test/core/incremental).
 */
export function analyzeStepwise(doc: ConfigDocument, options: AnalysisOptions = {}): Generator<void, Finding[]> {
  // Worked out now, not at the first step: the caller may make newer snapshots meanwhile.
  return runRules(doc, options, reusableBasis(doc, options));
}

function* runRules(doc: ConfigDocument, options: AnalysisOptions, basis: Basis | undefined): Generator<void, Finding[]> {
  const overrides = options.settings?.rules ?? {};
  const model = modelOf(doc);
  const run = {};
  const findings: Finding[] = [];
  const results = new Map<string, RuleResult>();
  let kept = 0;
  const broken = brokenSections(doc);
  const brokenKeys = new Set(broken.map((s) => s.key));
  // No cascade: a rule that read a broken section saw the parser's guess; its findings go (the syntax error is the
  // one finding there). Schema and document rules are judged by where they report instead.
  const readBroken = (rule: Rule, reads: readonly string[]) =>
    broken.length > 0 &&
    !rule.id.startsWith('IMP-DOC-') &&
    (brokenKeys.has(WHOLE_FILE) || reads.some((k) => brokenKeys.has(readSection(k))));
  // The allowlist's cross-entry counts, made in steps before the rules that read them (see host-tallies.ts).
  yield* prepareHostTallies(doc, ITEMS_PER_STEP);
  // Indexed loops and no object per rule that keeps its findings: an edit of the example keeps most of the 57
  // rules' findings, and without the optimizing compiler (see lsp/optimizer.ts) each `for...of` step allocates.
  for (let r = 0; r < RULES.length; r++) {
    const rule = RULES[r];
    const override = overrides[rule.id];
    if (override === 'off') continue;
    const previous = basis?.state.rules.get(rule.id);
    // Made only for a rule that runs.
    let context: RuleRun | undefined;
    let whole: PartResult | undefined;
    let itemResults: ItemResults | undefined;
    let ranInFull = false;
    if (rule.check) {
      const reused = basis && previous?.whole && keptFindings(basis, previous.whole);
      if (reused) {
        pushAll(findings, reused.findings);
        whole = reused;
      } else {
        const ctx = (context ??= new RuleRun(rule, doc, model, run, options, findings, override));
        const before = findings.length;
        const readSet = new Set<string>();
        const failed = runGuarded(rule, doc, readSet, findings, () => rule.check?.(ctx));
        const reads = Array.from(readSet);
        if (readBroken(rule, reads)) findings.length = before;
        const keepable = !failed && rule.reads !== 'document' && !ctx.usedFiles && !ctx.usedWorkspace;
        whole = { findings: findings.slice(before), reads: keepable ? reads : undefined };
        ranInFull = true;
      }
    }
    if (rule.items) {
      const items = rule.items;
      const list = readKey(items.list);
      const length = listLength(doc, items.list);
      const keptItems = previous?.items;
      const reuse = basis && keptItems ? reusableItems(basis, keptItems, list, length) : undefined;
      const unchanged = reuse !== undefined && reuse.byIndex === undefined;
      const byIndex = reuse?.byIndex ?? new Map<number, Finding[]>();
      const readSet = new Set<string>();
      let failed = false;
      const before = findings.length;
      const judge = reuse?.rerun;
      const count = judge ? judge.length : length;
      if (count > 0) {
        const ctx = (context ??= new RuleRun(rule, doc, model, run, options, findings, override));
        // A long list is judged in steps of ITEMS_PER_STEP items, so that requests are answered between them.
        for (let from = 0; from < count && !failed; from += ITEMS_PER_STEP) {
          const to = Math.min(count, from + ITEMS_PER_STEP);
          failed = runGuarded(rule, doc, readSet, findings, () => {
            for (let i = from; i < to; i++) {
              const index = judge ? judge[i] : i;
              const start = findings.length;
              items.check(ctx, index);
              if (findings.length > start) byIndex.set(index, findings.slice(start));
            }
          });
          if (to < count) yield;
        }
      }
      if (!reuse) ranInFull = true;
      // The item checks read their own item through the list: what they read besides it decides when all run again.
      readSet.delete(list);
      const reads = reuse ? union(reuse.reads, readSet) : Array.from(readSet);
      findings.length = before;
      if (failed) {
        findings.push(internalError(rule, doc));
        byIndex.clear();
      } else if (!readBroken(rule, reads)) {
        for (const found of byIndex.values()) pushAll(findings, found);
      }
      const keepable = !failed && rule.reads !== 'document' && !context?.usedFiles && !context?.usedWorkspace;
      // Nothing judged again and nothing moved: the kept part as it was (its reads too).
      itemResults = unchanged && keptItems ? keptItems : { list, length, byIndex, reads: keepable ? reads : undefined };
    }
    // A rule whose findings were kept as they were keeps its result object too.
    const result: RuleResult =
      previous && whole === previous.whole && itemResults === previous.items ? previous : { whole, items: itemResults };
    results.set(rule.id, result);
    if (!ranInFull) kept++;
    yield;
  }
  STATES.set(doc, { rules: results, context: contextKey(options), kept });
  // Analyzed: the next snapshot starts its chain here, and the snapshots before this one may go. The allowlist's
  // tallies move on to this snapshot first (when its host rules all kept their findings, nothing asked for them).
  carryHostTallies(doc);
  doc.origin = undefined;
  if (broken.length) dropInsideBrokenSections(doc, broken, findings);
  dropJudgementsOfInvisible(doc, findings);
  const suppressions = readSuppressions(
    doc.text,
    (o) => doc.lines.position(o).line,
    (l) => doc.lines.lineText(l),
    doc.lines.lineCount,
  );
  return findings
    .filter((f) => !isSuppressed(suppressions, f.ruleId, f.range.start.line))
    .sort(
      (a, b) =>
        a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || byCodeUnits(a.ruleId, b.ruleId),
    );
}

/** Rule IDs are ASCII: code-unit order, not `localeCompare`, whose collator pages in ~2 MB of ICU data for good. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many items of a long list a rule judges in one step of the analysis (about a millisecond's work). */
const ITEMS_PER_STEP = 1000;

/** The number of items of a list (0 when the path is not a list), without recording a read. */
function listLength(doc: ConfigDocument, path: readonly string[]): number {
  const saved = doc.reads;
  doc.reads = undefined;
  try {
    return doc.seq([...path])?.items.length ?? 0;
  } finally {
    doc.reads = saved;
  }
}

/**
 * Runs a part of a rule with its reads recorded in `reads`. Returns whether it failed: then the findings it made are
 * replaced by one finding naming the rule (an internal error in one rule never stops the others).
 */
function runGuarded(rule: Rule, doc: ConfigDocument, reads: Set<string>, findings: Finding[], run: () => void): boolean {
  const before = findings.length;
  const outer = doc.reads;
  doc.reads = reads;
  try {
    run();
    return false;
  } catch (error) {
    findings.length = before;
    findings.push(internalError(rule, doc, error));
    return true;
  } finally {
    doc.reads = outer;
  }
}

function internalError(rule: Rule, doc: ConfigDocument, error?: unknown): Finding {
  const what = error === undefined ? 'a check of one list item failed' : error instanceof Error ? error.message : String(error);
  return {
    ruleId: rule.id,
    severity: 'error',
    message: `Internal error in rule ${rule.id} (${rule.title}): ${what}. The other rules still ran; please report this with the file that caused it.`,
    range: doc.lines.findingRange(doc.firstLineSpan()),
  };
}

/** One part of a rule's findings on a snapshot (before the document-wide filters), and what it read; reads undefined: run it again on any edit. */
interface PartResult {
  findings: Finding[];
  reads: readonly string[] | undefined;
}

/** The findings of a rule's item checks, item by item (only items with findings), and what they read outside the list. */
interface ItemResults {
  /** The list's read key. */
  list: string;
  length: number;
  byIndex: ReadonlyMap<number, Finding[]>;
  /** Undefined: every item is judged again on any edit. */
  reads: readonly string[] | undefined;
}

/** One rule's result: its whole-document part (`check`) and its item part (`items`), each when the rule has it. */
interface RuleResult {
  whole?: PartResult;
  items?: ItemResults;
}
/** A finished analysis, kept with its snapshot (weakly) for the analysis of the next one. */
interface AnalysisState {
  rules: ReadonlyMap<string, RuleResult>;
  context: string;
  /** How many rules kept their previous findings instead of running. */
  kept: number;
}

const STATES = new WeakMap<ConfigDocument, AnalysisState>();

/**
 * A compacted copy of an analyzed snapshot (the same text, every range re-based: see compactSnapshot) takes over its
 * finished analysis and the allowlist's tallies, and ends its chain of edits: the next edit's analysis starts from the
 * copy, and the snapshot may go with the tree it was parsed into. Kept as the copy's origin instead, it held a second
 * tree of a large file (20,000 hosts: about 4 MB) until the next edit was analyzed; the editor then sat idle with
 * both. Nothing changes while the snapshot's analysis has not finished: the copy then continues its chain.
 */
export function handOverAnalysis(from: ConfigDocument, to: ConfigDocument): void {
  const state = STATES.get(from);
  const origin = to.origin;
  // A copy of `from` with no edit since (the same text), made after `from`'s analysis finished (`from.origin` gone).
  if (!state || from.origin || origin?.previous !== from || origin.steps.length) return;
  STATES.set(to, state);
  handOverHostTallies(from, to);
  to.origin = undefined;
}

/** How many rules of a snapshot's finished analysis kept their previous findings (undefined: not analyzed). For measurements and tests. */
export function keptRuleCount(doc: ConfigDocument): number | undefined {
  return STATES.get(doc)?.kept;
}

/** What the analysis of an edited snapshot may reuse: the previous snapshot's, the edit, and the read key it touched. */
interface Basis {
  previous: ConfigDocument;
  state: AnalysisState;
  /** The read keys of what the edits changed (see readKey); an edit touches every read it is a prefix of, or that is a prefix of it. */
  edited: string[];
  /** Per edit (in the order of `edited`), the list item it was inside when it edited a scalar of one: `firewall.allowlist[3].host`. */
  editedItems: ({ list: string; index: number } | undefined)[];
  /** From the previous snapshot's text to this one's, through every edit. */
  move: RangeMover;
}

/** Settings and the other files of the workspace: findings are kept only while these are the same. */
function contextKey(options: AnalysisOptions): string {
  return JSON.stringify([options.settings ?? null, options.workspace ?? []]);
}

function reusableBasis(doc: ConfigDocument, options: AnalysisOptions): Basis | undefined {
  const origin = doc.origin;
  const previous = origin?.previous;
  const state = previous && STATES.get(previous);
  if (!origin || !previous || !state || state.context !== contextKey(options)) return undefined;
  const edited: string[] = [];
  const editedItems: Basis['editedItems'] = [];
  const movers: RangeMover[] = [];
  for (const { edit, path, before, after } of origin.steps) {
    // A broken file is judged against the parser's guess; aliases and merges read across sections: analyzed in full.
    if (after.syntaxProblems.length || before.syntaxProblems.length || after.anchors.size || before.anchors.size) return undefined;
    const key = path ? readKey(path) : editedKey(before, after, edit);
    if (key === undefined || key === READS_EVERYTHING) return undefined;
    edited.push(key);
    editedItems.push(path && path.length > 2 && typeof path[2] === 'number' ? { list: key, index: path[2] } : undefined);
    movers.push(rangeMover(before, after, edit));
  }
  const move: RangeMover = (range) => {
    let moved: Range | undefined = range;
    for (const step of movers) if (moved) moved = step(moved);
    return moved;
  };
  return { previous, state, edited, editedItems, move };
}

/** The previous findings of a rule's part, moved to the new text, when the edit touched nothing the part read. */
function keptFindings(basis: Basis, kept: PartResult): PartResult | undefined {
  if (!kept.reads || touchesAny(kept.reads, basis.edited)) return undefined;
  // Nothing to move: the same part (most rules find nothing in a valid file).
  if (kept.findings.length === 0) return kept;
  const moved = movedFindings(kept.findings, basis.move);
  return moved && { findings: moved, reads: kept.reads };
}

/** Whether an edit at one of `edited` (read keys) can change what one of `reads` saw. */
function touchesAny(reads: readonly string[], edited: readonly string[]): boolean {
  for (let i = 0; i < reads.length; i++) for (let j = 0; j < edited.length; j++) if (readTouched(reads[i], edited[j])) return true;
  return false;
}

/** Movable findings, moved to the new text; undefined when one lies inside the edited text (cannot be moved). */
function movedFindings(findings: readonly Finding[], move: RangeMover): Finding[] | undefined {
  const moved: Finding[] = [];
  for (let i = 0; i < findings.length; i++) {
    const next = moveFinding(findings[i], move);
    if (!next) return undefined;
    moved.push(next);
  }
  return moved;
}

/**
 * What a rule's item checks may keep: when every edit since was inside items of the list (same length) or touched
 * nothing they read, the other items' findings, moved, and the items to judge again (the edited ones). Undefined:
 * judge every item. `byIndex` undefined: nothing to judge again and no finding to move (the kept part holds).
 */
function reusableItems(
  basis: Basis,
  kept: ItemResults,
  list: string,
  length: number,
): { byIndex: Map<number, Finding[]> | undefined; reads: readonly string[]; rerun: number[] } | undefined {
  if (!kept.reads || kept.list !== list || kept.length !== length) return undefined;
  const rerun: number[] = [];
  for (let i = 0; i < basis.edited.length; i++) {
    const edited = basis.edited[i];
    const item = basis.editedItems[i];
    if (item?.list === list) {
      if (!rerun.includes(item.index)) rerun.push(item.index);
    } else if (readTouched(list, edited)) return undefined;
  }
  if (touchesAny(kept.reads, basis.edited)) return undefined;
  if (rerun.length === 0 && kept.byIndex.size === 0) return { byIndex: undefined, reads: kept.reads, rerun };
  const byIndex = new Map<number, Finding[]>();
  for (const [index, findings] of kept.byIndex) {
    if (rerun.includes(index)) continue;
    const moved = movedFindings(findings, basis.move);
    if (!moved) return undefined;
    byIndex.set(index, moved);
  }
  return { byIndex, reads: kept.reads, rerun };
}

/** `known` with the reads of `more` it lacks: `known` itself when it has them all. */
function union(known: readonly string[], more: ReadonlySet<string>): readonly string[] {
  let all: string[] | undefined;
  for (const read of more) if (!known.includes(read)) (all ??= [...known]).push(read);
  return all ?? known;
}

function pushAll<T>(into: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]);
}

/** Maps a range of the previous text to the new one; undefined when it overlaps the edited text. */
type RangeMover = (range: Range) => Range | undefined;

function rangeMover(previous: ConfigDocument, doc: ConfigDocument, edit: OffsetEdit): RangeMover {
  const delta = edit.text.length - (edit.end - edit.start);
  const moved = (offset: number) => doc.lines.position(offset <= edit.start ? offset : offset + delta);
  return (range) => {
    const start = previous.lines.offset(range.start);
    const end = previous.lines.offset(range.end);
    if (start < edit.end && end > edit.start) return undefined;
    return { start: moved(start), end: moved(end) };
  };
}

function moveFinding(finding: Finding, move: RangeMover): Finding | undefined {
  const range = move(finding.range);
  if (!range) return undefined;
  const moved: Finding = { ...finding, range };
  if (finding.related) {
    const related: RelatedLocation[] = [];
    for (const r of finding.related) {
      if (r.file !== undefined) {
        related.push(r);
        continue;
      }
      const at = move(r.range);
      if (!at) return undefined;
      related.push({ ...r, range: at });
    }
    moved.related = related;
  }
  if (finding.fixes) {
    const fixes: Fix[] = [];
    for (const fix of finding.fixes) {
      const edits: TextEdit[] = [];
      for (const e of fix.edits) {
        const at = move(e.range);
        if (!at) return undefined;
        edits.push({ range: at, newText: e.newText });
      }
      fixes.push({ ...fix, edits });
    }
    moved.fixes = fixes;
  }
  return moved;
}

/**
 * The read key of what a fully re-parsed edit changed: the top-level pair holding the edit (and the pair under it,
 * when that section is a mapping), provided every other pair around it has the same key and the same extent, moved
 * by the edit. Undefined when the structure around the edit changed (a key added, renamed or removed there).
 */
function editedKey(previous: ConfigDocument, doc: ConfigDocument, edit: OffsetEdit): string | undefined {
  const before = previous.root;
  const after = doc.root;
  if (!before || !after) return undefined;
  const delta = edit.text.length - (edit.end - edit.start);
  const top = changedPair(previous, doc, before, after, edit, delta);
  if (top === undefined) return undefined;
  const name = keyName(before.items[top]);
  if (name === undefined) return undefined;
  const inner = before.items[top].value;
  const innerAfter = after.items[top].value;
  if (isMap(inner) && isMap(innerAfter)) {
    const second = changedPair(previous, doc, inner, innerAfter, edit, delta);
    const secondName = second === undefined ? undefined : keyName(inner.items[second]);
    if (secondName !== undefined) return readKey([name, secondName]);
  }
  return readKey([name]);
}

/** The index of the one pair of a mapping that holds the edit, when the other pairs are the same, moved; else undefined. */
function changedPair(
  previous: ConfigDocument,
  doc: ConfigDocument,
  before: YAMLMap<unknown, unknown>,
  after: YAMLMap<unknown, unknown>,
  edit: OffsetEdit,
  delta: number,
): number | undefined {
  if (before.items.length !== after.items.length || before.items.length === 0) return undefined;
  let hit = -1;
  for (let i = 0; i < before.items.length; i++) if ((pairExtent(previous, before.items[i])?.[0] ?? Infinity) <= edit.start) hit = i;
  if (hit === -1) return undefined;
  const held = pairExtent(previous, before.items[hit]);
  if (!held || edit.end > held[1]) return undefined;
  for (let i = 0; i < before.items.length; i++) {
    if (keyName(before.items[i]) !== keyName(after.items[i])) return undefined;
    const old = pairExtent(previous, before.items[i]);
    const now = pairExtent(doc, after.items[i]);
    if (!old || !now) return undefined;
    if (i < hit && (old[0] !== now[0] || old[1] !== now[1])) return undefined;
    if (i > hit && (old[0] + delta !== now[0] || old[1] + delta !== now[1])) return undefined;
    if (i === hit && (old[0] !== now[0] || old[1] + delta !== now[1])) return undefined;
  }
  return hit;
}

/** Where a pair starts (its key) and ends (its value's end, trailing comments and blank lines included). */
function pairExtent(doc: ConfigDocument, pair: Pair<unknown, unknown>): [number, number] | undefined {
  const key = doc.nodeRange(pair.key);
  const value = doc.nodeRange(pair.value);
  if (!key) return undefined;
  return [key[0], (value ?? key)[2]];
}

/** Findings other than the syntax errors themselves that sit inside a broken section are the parser's guess. */
function dropInsideBrokenSections(doc: ConfigDocument, broken: readonly BrokenSection[], findings: Finding[]): void {
  let kept = 0;
  for (const finding of findings) {
    const offset = doc.lines.lineStarts[finding.range.start.line] + finding.range.start.character;
    if (finding.ruleId === 'IMP-DOC-001' || !brokenSectionAt(broken, offset)) findings[kept++] = finding;
  }
  findings.length = kept;
}

/** A value holding an invisible character is IMP-DOC-005's alone: other rules would judge what nobody sees. */
function dropJudgementsOfInvisible(doc: ConfigDocument, findings: Finding[]): void {
  const found = invisibleCharacters(doc);
  if (found.length === 0) return;
  const scalars = found.map((f) => f.scalar);
  let kept = 0;
  for (const finding of findings) {
    const start = doc.lines.lineStarts[finding.range.start.line] + finding.range.start.character;
    const end = doc.lines.lineStarts[finding.range.end.line] + finding.range.end.character;
    const judgesInvisible = finding.ruleId !== 'IMP-DOC-005' && scalars.some((s) => start < s.end && s.start < end);
    if (!judgesInvisible) findings[kept++] = finding;
  }
  findings.length = kept;
}

/** Parses and analyzes in one call (the CLI and tests). */
export function analyzeText(text: string, filePath?: string, options: AnalysisOptions = {}): { doc: ConfigDocument; findings: Finding[] } {
  const doc = new ConfigDocument(text, filePath);
  return { doc, findings: analyze(doc, options) };
}

/**
 * What a rule that runs is given: a class rather than an object literal with getters, as one is made for every rule
 * that runs in every analysis. `report` is an own function: rules destructure it.
 */
class RuleRun implements RuleContext {
  /** Findings made from files or other configurations are not kept across edits: those change without one. */
  usedFiles = false;
  usedWorkspace = false;
  readonly report: (report: Report) => void;

  constructor(
    rule: Rule,
    readonly doc: ConfigDocument,
    readonly model: Model,
    readonly run: object,
    private readonly options: AnalysisOptions,
    sink: Finding[],
    override: Severity | undefined,
  ) {
    this.report = (report) => {
      sink.push(toFinding(rule, doc, report, override));
    };
  }

  get files(): FileReader {
    this.usedFiles = true;
    return this.options.files ?? NO_FILES;
  }

  get workspace(): readonly WorkspaceEntry[] {
    this.usedWorkspace = true;
    return this.options.workspace ?? [];
  }
}

function toFinding(rule: Rule, doc: ConfigDocument, report: Report, override: Severity | undefined): Finding {
  const finding: Finding = {
    ruleId: rule.id,
    severity: override ?? report.severity ?? rule.severity,
    message: report.message,
    range: doc.lines.findingRange(report.span),
  };
  if (report.related?.length) {
    finding.related = report.related.map((r): RelatedLocation =>
      'span' in r ? { range: doc.lines.findingRange(r.span), message: r.message } : { file: r.file, range: r.range, message: r.message },
    );
  }
  if (report.fixes?.length) {
    finding.fixes = report.fixes.map((fix) => ({
      title: fix.title,
      preferred: fix.preferred,
      // Unattended application is opt-in: a fix nobody marked safe is offered, never applied by fix-all.
      safety: fix.kind ?? rule.fixKind ?? 'unsafe',
      edits: fix.edits.map((e) => ({ range: doc.range(e.span), newText: e.newText })),
    }));
  }
  if (report.unnecessary) finding.unnecessary = true;
  return finding;
}

/** What other files need to know about this one (IMP-IDP-002). */
export function summarize(doc: ConfigDocument): WorkspaceEntry {
  const model = modelOf(doc);
  const domainNode = doc.scalar(['identityProvider', 'directoryDomain']);
  return {
    filePath: doc.filePath ?? '',
    tenantId: model.tenantId,
    identityProviderType: model.identityProviderType,
    directoryDomain: doc.string(['identityProvider', 'directoryDomain'])?.trim(),
    directoryDomainRange: domainNode ? doc.range(doc.span(domainNode)) : undefined,
  };
}
