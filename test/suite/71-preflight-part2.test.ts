// Preflight part 2 in a real VS Code: the identity-provider and mail-server commands against servers this test
// starts on 127.0.0.1 (the file's real host names routed there with the connectTo setting, the test CA trusted
// with caFiles); the password comes from SecretStorage (stored with the command), the test message goes to the
// address given; the report view fills, failures land as diagnostics on the line concerned, and the CodeLenses
// sit above identityProvider: and smtp:.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PreflightReport } from '../../server/src/preflight/types';
import { DocumentServer, ENTRA_HOST, ENTRA_PATH, ENTRA_URL, metadataXml, signingCert } from '../preflight/support/documents';
import { MailNet } from '../preflight/support/mail-servers';
import type { Received } from '../preflight/support/mail-servers';
import { caFolder } from '../preflight/support/pki';
import type { CaFolder } from '../preflight/support/pki';
import { closeAllEditors, extensionApi, openInEditor, removeIfExists, waitFor, workspaceUri, writeFile } from './helpers';
import { clearPreflightRouting, preflightApi, preflightDiagnostics, routePreflight } from './preflight-setup';

const PASSWORD = 'Suite-Relay-Passw0rd~71';
const VARIABLE = 'IMPRIVATA_SUITE_SMTP_PASSWORD';

const FILE = [
  'version: 1',
  'identityProvider:',
  '  type: entra-id',
  '  organizationDomain: example.org',
  `  metadataUrl: ${ENTRA_URL}`,
  'smtp:',
  '  mode: basic',
  '  server: smtp.example.org',
  '  port: 587',
  '  useTls: true',
  '  username: relay@example.org',
  `  password: \${env:${VARIABLE}}`,
  '  from: imprivata-noreply@example.org',
  '',
].join('\n');

