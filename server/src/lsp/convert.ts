/** Core findings -> LSP types. The only place that knows both shapes. */
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Fix, Finding, Severity } from '../core/types';
import { ruleDocsUrl } from '../core/rules';
import { pathToFileURL } from 'node:url';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const SOURCE = 'imprivata';

export function toDiagnostic(finding: Finding, documentUri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
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

export function toCodeAction(fix: Fix, diagnostic: Diagnostic, documentUri: string): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: { changes: { [documentUri]: fix.edits } },
  };
}
