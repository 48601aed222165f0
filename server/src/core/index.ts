/** The analysis core: pure functions from text (plus injected file and workspace views) to findings. Enter through the language service. */
export { createLanguageService } from './service';
export type {
  EditorFeatureTable,
  FixAllOutcome,
  LanguageService,
  LanguageServiceCore,
  LanguageServiceOptions,
  QuickFix,
  ValidationContext,
} from './service';
export { ConfigDocument } from './document';
export { analyze, analyzeText, summarize } from './analyze';
export type { AnalysisOptions } from './analyze';
export { RULES, ruleById, ruleDocsUrl } from './rules';
export type { FileReader, Rule, WorkspaceEntry } from './rules/rule';
export * from './types';
