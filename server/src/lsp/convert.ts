/** Core findings -> LSP types. The only place that knows both shapes. */
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Fix, Finding, Severity } from '../core/types';
import { ruleDocsUrl } from '../core/rules';
import { pathToFileURL } from 'node:url';
import type { FindingRef } from './findingIdentity';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const SOURCE = 'imprivata';

/** `ref`: which finding this is, sent back by the client with a code action request (see findingIdentity.ts). */
export function toDiagnostic(finding: Finding, documentUri: string, ref: FindingRef): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
    data: ref,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.file ? pathToFileURL(r.file).toString() : documentUri, range: r.range },
      message: r.message,
    }));
  }
  if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

/** The quick fix of a fix, listing the diagnostics it resolves (one fix may serve several findings). */
export function toCodeAction(fix: Fix, diagnostics: Diagnostic[], documentUri: string): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: fix.preferred,
    edit: { changes: { [documentUri]: fix.edits } },
  };
}
