// The preflight in a real VS Code: the command runs against servers this test starts on 127.0.0.1 (the real host
// names of the file are routed there with the connectTo setting, the test CA trusted with caFiles), the report
// view fills, diagnostics of their own source land on the right lines and leave with an edit, the exports and the
// firewall ticket work, the CodeLens sits above `firewall:`; in Restricted Mode the command refuses.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PreflightReport } from '../../server/src/preflight/types';
import { caFolder } from '../preflight/support/pki';
import type { CaFolder } from '../preflight/support/pki';
import { TestNet } from '../preflight/support/servers';
import { closeAllEditors, extensionApi, openInEditor, removeIfExists, replaceText, waitFor, workspaceUri, writeFile } from './helpers';
import { clearPreflightRouting, preflightApi, preflightDiagnostics, routePreflight } from './preflight-setup';

const FILE = [
  'version: 1',
  'enterprise:',
  '  name: Preflight Test',
  'firewall:',
  '  allowlist:',
  '    - api.digicert.com',
  '    - www.digicert.com',
  '    - cloud.imprivata.com',
  '    - host: ocsp.digicert.com',
  '      port: 80',
  '      protocol: http',
  '',
].join('\n');

describe('preflight', function () {
  this.timeout(90_000);
  const testNet = new TestNet();
  const uri = () => workspaceUri('imprivata-enterprise-preflight.yaml');
  let folder: CaFolder | undefined;

  before(async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    await extensionApi();
    folder = caFolder('preflight-suite');
    const { ca } = folder;
    const https = await testNet.https(ca.issue({ names: ['api.digicert.com', 'www.digicert.com'] }));
    const refused = await testNet.closedPort();
    const ocsp = await testNet.http(200);
    await routePreflight(folder, 2000, [
      `api.digicert.com:443:127.0.0.1:${https.port}`,
      `www.digicert.com:443:127.0.0.1:${https.port}`,
      `cloud.imprivata.com:443:127.0.0.1:${refused}`,
      `ocsp.digicert.com:80:127.0.0.1:${ocsp.port}`,
    ]);
    await writeFile(uri(), FILE);
  });

  after(async () => {
    testNet.close();
    await closeAllEditors();
    if (vscode.workspace.isTrusted) {
      await clearPreflightRouting();
      await removeIfExists(uri());
    }
    folder?.remove();
  });

  it('runs every check against the local servers: report view, diagnostics on the failing lines, log', async () => {
    const preflight = await preflightApi();
    const editor = await openInEditor(uri());
    const started = Date.now();
    const outcome = (await vscode.commands.executeCommand('imprivata.preflight.runAll', uri())) as { report: PreflightReport } | undefined;
    assert.ok(outcome, 'the command returned no report');
    assert.deepEqual(
      outcome.report.checks.map((c) => `${c.line} ${c.target} ${c.status}`),
      [
        '6 api.digicert.com:443 (HTTPS) pass',
        '7 www.digicert.com:443 (HTTPS) pass',
        '8 cloud.imprivata.com:443 (HTTPS) fail',
        '9 ocsp.digicert.com:80 (HTTP) pass',
      ],
    );
    assert.match(outcome.report.ranFrom, /this workstation, not the appliance/);
    assert.ok(Date.now() - started < 20_000);

    const items = preflight.reportItems();
    assert.deepEqual(
      items.map((i) => `${i.label} ${i.status}`),
      [
        'api.digicert.com:443 (HTTPS) pass',
        'www.digicert.com:443 (HTTPS) pass',
        'cloud.imprivata.com:443 (HTTPS) fail',
        'ocsp.digicert.com:80 (HTTP) pass',
      ],
    );
    assert.deepEqual(
      items[0].children.map((c) => `${c.label} ${c.status}`),
      ['dns pass', 'tcp pass', 'tls pass', 'http pass'],
    );
    assert.match(items[2].children[1].detail, /was refused/);

    const diagnostics = await waitFor(
      () => {
        const found = preflightDiagnostics(uri());
        return found.length ? found : undefined;
      },
      [vscode.languages.onDidChangeDiagnostics],
      10_000,
      () => 'preflight diagnostics',
    );
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.severity}`),
      [`7:4-25 ${vscode.DiagnosticSeverity.Error}`],
    );
    assert.match(
      diagnostics[0].message,
      /^cloud\.imprivata\.com:443 \(HTTPS\): TCP failed: the connection to 127\.0\.0\.1:\d+ was refused/,
    );

    // An edit above moves the diagnostic with its line; an edit of the line itself removes it.
    await replaceText(editor.document, '  name: Preflight Test', '  name: Preflight Test\n  region: us');
    await waitFor(
      () => (preflightDiagnostics(uri())[0]?.range.start.line === 8 ? true : undefined),
      [vscode.languages.onDidChangeDiagnostics],
      5_000,
      () => `the diagnostic to move to line 9; it is at ${preflightDiagnostics(uri())[0]?.range.start.line}`,
    );
    await replaceText(editor.document, 'cloud.imprivata.com', 'cloud.imprivata.com ');
    await waitFor(
      () => (preflightDiagnostics(uri()).length === 0 ? true : undefined),
      [vscode.languages.onDidChangeDiagnostics],
      5_000,
      () => 'the diagnostic of the edited line to go',
    );
  });

  it('exports the last report as Markdown and JSON', async () => {
    const markdown = (await vscode.commands.executeCommand('imprivata.preflight.exportMarkdown')) as vscode.TextDocument;
    assert.strictEqual(markdown.languageId, 'markdown');
    assert.match(
      markdown.getText(),
      /^# Imprivata preflight: imprivata-enterprise-preflight\.yaml\n\nRun from this workstation, not the appliance/,
    );
    assert.match(markdown.getText(), /\| FAIL \| `cloud\.imprivata\.com:443 \(HTTPS\)` \| 8 \|/);
    const json = (await vscode.commands.executeCommand('imprivata.preflight.exportJson')) as vscode.TextDocument;
    const report = JSON.parse(json.getText()) as PreflightReport;
    assert.deepEqual(report.counts, { pass: 3, warn: 0, fail: 1, skipped: 0 });
  });

  it('copies the firewall ticket', async () => {
    const text = (await vscode.commands.executeCommand('imprivata.preflight.copyFirewallTicket', uri())) as string;
    assert.match(text, /^# Firewall change request: Imprivata appliances/);
    assert.strictEqual(await vscode.env.clipboard.readText(), text);
    assert.match(text, /\| `ocsp\.digicert\.com` \| 80 \| TCP \(HTTP\) \| outbound \|/);
  });

  it('a CodeLens above firewall: runs the host checks', async () => {
    // The first test edited the buffer above `firewall:`: the lens follows the text as it is now.
    const lines = (await vscode.workspace.openTextDocument(uri())).getText().split('\n');
    const firewall = lines.findIndex((l) => l.startsWith('firewall:'));
    assert.ok(firewall >= 3, `no firewall: line in ${lines.join(' / ')}`);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri());
    const ours = lenses.filter((l) => l.command?.command.startsWith('imprivata.preflight.'));
    assert.deepEqual(
      ours.map((l) => `${l.range.start.line} ${l.command?.command}`),
      [`${firewall} imprivata.preflight.runSection`, `${firewall} imprivata.preflight.copyFirewallTicket`],
    );
    assert.deepEqual(ours[0].command?.arguments?.[1], ['hosts']);
  });

  it('the walkthrough follows the vendor guides: allowlist, Cloud Connect, integration, IdP, SMTP, proofing', () => {
    const manifest = vscode.extensions.getExtension('imprivata-config.imprivata-config')?.packageJSON as {
      contributes: { walkthroughs: { steps: { id: string; media: { markdown?: string } }[] }[] };
    };
    const steps = manifest.contributes.walkthroughs[0].steps;
    assert.deepEqual(
      steps.map((s) => s.id),
      ['allowlist', 'cloudConnect', 'integration', 'identityProvider', 'smtp', 'proofing'],
    );
  });
});

describe('@untrusted preflight in Restricted Mode', () => {
  it('refuses with a message that says why and how to trust', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const preflight = await preflightApi();
    const file = workspaceUri('examples', 'imprivata-enterprise.yaml');
    await openInEditor(file);
    const outcome = await vscode.commands.executeCommand('imprivata.preflight.runAll', file);
    assert.strictEqual(outcome, undefined);
    assert.match(String(preflight.lastRefusal()), /does not run in Restricted Mode.*Trust this workspace/);
    assert.strictEqual(preflightDiagnostics(file).length, 0);
    await closeAllEditors();
  });
});
