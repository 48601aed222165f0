/**
 * Preflight results as diagnostics of their own source (`imprivata-preflight`) on the lines they concern. A
 * diagnostic goes away when its line is edited or the next run starts; lines below an edit move with it.
 */
import * as vscode from 'vscode';
import type { PreflightReport } from '../../../server/src/preflight/types';

export const PREFLIGHT_SOURCE = 'imprivata-preflight';

export class PreflightDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(PREFLIGHT_SOURCE);
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => this.edited(event));
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  show(report: PreflightReport, document: vscode.TextDocument): void {
    const diagnostics: vscode.Diagnostic[] = [];
    for (const check of report.checks) {
      if (check.status !== 'fail' && check.status !== 'warn') continue;
      const line = Math.min(Math.max(check.line - 1, 0), document.lineCount - 1);
      const text = document.lineAt(line);
      const range = new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.text.trimEnd().length);
      const diagnostic = new vscode.Diagnostic(
        range,
        `${check.target}: ${check.summary} (Preflight, run from this workstation, not the appliance.)`,
        check.status === 'fail' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = PREFLIGHT_SOURCE;
      diagnostic.code = `preflight-${check.kind}`;
      diagnostics.push(diagnostic);
    }
    this.collection.set(document.uri, diagnostics);
  }

  private edited(event: vscode.TextDocumentChangeEvent): void {
    let diagnostics = this.collection.get(event.document.uri);
    if (!diagnostics?.length || event.contentChanges.length === 0) return;
    for (const change of event.contentChanges) {
      const first = change.range.start.line;
      const last = change.range.end.line;
      const delta = (change.text.match(/\n/g)?.length ?? 0) - (last - first);
      diagnostics = diagnostics.flatMap((d) => {
        const line = d.range.start.line;
        if (line < first) return [d];
        if (line <= last) return [];
        const moved = new vscode.Diagnostic(
          d.range.with(d.range.start.translate(delta), d.range.end.translate(delta)),
          d.message,
          d.severity,
        );
        moved.source = d.source;
        moved.code = d.code;
        return [moved];
      });
    }
    this.collection.set(event.document.uri, diagnostics);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
