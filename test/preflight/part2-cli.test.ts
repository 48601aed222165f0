import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DocumentServer, ENTRA_HOST, ENTRA_PATH, ENTRA_URL, metadataXml, signingCert } from './support/documents';
import { MailNet } from './support/mail-servers';
import { runCli } from './support/cli-runs';
import { caFolder } from './support/pki';
import type { CaFolder } from './support/pki';
import { CLIENT_ID, CLIENT_SECRET, TOKEN_TENANT, TokenEndpoint } from './support/token-endpoint';

const CONFIG = [
  'version: 1',
  'identityProvider:',
  '  type: entra-id',
  '  organizationDomain: example.org',
  `  metadataUrl: ${ENTRA_URL}`,
  'smtp:',
  '  mode: oauth2',
  '  from: imprivata-noreply@example.org',
  `  clientId: ${CLIENT_ID}`,
  `  tenantId: ${TOKEN_TENANT}`,
  '  username: svc-imprivata-mail@example.org',
  '  secret: ${env:IMPRIVATA_SMTP_CLIENT_SECRET}',
  '',
].join('\n');

describe('CLI preflight --only idp,smtp,oauth (real process, real servers on 127.0.0.1)', function () {
  this.timeout(120_000);
  const mail = new MailNet();
  let tokens: TokenEndpoint;
  let documents: DocumentServer;
  let folder: CaFolder;
  let tmp: string;
  let caFile: string;
  let file: string;
  let routes: string[];

  before(async () => {
    folder = caFolder('part2-cli');
    const { ca } = folder;
    ({ dir: tmp, caFile } = folder);
    // One HTTPS name, two services: the metadata and the token endpoint share login.microsoftonline.com.
    tokens = new TokenEndpoint(ca.issue({ names: [ENTRA_HOST] }));
    await tokens.listen();
    documents = new DocumentServer(ca.issue({ names: [ENTRA_HOST] }), {
      [ENTRA_PATH]: { body: metadataXml({ signing: [signingCert(ca, 'idp-signing.example.org', -30, 700).cert] }) },
    });
    await documents.listen();
    const exchange = await mail.smtp({
      issued: ca.issue({ names: ['smtp.office365.com'] }),
      authMethods: ['LOGIN', 'XOAUTH2'],
      acceptToken: (_u, t) => tokens.issued.includes(t),
    });
    file = path.join(tmp, 'imprivata-enterprise.yaml');
    writeFileSync(file, CONFIG);
    // The metadata and the token endpoint are told apart by --resolve/--connect-to per check: the metadata run
    // and the token run each route login.microsoftonline.com where their server is.
    routes = ['--connect-to', `smtp.office365.com:587:127.0.0.1:${exchange.port}`];
  });
  after(() => {
    mail.close();
    tokens.close();
    documents.close();
    folder.remove();
  });

  it('every family from the CLI: text output, exit 0, and the wall time of the run', async () => {
    const env = { IMPRIVATA_SMTP_CLIENT_SECRET: CLIENT_SECRET };
    const started = Date.now();
    const idp = await runCli(
      ['preflight', file, '--only', 'idp', '--ca', caFile, '--connect-to', `${ENTRA_HOST}:443:127.0.0.1:${documents.port}`],
      env,
    );
    const idpMs = Date.now() - started;
    assert.equal(idp.status, 0, idp.stdout + idp.stderr);
    assert.match(
      idp.stdout,
      /^PASS {2}login\.microsoftonline\.com\/.*federationmetadata\.xml \(SAML metadata\) +line 5 +SAML 2\.0 metadata of/m,
    );
    const mailStarted = Date.now();
    const smtp = await runCli(
      [
        'preflight',
        file,
        '--only',
        'smtp,oauth',
        '--smtp-login',
        '--ca',
        caFile,
        '--connect-to',
        `${ENTRA_HOST}:443:127.0.0.1:${tokens.port}`,
        ...routes,
      ],
      env,
    );
    const mailMs = Date.now() - mailStarted;
    assert.equal(smtp.status, 0, smtp.stdout + smtp.stderr);
    const lines = smtp.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(
      lines[0],
      /^PASS {2}smtp\.office365\.com:587 \(SMTP, OAuth2\) +line 7 +smtp\.office365\.com:587 answers as the appliance needs: .*sign-in\. +\(\d+ ms\)$/,
    );
    assert.match(lines[1], /^PASS {2}login\.microsoftonline\.com\/.* \(OAuth2 token\) +line 10 +Entra ID issued a token/);
    assert.match(lines[2], /2 passed, 0 warned, 0 failed, 0 skipped\.$/);
    console.log(`      CLI wall times, process included: --only idp ${idpMs} ms; --only smtp,oauth --smtp-login ${mailMs} ms`);
  });

  it('a missing secret skips the step, naming the variable; exit 0 (nothing failed)', async () => {
    const { status, stdout } = await runCli(['preflight', file, '--only', 'oauth', '--format', 'json', '--ca', caFile]);
    assert.equal(status, 0, stdout);
    const report = JSON.parse(stdout) as { checks: { status: string; summary: string; line: number }[] };
    assert.equal(report.checks[0].status, 'skipped');
    assert.match(report.checks[0].summary, /smtp\.secret needs the environment variable `IMPRIVATA_SMTP_CLIENT_SECRET`, which is not set/);
    assert.equal(report.checks[0].line, 12);
  });

  it('usage errors of the new options: exit 2 with the reason', async () => {
    const cases: [string[], RegExp][] = [
      [['--smtp-send-to', 'not an address'], /--smtp-send-to expects an email address/],
      [['--smtp-send-to', 'a@b.org>\r\nRCPT TO:<c@d.org'], /--smtp-send-to expects an email address/],
      [['--authority-host', 'https://login.microsoftonline.com/'], /--authority-host expects a host name/],
      [['--smtp-login=yes'], /--smtp-login takes no value/],
      [['--only', 'logo'], /"logo" checks are not available in this version yet/],
    ];
    for (const [args, expected] of cases) {
      const { status, stderr } = await runCli(['preflight', file, ...args]);
      assert.equal(status, 2, args.join(' '));
      assert.match(stderr, expected);
      assert.doesNotMatch(stderr, /\n\s+at /, 'a stack trace');
    }
    const help = await runCli(['preflight', '--help']);
    assert.match(help.stdout, /--smtp-login[\s\S]*--smtp-send-to ADDR[\s\S]*--authority-host HOST/);
  });
});
