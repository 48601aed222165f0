import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  codeOf,
  extensionApi,
  formatDiagnostic,
  nextDiagnosticsChange,
  openInEditor,
  ourDiagnostics,
  png,
  removeIfExists,
  replaceText,
  valueRange,
  waitForDiagnostics,
  workspaceUri,
  writeFile,
} from './helpers';
import { formatExpectation } from '../support/expectations';

const codes = (diagnostics: vscode.Diagnostic[], prefix: string): vscode.Diagnostic[] =>
  diagnostics.filter((d) => codeOf(d).startsWith(prefix));

function tenantFile(tenantId: string, directoryDomain: string): string {
  return [
    'version: 1',
    'enterprise:',
    `  name: Tenant ${tenantId}`,
    '  region: us',
    `  tenantId: ${tenantId}`,
    '  environment: production',
    'identityProvider:',
    '  type: imprivata-directory',
    `  directoryDomain: ${directoryDomain}`,
    `  adminUsername: admin@${directoryDomain}`,
    '  adminPassword: ${env:IMPRIVATA_DIRECTORY_ADMIN_PASSWORD}',
    '',
  ].join('\n');
}

describe('files on disk and other files', () => {
  before(async () => {
    await extensionApi();
  });
  afterEach(async () => {
    await closeAllEditors();
    await removeIfExists(workspaceUri('scratch'));
  });

  it("a project file's `files` select documents in a trusted workspace: the client sends them to the server", async function () {
    if (!vscode.workspace.isTrusted) this.skip(); // Restricted Mode: a repository does not widen what is read
    const dir = workspaceUri('scratch', 'project');
    const config = vscode.Uri.joinPath(dir, 'configs', 'production.yaml');
    await writeFile(config, 'version: 1\nenterprise:\n  name: Project Test\n  region: mars\n');
    await writeFile(vscode.Uri.joinPath(dir, '.imprivata-config.yaml'), 'files:\n  - configs/*.yaml\n');
    const other = vscode.Uri.joinPath(dir, 'other', 'production.yaml');
    await writeFile(other, 'version: 1\nenterprise:\n  region: mars\n');
    await openInEditor(config);
    // Not named by `imprivata.files` (the default patterns), only by the project file.
    const found = await waitForDiagnostics(config, (d) => d.length > 0, 'diagnostics on a file the project file names', 30_000);
    assert.ok(
      found.some((d) => d.range.start.line === 3),
      'the unknown region is reported on its line',
    );
    // A weak check (absence has no event to wait for): the file opened after it got nothing so far.
    await openInEditor(other);
    assert.deepStrictEqual(ourDiagnostics(other), [], 'a YAML file the project file does not name is not validated');
  });

  it('replacing the logo file on disk re-validates the YAML that names it', async () => {
    const dir = workspaceUri('scratch', 'logo');
    const yaml = vscode.Uri.joinPath(dir, 'imprivata-enterprise.yaml');
    const logo = vscode.Uri.joinPath(dir, 'assets', 'logo.png');
    const text = Buffer.from(await vscode.workspace.fs.readFile(workspaceUri('examples', 'imprivata-enterprise.yaml'))).toString('utf8');
    await writeFile(logo, await vscode.workspace.fs.readFile(workspaceUri('examples', 'assets', 'logo.png')));
    await writeFile(yaml, text);
    const at = valueRange(text, 'logo', 'assets/logo.png');

    await openInEditor(yaml);
    await waitForDiagnostics(yaml, (d) => codes(d, 'IMP-LOGO-').length === 0, 'no logo problem with the 160 x 80 logo');

    await writeFile(logo, png(320, 160)); // overwritten in place
    const tooLarge = await waitForDiagnostics(yaml, (d) => codes(d, 'IMP-LOGO-003').length > 0, 'IMP-LOGO-003 once the logo is 320 x 160');
    const diagnostic = codes(tooLarge, 'IMP-LOGO-003')[0];
    assert.strictEqual(diagnostic.range.start.line, at.start.line, 'reported on the logo line');
    assert.match(diagnostic.message, /320/, 'the message gives the real width');
    assert.match(diagnostic.message, /160/, 'the message gives the real height');

    const replacement = vscode.Uri.joinPath(dir, 'assets', 'logo-new.png');
    await writeFile(replacement, png(200, 100));
    await vscode.workspace.fs.rename(replacement, logo, { overwrite: true }); // replaced by a rename, as editors save
    await waitForDiagnostics(yaml, (d) => codes(d, 'IMP-LOGO-').length === 0, 'no logo problem with a 200 x 100 logo');

    await vscode.workspace.fs.delete(logo);
    await waitForDiagnostics(yaml, (d) => codes(d, 'IMP-LOGO-001').length > 0, 'IMP-LOGO-001 once the logo is deleted');
  });

  it("editing a second tenant's file re-validates IMP-IDP-002 in the first", async () => {
    const first = workspaceUri('scratch', 'tenant-a', 'imprivata-enterprise.yaml');
    const second = workspaceUri('scratch', 'tenant-b', 'imprivata-enterprise.yaml');
    const firstText = tenantFile('tenanta', 'idpshared');
    await writeFile(first, firstText);
    await writeFile(second, tenantFile('tenantb', 'idpother'));
    const at = valueRange(firstText, 'directoryDomain', 'idpshared');
    const expected = formatExpectation({
      code: 'IMP-IDP-002',
      startLine: at.start.line,
      startCharacter: at.start.character,
      endLine: at.end.line,
      endCharacter: at.end.character,
    });

    const validated = nextDiagnosticsChange(first, 'the first tenant file to be validated');
    await openInEditor(first);
    await validated;
    assert.deepStrictEqual(codes(await validated, 'IMP-IDP-002'), [], 'different directory domains: no IMP-IDP-002');

    const editor = await openInEditor(second);
    await replaceText(editor.document, 'directoryDomain: idpother', 'directoryDomain: idpshared'); // unsaved
    const clash = await waitForDiagnostics(
      first,
      (d) => codes(d, 'IMP-IDP-002').length > 0,
      'IMP-IDP-002 in the first file after the second was edited',
    );
    assert.deepStrictEqual(codes(clash, 'IMP-IDP-002').map(formatDiagnostic), [expected], 'on the directoryDomain value');
    assert.strictEqual(codes(clash, 'IMP-IDP-002')[0].severity, vscode.DiagnosticSeverity.Error);
    await waitForDiagnostics(second, (d) => codes(d, 'IMP-IDP-002').length > 0, 'IMP-IDP-002 in the edited file too');

    await replaceText(editor.document, 'directoryDomain: idpshared', 'directoryDomain: idpother');
    await waitForDiagnostics(
      first,
      (d) => codes(d, 'IMP-IDP-002').length === 0,
      'IMP-IDP-002 gone from the first file once the second was repaired',
    );
  });
});
