import { WHOLE_FILE, brokenSectionAt, brokenSections } from './broken-sections';
import type { BrokenSection } from './broken-sections';
import { ConfigDocument } from './document';
import { invisibleCharacters } from './invisible';
import { Model } from './model';
import { RULES } from './rules';
import type { FileReader, Report, Rule, RuleContext, WorkspaceEntry } from './rules/rule';
import { isSuppressed, readSuppressions } from './suppress';
import type { AnalysisSettings, Finding, RelatedLocation, Severity } from './types';

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
  const steps = analyzeStepwise(doc, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The same analysis, one rule per step: yields after each rule, so that a caller can pause between event-loop
 * turns and abandon it when the document changed meanwhile (the language server does, for large documents).
 */
export function* analyzeStepwise(doc: ConfigDocument, options: AnalysisOptions = {}): Generator<void, Finding[]> {
  const overrides = options.settings?.rules ?? {};
  const model = new Model(doc);
  const findings: Finding[] = [];
  const broken = brokenSections(doc);
  const brokenKeys = new Set(broken.map((s) => s.key));
  for (const rule of RULES) {
    const override = overrides[rule.id];
    if (override === 'off') continue;
    const before = findings.length;
    const ctx = contextFor(rule, doc, model, options, findings, override);
    if (broken.length) doc.reads = new Set();
    try {
      rule.check(ctx);
      // No cascade: a rule that read a broken section saw the parser's guess; its findings go (the syntax
      // error is the one finding there). Schema and document rules are judged by where they report instead.
      if (doc.reads && !rule.id.startsWith('IMP-DOC-') && (brokenKeys.has(WHOLE_FILE) || [...doc.reads].some((k) => brokenKeys.has(k)))) {
        findings.length = before;
      }
    } catch (error) {
      findings.push({
        ruleId: rule.id,
        severity: 'error',
        message: `Internal error in rule ${rule.id} (${rule.title}): ${error instanceof Error ? error.message : String(error)}. The other rules still ran; please report this with the file that caused it.`,
        range: doc.lines.findingRange(doc.firstLineSpan()),
      });
    } finally {
      doc.reads = undefined;
    }
    yield;
  }
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
        a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId),
    );
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

function contextFor(
  rule: Rule,
  doc: ConfigDocument,
  model: Model,
  options: AnalysisOptions,
  sink: Finding[],
  override: Severity | undefined,
): RuleContext {
  return {
    doc,
    model,
    files: options.files ?? NO_FILES,
    workspace: options.workspace ?? [],
    report(report: Report) {
      sink.push(toFinding(rule, doc, report, override));
    },
  };
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
  const model = new Model(doc);
  const domainNode = doc.scalar(['identityProvider', 'directoryDomain']);
  return {
    filePath: doc.filePath ?? '',
    tenantId: model.tenantId,
    identityProviderType: model.identityProviderType,
    directoryDomain: doc.string(['identityProvider', 'directoryDomain'])?.trim(),
    directoryDomainRange: domainNode ? doc.range(doc.span(domainNode)) : undefined,
  };
}
