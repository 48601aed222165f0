import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  codeOf,
  extensionApi,
  openInEditor,
  ourDiagnostics,
  removeIfExists,
  requestScreenshot,
  waitForDiagnostics,
  workspaceUri,
  writeFile,
} from './helpers';

const MISSING = [
  'astra.sys.imprivata.com',
  'access.imprivata.com',
  'metadata.app.imprivata.com',
  'file-access.app.imprivata.com',
  'idp.app.imprivata.com',
];

/** The clean example without five of its six Imprivata Cloud Platform hosts (and without its logo line). */
async function fiveMissing(): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(workspaceUri('examples', 'imprivata-enterprise.yaml'));
  return Buffer.from(bytes)
    .toString('utf8')
    .split('\n')
    .filter((line) => !MISSING.some((host) => line.trim() === `- ${host}`) && !/^\s*logo:/.test(line))
    .join('\n');
}

const hostDiagnostics = (uri: vscode.Uri) => ourDiagnostics(uri).filter((d) => codeOf(d) === 'IMP-HOST-001');

describe('quick fixes and fix-all in VS Code', () => {
  const dir = workspaceUri('scratch', 'fixes');

  before(async () => {
    await extensionApi();
  });
  afterEach(closeAllEditors);
  after(async () => {
    await vscode.workspace
      .getConfiguration('editor', { languageId: 'imprivata-yaml' })
      .update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    await removeIfExists(dir);
  });

  it('the quick-fix menu of five missing hosts: five "Add `X`" fixes and one "Add all 5", each applicable', async () => {
    const uri = vscode.Uri.joinPath(dir, 'imprivata-enterprise-menu.yaml');
    await writeFile(uri, await fiveMissing());
    const editor = await openInEditor(uri);
    const diagnostics = await waitForDiagnostics(uri, () => hostDiagnostics(uri).length === 5, 'five IMP-HOST-001 diagnostics');
    const range = diagnostics.find((d) => codeOf(d) === 'IMP-HOST-001')?.range;
    assert.ok(range);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    for (const host of MISSING) assert.ok(titles.includes(`Add \`${host}\` to the allowlist`), `no fix for ${host}: ${titles.join(' | ')}`);
    assert.strictEqual(titles.filter((t) => t === 'Add all 5 missing Imprivata Cloud Platform hosts').length, 1);

    const addAccess = actions.find((a) => a.title === 'Add `access.imprivata.com` to the allowlist');
    assert.ok(addAccess?.edit);
    assert.ok(await vscode.workspace.applyEdit(addAccess.edit));
    await waitForDiagnostics(uri, () => hostDiagnostics(uri).length === 4, 'four IMP-HOST-001 after one fix');
    assert.ok(editor.document.getText().includes('    - access.imprivata.com\n'), 'the host is a list item in its siblings’ indentation');
    assert.ok(
      hostDiagnostics(uri).every((d) => !d.message.includes('`access.imprivata.com`')),
      'the fixed host is no longer reported',
    );
  });

  it('screenshot for the README: the quick-fix menu of five missing hosts', async function () {
    if (!process.env.IMPRIVATA_TEST_SCREENSHOTS) this.skip();
    const uri = vscode.Uri.joinPath(dir, 'imprivata-enterprise-screenshot.yaml');
    await writeFile(uri, await fiveMissing());
    const editor = await openInEditor(uri);
    await waitForDiagnostics(uri, () => hostDiagnostics(uri).length === 5, 'five IMP-HOST-001 diagnostics');
    const range = hostDiagnostics(uri)[0].range;
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    editor.selection = new vscode.Selection(range.start, range.start);
    // The diagnostic's line in the upper third, so the menu opens below it with room for every row.
    const top = Math.max(0, range.start.line - 6);
    editor.revealRange(new vscode.Range(top, 0, top, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await requestScreenshot('quick-fix', '.action-widget .monaco-list-row');
  });

  it('fix-all on save when editor.codeActionsOnSave asks for source.fixAll: the safe fixes are written', async () => {
    await vscode.workspace
      .getConfiguration('editor', { languageId: 'imprivata-yaml' })
      .update('codeActionsOnSave', { 'source.fixAll': 'always' }, vscode.ConfigurationTarget.Workspace, true);
    const uri = vscode.Uri.joinPath(dir, 'imprivata-enterprise-save.yaml');
    await writeFile(uri, await fiveMissing());
    const editor = await openInEditor(uri);
    await waitForDiagnostics(uri, () => hostDiagnostics(uri).length === 5, 'five IMP-HOST-001 diagnostics');
    // A change, so that there is something to save.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# saved with fix-all\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await editor.document.save(), 'the document was saved');
    await waitForDiagnostics(uri, () => hostDiagnostics(uri).length === 0, 'no IMP-HOST-001 after fix-all on save');
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    for (const host of MISSING) assert.ok(onDisk.includes(`- ${host}\n`), `${host} was written on save`);
    assert.ok(onDisk.startsWith('# saved with fix-all\n'), 'the user’s own edit is kept');
    assert.strictEqual(editor.document.isDirty, false, 'the fixes are part of the saved file');
  });
});
