/** Plain data types shared by the core, the language server and the CLI. No LSP imports. */
import type { DocumentLimits } from './limits';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** 0-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of UTF-16 offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * `safe`: applied unattended by fix-all, `lint --fix` and fix-on-save; `unsafe`: offered as a quick fix only (it
 * guesses, drops information or needs something outside the file). See `FixKind` in rules/rule.ts.
 */
export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The preferred fix of a finding (VS Code's "isPreferred"). */
  preferred?: boolean;
  safety: FixSafety;
}

export interface RelatedLocation {
  /** Absent: the same document. Otherwise a file path (another workspace config). */
  file?: string;
  range: Range;
  message: string;
}

/** One problem found in a document, ready to be shown as a diagnostic. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Tags the editor can render specially (unnecessary = faded, e.g. stray keys). */
  unnecessary?: boolean;
}

export type RuleSeverityOverride = Severity | 'off';

export interface AnalysisSettings {
  /** Per rule ID: a different severity, or 'off'. */
  rules?: Record<string, RuleSeverityOverride>;
  /** The size limits (IMP-DOC-006); absent ones are the defaults (see limits.ts). */
  limits?: Partial<DocumentLimits>;
}
