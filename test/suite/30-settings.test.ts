import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, extensionApi, openInEditor, waitForDiagnostics, workspaceUri } from './helpers';

// The document-level example has an error (IMP-DOC-004) and warnings (IMP-DOC-002).
const example = (): vscode.Uri => workspaceUri('examples', 'broken', 'imprivata-enterprise-document.yaml');
const withCode = (diagnostics: vscode.Diagnostic[], code: string): vscode.Diagnostic[] => diagnostics.filter((d) => codeOf(d) === code);

async function setRules(value: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('imprivata', example()).update('rules', value, vscode.ConfigurationTarget.Workspace);
}

describe('settings apply without a reload', () => {
  before(async () => {
    await extensionApi();
  });
  afterEach(async () => {
    await setRules(undefined);
    await closeAllEditors();
  });

  it('a rule turned off in imprivata.rules disappears, and comes back when the setting is removed', async () => {
    const uri = example();
    await openInEditor(uri);
    const initial = await waitForDiagnostics(
      uri,
      (d) => withCode(d, 'IMP-DOC-004').length > 0 && withCode(d, 'IMP-DOC-002').length > 0,
      'IMP-DOC-004 and IMP-DOC-002',
    );
    await setRules({ 'IMP-DOC-004': 'off' });
    const off = await waitForDiagnostics(
      uri,
      (d) => withCode(d, 'IMP-DOC-004').length === 0 && d.length > 0,
      'IMP-DOC-004 turned off, the others kept',
    );
    assert.strictEqual(off.length, initial.length - withCode(initial, 'IMP-DOC-004').length, 'only IMP-DOC-004 went away');
    await setRules(undefined);
    await waitForDiagnostics(uri, (d) => d.length === initial.length, 'IMP-DOC-004 back once the setting is removed');
  });

  it('a severity override in imprivata.rules changes the severity', async () => {
    const uri = example();
    await openInEditor(uri);
    const initial = await waitForDiagnostics(uri, (d) => withCode(d, 'IMP-DOC-002').length > 0, 'IMP-DOC-002');
    assert.ok(
      withCode(initial, 'IMP-DOC-002').every((d) => d.severity === vscode.DiagnosticSeverity.Warning),
      'IMP-DOC-002 is a warning by default',
    );
    await setRules({ 'IMP-DOC-002': 'error' });
    await waitForDiagnostics(
      uri,
      (d) =>
        withCode(d, 'IMP-DOC-002').length === withCode(initial, 'IMP-DOC-002').length &&
        withCode(d, 'IMP-DOC-002').every((x) => x.severity === vscode.DiagnosticSeverity.Error),
      'IMP-DOC-002 reported as an error',
    );
    await setRules({ 'IMP-DOC-002': 'hint' });
    await waitForDiagnostics(
      uri,
      (d) =>
        withCode(d, 'IMP-DOC-002').every((x) => x.severity === vscode.DiagnosticSeverity.Hint) && withCode(d, 'IMP-DOC-002').length > 0,
      'IMP-DOC-002 reported as a hint',
    );
  });
});
