import * as assert from 'assert';
import * as vscode from 'vscode';
import snippetFile from '../../snippets/imprivata-enterprise.code-snippets.json';
import {
  closeAllEditors,
  extensionApi,
  nextDiagnosticsChange,
  openInEditor,
  removeIfExists,
  requestScreenshot,
  waitForDiagnostics,
  workspaceUri,
  writeFile,
} from './helpers';

/** An EU enterprise whose allowlist has one of its six cloud hosts, and a new item started at the end. */
const EU_ALLOWLIST = [
  'version: 1',
  'enterprise:',
  '  name: Acme Health',
  '  region: eu',
  '  tenantId: acmehealth',
  'firewall:',
  '  allowlist:',
  '    - astra.sys.imprivata.eu',
  '    - ',
  '',
].join('\n');

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('completion, hover and outline in the editor', () => {
  const dir = workspaceUri('scratch', 'intelligence');
  const uri = vscode.Uri.joinPath(dir, 'imprivata-enterprise-eu.yaml');

  before(async () => {
    await extensionApi();
    await writeFile(uri, EU_ALLOWLIST);
  });
  afterEach(closeAllEditors);
  after(() => removeIfExists(dir));

  it('@smoke @restricted completion in the allowlist: the missing hosts with the tenant and the eu suffix, the listed one left out', async () => {
    const published = nextDiagnosticsChange(uri, 'the first validation');
    await openInEditor(uri);
    await published;
    const position = new vscode.Position(8, 6);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const ours = list.items.filter((i) => /imprivata\.|digicert|amazonaws/.test(labelOf(i)));
    const labels = ours.sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b))).map(labelOf);
    assert.deepStrictEqual(labels.slice(0, 5), [
      'acmehealth.sys.imprivata.eu',
      'access.imprivata.eu',
      'metadata.app.imprivata.eu',
      'file-access.app.imprivata.eu',
      'idp.app.imprivata.eu',
    ]);
    assert.ok(!labels.includes('astra.sys.imprivata.eu'), 'a listed host is not offered again');
    assert.ok(!labels.some((l) => l.endsWith('imprivata.com') && l !== 'cloud.imprivata.com'), 'no .com host in an eu file');
  });

  it('accepting the completions in the editor fixes the missing-host diagnostics', async () => {
    // Without the empty item (a wrong type, IMP-DOC-003, which the host rules wait for), with `cloudPlatform` (which
    // the cloud hosts serve: IMP-HOST-001 applies only while it is configured).
    const accepting = vscode.Uri.joinPath(dir, 'imprivata-enterprise-accept.yaml');
    const cloudPlatform =
      'cloudPlatform:\n  integrationId: 4b1f7c2e-9d3a-4e5b-8c6d-2f1a0b9e8d7c\n  integrationToken: ${env:IMPRIVATA_INTEGRATION_TOKEN}\n';
    await writeFile(accepting, EU_ALLOWLIST.replace(/ {4}- \n$/, '').replace('firewall:\n', `${cloudPlatform}firewall:\n`));
    const editor = await openInEditor(accepting);
    const missingHosts = (d: vscode.Diagnostic[]) =>
      d.filter((x) => String(typeof x.code === 'object' ? x.code.value : x.code) === 'IMP-HOST-001');
    await waitForDiagnostics(accepting, (d) => missingHosts(d).length === 5, 'five missing hosts');
    for (let missing = 5; missing > 0; missing--) {
      // A new item after the last one, as a user starts it, then the first completion, as accepting it inserts it.
      const last = editor.document.lineCount - 2;
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(last, editor.document.lineAt(last).text.length), '\n    - ')));
      const position = new vscode.Position(last + 1, 6);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', accepting, position);
      const first = list.items
        .filter((i) => labelOf(i).endsWith('imprivata.eu'))
        .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))[0];
      assert.ok(first, `a host to add (${missing} missing)`);
      const range = first.range instanceof vscode.Range ? first.range : first.range?.replacing;
      assert.ok(range, 'the item says what it replaces');
      const text = typeof first.insertText === 'string' ? first.insertText : (first.insertText?.value ?? labelOf(first));
      assert.ok(await editor.edit((b) => b.replace(range, text)));
    }
    // No empty item (IMP-DOC-003) either: the diagnostics are those of the final text.
    const codes = (d: vscode.Diagnostic[]) => d.map((x) => String(typeof x.code === 'object' ? x.code.value : x.code));
    await waitForDiagnostics(
      accepting,
      (d) => !codes(d).includes('IMP-HOST-001') && !codes(d).includes('IMP-DOC-003'),
      'no missing host left',
    );
    assert.match(
      editor.document.getText(),
      /- astra\.sys\.imprivata\.eu\n {4}- acmehealth\.sys\.imprivata\.eu\n {4}- access\.imprivata\.eu\n/,
    );
  });

  it('a section snippet from the completion list keeps the indentation in the real editor', async () => {
    const editor = await openInEditor(uri);
    const end = new vscode.Position(editor.document.lineCount - 1, 0);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, end);
    const snippet = list.items.find(
      (i) => labelOf(i) === 'SMTP over OAuth2 (Exchange Online)' && i.insertText instanceof vscode.SnippetString,
    );
    assert.ok(snippet, 'the SMTP OAuth2 section snippet is offered at the top level');
    assert.ok(await editor.insertSnippet(snippet.insertText as vscode.SnippetString, end));
    assert.match(editor.document.getText(), /\nsmtp:\n {2}mode: oauth2\n {2}from: imprivata-noreply@example\.org\n/);
  });

  it("@restricted an empty file: each section snippet in the completion list exactly once (no static copy beside the server's)", async () => {
    const empty = vscode.Uri.joinPath(dir, 'imprivata-enterprise-empty.yaml');
    await writeFile(empty, '');
    await openInEditor(empty);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      empty,
      new vscode.Position(0, 0),
    );
    const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
    // A snippet of the file, as the server labels it (its name) or as VS Code labels a contributed one (its prefix).
    const count = (name: string, prefix: string) => snippets.filter((i) => labelOf(i) === name || labelOf(i) === prefix).length;
    const entries = Object.entries(snippetFile as Record<string, { prefix: string }>);
    const atTopLevel = [
      'imprivata-enterprise',
      'imprivata-smtp-oauth2',
      'imprivata-smtp-basic',
      'imprivata-idp-entra',
      'imprivata-idp-saml',
      'imprivata-idp-directory',
    ];
    for (const [name, { prefix }] of entries) {
      const expected = atTopLevel.includes(prefix) ? 1 : 0; // the appliance and the DigiCert hosts are list items
      assert.strictEqual(
        count(name, prefix),
        expected,
        `${prefix} offered ${count(name, prefix)} times: ${snippets.map(labelOf).join(' | ')}`,
      );
    }
  });

  it('New Configuration File from Snippet: the skeleton of snippets/, its tab stops filled in', async () => {
    await vscode.commands.executeCommand('imprivata.preflight.createFile');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.isUntitled, 'an untitled editor');
    assert.strictEqual(editor.document.languageId, 'imprivata-yaml');
    assert.match(editor.document.getText(), /^version: 1\n\nenterprise:\n {2}name: Example Health\n {2}region: us\n/);
    assert.match(editor.document.getText(), /\n {4}- examplehealth\.sys\.imprivata\.com\n/, 'the tenant ID mirrored into its host');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('@restricted hover on a key: the description for the branch, the console path, the rules', async () => {
    const example = workspaceUri('examples', 'imprivata-enterprise.yaml');
    const editor = await openInEditor(example);
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('  username: svc-imprivata-mail'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      example,
      new vscode.Position(line, 4),
    );
    const text = hoverText(hovers);
    assert.match(text, /Under `smtp\.mode: oauth2`/);
    assert.match(text, /Exchange Mail Server with OAuth2 > Username/);
    assert.match(text, /\[IMP-SMTP-007\]\(https:/);
  });

  it('hover on an allowlist host: its purpose and documented port and protocol', async () => {
    const example = workspaceUri('examples', 'imprivata-enterprise.yaml');
    const editor = await openInEditor(example);
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('host: ocsp.digicert.com'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      example,
      new vscode.Position(line, 16),
    );
    const text = hoverText(hovers);
    assert.match(text, /OCSP revocation checking/);
    assert.match(text, /HTTP on port 80/);
  });

  it('the outline: sections, appliances by host', async () => {
    const example = workspaceUri('examples', 'imprivata-enterprise.yaml');
    await openInEditor(example);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', example);
    assert.deepStrictEqual(symbols.map((s) => s.name).slice(0, 5), ['version', 'enterprise', 'appliances', 'cloudPlatform', 'firewall']);
    assert.deepStrictEqual(
      symbols[2].children.map((c) => c.name),
      ['imp-appliance-01.example.org', 'imp-appliance-02.example.org'],
    );
  });

  it('screenshot for the README: the completion list in the allowlist', async function () {
    if (!process.env.IMPRIVATA_TEST_SCREENSHOTS) this.skip();
    await writeFile(uri, EU_ALLOWLIST);
    const editor = await openInEditor(uri);
    editor.selection = new vscode.Selection(8, 6, 8, 6);
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await requestScreenshot('completion', '.suggest-widget.visible .monaco-list-row');
  });
});
