/** Quick fixes for the diagnostics a client sends back: each diagnostic's own finding, found by its identity. */
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { SOURCE, toCodeAction } from './convert';
import { resolveFinding } from './findingIdentity';
import type { AnalyzedFindings } from './findingIdentity';
import { isRange } from './protocolParams';

/**
 * The fixes of every diagnostic of ours among `diagnostics`. A fix that several findings share (IMP-HOST-001's
 * "Add all 5 missing hosts", offered with each missing host) is listed once, naming all the diagnostics it resolves.
 */
export function codeActionsFor(documentUri: string, diagnostics: readonly unknown[], analysis: AnalyzedFindings): CodeAction[] {
  const actions = new Map<string, CodeAction>();
  for (const diagnostic of diagnostics) {
    if (!isOurDiagnostic(diagnostic)) continue;
    const finding = resolveFinding(analysis, diagnostic);
    for (const fix of finding?.fixes ?? []) {
      const key = `${fix.title}\0${JSON.stringify(fix.edits)}`;
      const shared = actions.get(key);
      if (shared) shared.diagnostics?.push(diagnostic);
      else actions.set(key, toCodeAction(fix, [diagnostic], documentUri));
    }
  }
  return [...actions.values()];
}

function isOurDiagnostic(value: unknown): value is Diagnostic {
  if (typeof value !== 'object' || value === null) return false;
  const diagnostic = value as Partial<Diagnostic>;
  return diagnostic.source === SOURCE && isRange(diagnostic.range) && typeof diagnostic.message === 'string';
}
