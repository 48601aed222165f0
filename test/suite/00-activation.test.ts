import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi, metrics, performanceMark, testPass } from './helpers';

describe('harness and activation', () => {
  it('@smoke runs in VS Code 1.100 or later', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || minor >= 91, `engines.vscode is ^1.91.0, this is ${vscode.version}`);
    metrics.vscodeVersion = vscode.version;
  });

  it('@smoke @restricted activates and starts the language client', async () => {
    const started = Date.now();
    const api = await extensionApi();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension?.isActive, 'the extension is not active');
    const will = performanceMark(`code/extHost/willActivateExtension/${EXTENSION_ID}`);
    const did = performanceMark(`code/extHost/didActivateExtension/${EXTENSION_ID}`);
    if (will !== undefined && did !== undefined) metrics.activationMs = did - will;
    if (will !== undefined) metrics.activationToReadyMs = `<= ${Math.max(Date.now(), started) - will}`;
    assert.ok(api.outputChannelName, 'the API names no output channel');
  });

  it('@smoke @restricted tests the intended build of the extension', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const main = String((extension.packageJSON as { main?: unknown }).main);
    assert.strictEqual(main, './dist/client.js');
    const pass = testPass();
    const repo = path.resolve(__dirname, '..', '..', '..');
    if (pass === 'vsix') {
      assert.notStrictEqual(
        path.resolve(extension.extensionPath),
        repo,
        'the vsix pass must test the installed .vsix, not the development tree',
      );
    } else if (pass === 'dev' || pass === 'restricted') {
      assert.strictEqual(path.resolve(extension.extensionPath), repo);
    }
    metrics.extensionPath = extension.extensionPath;
  });

  it('activates on its language and commands only, never on "*"', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const events = (extension?.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activationEvents must not contain "*"');
    assert.ok(events.includes('onLanguage:imprivata-yaml'), JSON.stringify(events));
  });
});
