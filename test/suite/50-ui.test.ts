import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  extensionApi,
  openInEditor,
  ourDiagnostics,
  removeIfExists,
  waitFor,
  waitForDiagnostics,
  workspaceUri,
  writeFile,
} from './helpers';

describe('status bar and log', () => {
  before(async () => {
    await extensionApi();
  });
  afterEach(closeAllEditors);

  it('the status bar item reflects the current file', async () => {
    const api = await extensionApi();
    const events = [vscode.languages.onDidChangeDiagnostics, vscode.window.onDidChangeActiveTextEditor];
    const statusIs = (predicate: (text: string) => boolean, what: string): Promise<string> =>
      waitFor(
        () => (predicate(api.statusBarText()) ? api.statusBarText() : undefined),
        events,
        10_000,
        () => `status bar ${what}; it shows "${api.statusBarText()}"`,
      );

    const clean = workspaceUri('examples', 'imprivata-enterprise.yaml');
    await openInEditor(clean);
    await waitForDiagnostics(clean, (d) => d.length === 0, 'a clean file');
    await statusIs((t) => t === '$(check) Imprivata', 'showing the clean state');

    const broken = workspaceUri('examples', 'broken', 'imprivata-enterprise-document.yaml');
    await openInEditor(broken);
    const diagnostics = await waitForDiagnostics(broken, (d) => d.length > 0, 'diagnostics');
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const text = await statusIs((t) => t.startsWith('$(error) Imprivata:'), 'showing errors');
    assert.match(text, new RegExp(`\\b${errors} errors?\\b`), `${errors} errors in ${text}`);
    if (warnings) assert.match(text, new RegExp(`\\b${warnings} warnings?\\b`), `${warnings} warnings in ${text}`);

    const other = workspaceUri('scratch', 'notes.txt');
    await writeFile(other, 'not an Imprivata configuration\n');
    try {
      await openInEditor(other);
      await statusIs((t) => t === '', 'hidden for another file');
      assert.strictEqual(ourDiagnostics(other).length, 0);
    } finally {
      await closeAllEditors();
      await removeIfExists(workspaceUri('scratch'));
    }
  });

  it('the log output channel exists', async () => {
    const api = await extensionApi();
    assert.ok(api.outputChannelName.length > 0);
    // The workbench registers a "show" command for every output channel it knows.
    const commands = await vscode.commands.getCommands(false);
    const show = commands.filter((c) => c.startsWith('workbench.action.output.show.'));
    const ours = show.filter((c) => c.includes(api.outputChannelName) || c.toLowerCase().includes('imprivata'));
    assert.ok(ours.length > 0, `no output channel "${api.outputChannelName}" among: ${show.join(', ')}`);
    await vscode.commands.executeCommand(ours[0]);
    await vscode.commands.executeCommand('imprivata.showOutput');
  });
});
