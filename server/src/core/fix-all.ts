/**
 * Fix-all: the safe fixes of a document applied together, pass after pass, to a fixed point. Each pass analyzes the
 * current text, picks safe fixes whose edits do not overlap (two overlapping edits are never applied in one pass: the
 * second waits for the next pass, on the text the first produced), applies them and starts again; it stops when no
 * safe fix is left, when a pass changes nothing, or after MAX_FIX_PASSES. Pure: the caller analyzes.
 */
import { ConfigDocument } from './document';
import type { Fix, Finding, Span } from './types';

/** Enough for every chain the rules make (a host added, then its port set...); a bound, so a cycle cannot hang. */
export const MAX_FIX_PASSES = 10;

export interface AppliedFix {
  ruleId: string;
  title: string;
  /** 1-based line of the finding in the text of the pass that applied it. */
  line: number;
  pass: number;
}

export interface FixAllResult {
  /** The text after every pass (the input text when nothing applied). */
  text: string;
  applied: AppliedFix[];
  /** Passes that applied something. */
  passes: number;
  /** True when MAX_FIX_PASSES ended the loop while safe fixes were still left. */
  bounded: boolean;
}

interface Candidate {
  fix: Fix;
  /** The findings this fix resolves (one fix can serve several: "Add all 5 missing hosts"). */
  findings: Finding[];
  spans: Span[];
}

/**
 * Applies the safe fixes of `text` until none is left. `analyzePass` analyzes one version of the text (the caller's
 * settings, workspace and files apply).
 */
export function fixAllText(text: string, analyzePass: (doc: ConfigDocument) => readonly Finding[], filePath?: string): FixAllResult {
  const applied: AppliedFix[] = [];
  const seen = new Set<string>([text]);
  let current = text;
  let passes = 0;
  for (let pass = 1; pass <= MAX_FIX_PASSES; pass++) {
    const doc = new ConfigDocument(current, filePath);
    const findings = analyzePass(doc);
    const chosen = chooseFixes(doc, findings);
    if (chosen.length === 0) return { text: current, applied, passes, bounded: false };
    const syntaxErrors = countSyntaxErrors(findings);
    let next = applyCandidates(current, chosen);
    // Each fix alone keeps the YAML valid (tested); should a combination not, apply the first alone instead.
    if (countSyntaxErrors(analyzePass(new ConfigDocument(next, filePath))) > syntaxErrors) {
      chosen.length = 1;
      next = applyCandidates(current, chosen);
      if (countSyntaxErrors(analyzePass(new ConfigDocument(next, filePath))) > syntaxErrors) break;
    }
    // A fix that changes nothing, or texts that come back (two fixes undoing each other): stop.
    if (seen.has(next)) break;
    seen.add(next);
    for (const candidate of chosen) {
      for (const finding of candidate.findings) {
        applied.push({ ruleId: finding.ruleId, title: candidate.fix.title, line: finding.range.start.line + 1, pass });
      }
    }
    current = next;
    passes = pass;
    if (pass === MAX_FIX_PASSES) {
      const left = chooseFixes(new ConfigDocument(current, filePath), analyzePass(new ConfigDocument(current, filePath)));
      return { text: current, applied, passes, bounded: left.length > 0 };
    }
  }
  return { text: current, applied, passes, bounded: false };
}

/**
 * The safe fixes of one pass, none overlapping another: a fix that resolves more findings first (the "add all
 * missing hosts" fix before each host's own, which would insert at the same place), then preferred fixes, then in
 * document order. A fix is skipped when every finding it resolves is already resolved by a chosen one.
 */
export function chooseFixes(doc: ConfigDocument, findings: readonly Finding[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const finding of findings) {
    for (const fix of finding.fixes ?? []) {
      if (fix.safety !== 'safe' || fix.edits.length === 0) continue;
      const key = `${fix.title}\0${JSON.stringify(fix.edits)}`;
      const known = byKey.get(key);
      if (known) known.findings.push(finding);
      else byKey.set(key, { fix, findings: [finding], spans: fix.edits.map((e) => spanOf(doc, e.range)) });
    }
  }
  const candidates = [...byKey.values()].sort(
    (a, b) =>
      b.findings.length - a.findings.length ||
      Number(!!b.fix.preferred) - Number(!!a.fix.preferred) ||
      Math.min(...a.spans.map((s) => s.start)) - Math.min(...b.spans.map((s) => s.start)),
  );
  const chosen: Candidate[] = [];
  const resolved = new Set<Finding>();
  const taken: Span[] = [];
  for (const candidate of candidates) {
    if (candidate.findings.every((f) => resolved.has(f))) continue;
    if (!spansApart(candidate.spans)) continue;
    if (candidate.spans.some((s) => taken.some((t) => touches(s, t)))) continue;
    chosen.push(candidate);
    taken.push(...candidate.spans);
    for (const f of candidate.findings) resolved.add(f);
  }
  return chosen;
}

/** Two edits conflict when they overlap or touch (two inserts at one offset, an insert at a replacement's edge). */
function touches(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function spansApart(spans: readonly Span[]): boolean {
  for (let i = 0; i < spans.length; i++) for (let j = i + 1; j < spans.length; j++) if (touches(spans[i], spans[j])) return false;
  return true;
}

function spanOf(doc: ConfigDocument, range: Finding['range']): Span {
  return doc.lines.span(range);
}

/** Applies non-overlapping edits, from the last to the first so that earlier offsets stay valid. */
function applyCandidates(text: string, chosen: readonly Candidate[]): string {
  const edits = chosen
    .flatMap((c) => c.spans.map((span, i) => ({ span, newText: c.fix.edits[i].newText })))
    .sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

function countSyntaxErrors(findings: readonly Finding[]): number {
  return findings.filter((f) => f.ruleId === 'IMP-DOC-001').length;
}
