import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  brokenExamples,
  closeAllEditors,
  extensionApi,
  formatAll,
  formatDiagnostic,
  openInEditor,
  removeIfExists,
  replaceText,
  valueRange,
  waitForDiagnostics,
  workspaceUri,
  writeFile,
} from './helpers';
import { formatExpectation } from '../support/expectations';

describe('editing and closing', () => {
  before(async () => {
    await extensionApi();
  });
  afterEach(closeAllEditors);

  it('a WorkspaceEdit that introduces a problem adds its diagnostic, one that repairs it removes it', async () => {
    const uri = workspaceUri('examples', 'imprivata-enterprise.yaml');
    const editor = await openInEditor(uri);
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the clean example to be clean');
    const before = editor.document.getText();
    const at = valueRange(before, 'version', '1');
    const expected = formatExpectation({
      code: 'IMP-DOC-004',
      startLine: at.start.line,
      startCharacter: at.start.character,
      endLine: at.end.line,
      endCharacter: at.end.character,
    });

    await replaceText(editor.document, 'version: 1', 'version: 2');
    const introduced = await waitForDiagnostics(uri, (d) => d.map(formatDiagnostic).includes(expected), `${expected} after the edit`);
    assert.deepStrictEqual(introduced.map(formatDiagnostic), [expected], 'the edit introduced exactly one problem');
    assert.strictEqual(introduced[0].severity, vscode.DiagnosticSeverity.Error);

    await replaceText(editor.document, 'version: 2', 'version: 1');
    await waitForDiagnostics(uri, (d) => d.length === 0, 'no diagnostics after the repairing edit');
    assert.strictEqual(editor.document.getText(), before);
  });

  it('closing a file clears its diagnostics', async () => {
    const source = brokenExamples()[0];
    assert.ok(source, 'needs a broken example');
    // A copy that no other test opened: VS Code keeps documents opened through the API alive
    // for minutes after their editor closes.
    const dir = workspaceUri('scratch', 'close');
    const uri = vscode.Uri.joinPath(dir, 'imprivata-enterprise-close.yaml');
    await writeFile(uri, await vscode.workspace.fs.readFile(source));
    try {
      await openInEditor(uri);
      await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics of the open file');
      const cleared = waitForDiagnostics(uri, (d) => d.length === 0, 'the diagnostics to be cleared once the file is closed');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await cleared;
      assert.deepStrictEqual(formatAll(uri), []);
    } finally {
      await removeIfExists(dir);
    }
  });
});
