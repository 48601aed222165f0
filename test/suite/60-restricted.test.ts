import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, brokenExamples, checkBrokenExample, closeAllEditors, extensionApi } from './helpers';

// Only in the passes that open the workspace untrusted (test/vscode/run.mjs: restricted, vsix;
// test/vscode/electron.ts: restricted). Tests tagged @restricted elsewhere run there too.
describe('@untrusted Restricted Mode', () => {
  afterEach(closeAllEditors);

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
});
