import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  brokenExamples,
  checkBrokenExample,
  closeAllEditors,
  extensionApi,
  openInEditor,
  ourDiagnostics,
  removeIfExists,
  waitForDiagnostics,
  workspaceUri,
  writeFile,
} from './helpers';

// Only in the passes that open the workspace untrusted (test/vscode/run.mjs: restricted, vsix;
// test/vscode/electron.ts: restricted). Tests tagged @restricted elsewhere run there too.
describe('@untrusted Restricted Mode', () => {
  afterEach(async () => {
    await closeAllEditors();
    await removeIfExists(workspaceUri('scratch'));
  });

  it('the workspace is untrusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'this pass must open the folder in Restricted Mode');
  });

  it('the manifest declares support for untrusted workspaces', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown } };
    };
    const supported = manifest.capabilities?.untrustedWorkspaces?.supported;
    assert.ok(supported === true || supported === 'limited', `capabilities.untrustedWorkspaces.supported is ${String(supported)}`);
  });

  it('still validates: every broken example yields its diagnostics', async () => {
    await extensionApi();
    const files = brokenExamples();
    assert.ok(files.length > 0);
    for (const uri of files) await checkBrokenExample(uri);
  });

  it("a project file's `files` do not widen what is read: the file it names gets nothing, a default-named file does", async function () {
    this.timeout(60_000);
    await extensionApi();
    const dir = workspaceUri('scratch', 'restricted-project');
    const named = vscode.Uri.joinPath(dir, 'configs', 'production.yaml');
    await writeFile(named, 'version: 1\nenterprise:\n  name: Project Test\n  region: mars\n');
    await writeFile(vscode.Uri.joinPath(dir, '.imprivata-config.yaml'), 'files:\n  - configs/*.yaml\n');
    // Beside the project, not under it (there, the project file's `files` would decide).
    const byDefault = workspaceUri('scratch', 'restricted-default', 'imprivata-enterprise.yaml');
    await writeFile(byDefault, 'version: 1\nenterprise:\n  name: Project Test\n  region: mars\n');
    await openInEditor(named);
    await openInEditor(byDefault);
    // Opened after it, a file the default patterns name: once its diagnostics are in, those of the first would be too
    // (the client sends documents, and the server answers them, in order).
    await waitForDiagnostics(
      byDefault,
      (d) => d.some((x) => x.range.start.line === 3),
      'the unknown region in the default-named file',
      30_000,
    );
    assert.deepStrictEqual(ourDiagnostics(named), [], 'a file only the project file names is not validated in Restricted Mode');
  });
});
