import * as vscode from 'vscode';
import {
  brokenExamples,
  closeAllEditors,
  extensionApi,
  openInEditor,
  ourDiagnostics,
  requestScreenshot,
  waitForDiagnostics,
} from './helpers';

/** The broken example that shows best: the one with the most diagnostics. */
async function showcase(): Promise<vscode.Uri> {
  let best: { uri: vscode.Uri; count: number } | undefined;
  for (const uri of brokenExamples()) {
    await openInEditor(uri);
    const count = (await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics')).length;
    if (!best || count > best.count) best = { uri, count };
  }
  await closeAllEditors();
  if (!best) throw new Error('no broken example');
  return best.uri;
}

// Taken only when the runner asks (IMPRIVATA_SCREENSHOTS=docs npm run test:vscode).
describe('screenshots for the README', function () {
  let uri: vscode.Uri;
  before(async function () {
    if (!process.env.IMPRIVATA_TEST_SCREENSHOTS) this.skip();
    await extensionApi();
    uri = await showcase();
  });
  after(closeAllEditors);

  it('a broken file with squiggles and the Problems panel', async () => {
    const editor = await openInEditor(uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // The first problems at the top of the (now shorter) editor, with two lines of context.
    const firstLine = Math.min(...diagnostics.map((d) => d.range.start.line));
    const top = Math.max(0, firstLine - 2);
    editor.revealRange(new vscode.Range(top, 0, top, 0), vscode.TextEditorRevealType.AtTop);
    await requestScreenshot('problems', '.squiggly-error, .squiggly-warning && .markers-panel .monaco-list-row');
  });

  it('a hover over a diagnostic', async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const editor = await openInEditor(uri);
    // An error a few lines down (the hover opens above it), on the widest range.
    const width = (d: vscode.Diagnostic): number => (d.range.isSingleLine ? d.range.end.character - d.range.start.character : 80);
    const [first] = ourDiagnostics(uri).sort(
      (a, b) =>
        Number(b.range.start.line >= 4) - Number(a.range.start.line >= 4) || (a.severity ?? 0) - (b.severity ?? 0) || width(b) - width(a),
    );
    const at = first.range.start.translate(0, Math.floor((first.range.end.character - first.range.start.character) / 2));
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(first.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand('editor.action.showHover');
    await requestScreenshot('hover', '.monaco-hover .marker');
  });
});
