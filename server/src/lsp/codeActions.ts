/**
 * Code actions: the quick fixes of the diagnostics a client sends back (each diagnostic's own finding, found by its
 * identity), and `source.fixAll.imprivata`, every safe fix applied to a fixed point (on request, or on save when
 * `editor.codeActionsOnSave` asks for `source.fixAll`).
 */
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import type { ConfigDocument } from '../core/document';
import type { LanguageServiceCore, ValidationContext } from '../core/service';
import type { Finding } from '../core/types';
import { SOURCE, toCodeAction } from './convert';
import { resolveFinding } from './findingIdentity';
import type { AnalyzedFindings } from './findingIdentity';
import { isRange } from './protocolParams';

/** Our fix-all kind: under `source.fixAll`, so `"source.fixAll": "explicit"` on save runs it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.imprivata`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND];

/** Whether a client's `context.only` (absent: every kind) asks for actions of `kind` (a kind covers its sub-kinds). */
export function wantsKind(only: unknown, kind: string): boolean {
  if (!Array.isArray(only)) return true;
  return only.some((asked) => typeof asked === 'string' && (kind === asked || kind.startsWith(`${asked}.`)));
}

/**
 * The fixes of every diagnostic of ours among `diagnostics`. A fix that several findings share (IMP-HOST-001's
 * "Add all 5 missing hosts", offered with each missing host) is listed once, naming all the diagnostics it resolves.
 */
export function codeActionsFor(
  documentUri: string,
  diagnostics: readonly unknown[],
  analysis: AnalyzedFindings,
  service: LanguageServiceCore,
): CodeAction[] {
  const findings: Finding[] = [];
  const diagnosticOf = new Map<Finding, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    if (!isOurDiagnostic(diagnostic)) continue;
    const finding = resolveFinding(analysis, diagnostic);
    if (!finding) continue;
    if (!diagnosticOf.has(finding)) findings.push(finding);
    diagnosticOf.set(finding, [...(diagnosticOf.get(finding) ?? []), diagnostic]);
  }
  return service.codeActions(findings).map(({ fix, findings: resolved }) =>
    toCodeAction(
      fix,
      resolved.flatMap((f) => diagnosticOf.get(f) ?? []),
      documentUri,
    ),
  );
}

/**
 * The fix-all action of a snapshot: undefined when no safe fix applies. Its edits are on the snapshot's text, which
 * must be the document's current text (the caller checks the revision).
 */
export function fixAllAction(
  documentUri: string,
  doc: ConfigDocument,
  service: LanguageServiceCore,
  context: ValidationContext,
): CodeAction | undefined {
  const outcome = service.fixAll(doc, context);
  if (outcome.edits.length === 0) return undefined;
  const count = outcome.applied.length;
  return {
    title: `Fix all safe Imprivata problems (${count} fix${count === 1 ? '' : 'es'})`,
    kind: FIX_ALL_KIND,
    edit: {
      changes: {
        [documentUri]: outcome.edits.map((e) => ({ range: doc.range(e.span), newText: e.newText })),
      },
    },
  };
}

function isOurDiagnostic(value: unknown): value is Diagnostic {
  if (typeof value !== 'object' || value === null) return false;
  const diagnostic = value as Partial<Diagnostic>;
  return diagnostic.source === SOURCE && isRange(diagnostic.range) && typeof diagnostic.message === 'string';
}