describe('preflight part 2: identity provider, mail server, secrets', function () {
  this.timeout(90_000);
  const mail = new MailNet();
  let documents: DocumentServer;
  let received: Received;
  const uri = () => workspaceUri('imprivata-enterprise-preflight2.yaml');
  const expiredUri = () => workspaceUri('imprivata-enterprise-preflight2-expired.yaml');
  let folder: CaFolder | undefined;

  before(async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    await extensionApi();
    folder = caFolder('preflight2-suite');
    const { ca } = folder;
    documents = new DocumentServer(ca.issue({ names: [ENTRA_HOST] }), {
      [ENTRA_PATH]: { body: metadataXml({ signing: [signingCert(ca, 'idp-signing.example.org', -30, 700).cert] }) },
      '/expired.xml': { body: metadataXml({ signing: [signingCert(ca, 'idp-old.example.org', -400, -3).cert] }) },
    });
    await documents.listen();
    const relay = await mail.smtp({ issued: ca.issue({ names: ['smtp.example.org'] }), accounts: { 'relay@example.org': PASSWORD } });
    received = relay.received;
    await routePreflight(folder, 3000, [`${ENTRA_HOST}:443:127.0.0.1:${documents.port}`, `smtp.example.org:587:127.0.0.1:${relay.port}`]);
    await writeFile(uri(), FILE);
    await writeFile(expiredUri(), FILE.replace(ENTRA_URL, `https://${ENTRA_HOST}/expired.xml`).replace('type: entra-id', 'type: saml'));
  });

  after(async () => {
    mail.close();
    documents?.close();
    await closeAllEditors();
    if (vscode.workspace.isTrusted) {
      await clearPreflightRouting();
      await removeIfExists(uri());
      await removeIfExists(expiredUri());
    }
    folder?.remove();
  });

  it("checks the identity provider's metadata: the report view shows every step", async () => {
    const preflight = await preflightApi();
    await openInEditor(uri());
    const outcome = (await vscode.commands.executeCommand('imprivata.preflight.checkIdentityProvider', uri())) as
      { report: PreflightReport } | undefined;
    assert.ok(outcome, 'the command returned no report');
    assert.deepEqual(
      outcome.report.checks.map((c) => `${c.line} ${c.kind} ${c.status}`),
      ['5 idp-metadata pass'],
    );
    const items = preflight.reportItems();
    assert.equal(items.length, 1);
    assert.deepEqual(
      items[0].children.map((c) => `${c.label} ${c.status}`),
      [
        'dns pass',
        'tcp pass',
        'tls pass',
        'http pass',
        'xml pass',
        'root pass',
        'idp pass',
        'certificate 1 pass',
        'sso pass',
        'entra pass',
      ],
    );
    assert.strictEqual(preflightDiagnostics(uri()).length, 0);
  });

  it('an expired signing certificate: an error diagnostic on the metadataUrl line, naming the certificate', async () => {
    await openInEditor(expiredUri());
    const outcome = (await vscode.commands.executeCommand('imprivata.preflight.checkIdentityProvider', expiredUri())) as {
      report: PreflightReport;
    };
    assert.equal(outcome.report.checks[0].status, 'fail');
    const diagnostics = await waitFor(
      () => {
        const found = preflightDiagnostics(expiredUri());
        return found.length ? found : undefined;
      },
      [vscode.languages.onDidChangeDiagnostics],
      10_000,
      () => 'preflight diagnostics',
    );
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line} ${d.severity} ${String(d.code)}`),
      [`4 ${vscode.DiagnosticSeverity.Error} preflight-idp-metadata`],
    );
    assert.match(diagnostics[0].message, /Its only signing certificate expired: "CN=idp-old\.example\.org" \(not after \d{4}-\d\d-\d\d\)/);
  });

  it('the mail server without the secret: the sign-in is skipped, naming the variable and the command that stores it', async () => {
    const outcome = (await vscode.commands.executeCommand('imprivata.preflight.checkMailServer', uri(), { login: true })) as {
      report: PreflightReport;
    };
    const check = outcome.report.checks[0];
    assert.equal(check.kind, 'smtp');
    assert.equal(check.status, 'warn', check.summary);
    assert.match(
      check.summary,
      new RegExp(
        `smtp\\.password needs the environment variable \`${VARIABLE}\`, which is not set \\(or store it with "Imprivata: Store a Secret for Preflight"\\)`,
      ),
    );
    assert.equal(received.logins.length, 0);
  });

  it('stores the password in SecretStorage, then signs in with it and sends a test message to the given address', async () => {
    const preflight = await preflightApi();
    const stored = await vscode.commands.executeCommand('imprivata.preflight.storeSecret', VARIABLE, PASSWORD);
    assert.strictEqual(stored, VARIABLE);
    const outcome = (await vscode.commands.executeCommand('imprivata.preflight.checkMailServer', uri(), {
      login: true,
      sendTo: 'it-team@example.org',
    })) as { report: PreflightReport };
    const check = outcome.report.checks[0];
    assert.equal(check.status, 'pass', check.summary);
    assert.deepEqual(
      check.steps.map((s) => `${s.name}:${s.status}`),
      [
        'dns:pass',
        'tcp:pass',
        'banner:pass',
        'ehlo:pass',
        'starttls:pass',
        'tls:pass',
        'ehlo after tls:pass',
        'auth:pass',
        'login:pass',
        'send:pass',
      ],
    );
    assert.match(check.steps.find((s) => s.name === 'tls')?.detail ?? '', /^TLSv1\.2 \(capped at TLS 1\.2/);
    assert.deepEqual(received.logins.at(-1), { method: 'PLAIN', user: 'relay@example.org' });
    assert.deepEqual(received.messages.at(-1)?.to, ['it-team@example.org']);
    assert.equal(preflight.reportItems()[0].status, 'pass');
    const everything = JSON.stringify(outcome) + JSON.stringify(preflight.reportItems());
    assert.ok(!everything.includes(PASSWORD) && !everything.includes(Buffer.from(PASSWORD).toString('base64')), 'the password leaked');
  });

  it('CodeLenses above identityProvider: and smtp: run their checks', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri());
    const ours = lenses.filter((l) => l.command?.command.startsWith('imprivata.preflight.'));
    assert.deepEqual(
      ours.map((l) => `${l.range.start.line} ${l.command?.command}`),
      [
        '1 imprivata.preflight.checkIdentityProvider',
        '5 imprivata.preflight.checkMailServer',
        '5 imprivata.preflight.checkMailServer',
        '5 imprivata.preflight.storeSecret',
      ],
    );
  });
});
