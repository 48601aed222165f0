import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Trace } from 'vscode-jsonrpc/node';
import { SecretOpener, sealSecrets } from '../../server/src/preflight/secret-seal';
import type { SealingKey } from '../../server/src/preflight/secret-seal';
import type { PreflightReport } from '../../server/src/preflight/types';
import { TestLspClient } from '../support/lspClient';
import { MailNet } from './support/mail-servers';
import { runCli } from './support/cli-runs';
import { caFolder } from './support/pki';
import type { CaFolder } from './support/pki';
import { basicYaml, oauthYaml } from './support/configs';
import { CLIENT_SECRET, TokenEndpoint } from './support/token-endpoint';

/** Known secret values: none of them, nor their base64 or URL-encoded forms, may appear anywhere. */
const PASSWORD = 'Gr3p-Me-If-You-Can~smtp-pw';

function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)];
}

describe('secrets: sealed for the language server, never printed, logged or written', function () {
  this.timeout(120_000);
  const mail = new MailNet();
  let tokens: TokenEndpoint;
  let folder: CaFolder;
  let tmp: string;
  let caFile: string;
  let routes: string[];
  let echoRoutes: string[];
  let basicFile: string;
  let oauthFile: string;

  before(async () => {
    folder = caFolder('secrets');
    const { ca } = folder;
    ({ dir: tmp, caFile } = folder);
    const issued = ca.issue({ names: ['smtp.example.org', 'smtp.office365.com'] });
    tokens = new TokenEndpoint(ca.issue({ names: ['login.microsoftonline.com'] }));
    await tokens.listen();
    const relay = await mail.smtp({ issued, accounts: { 'relay@example.org': PASSWORD } });
    // Refuses every sign-in and repeats the password it was given in its reply.
    const echo = await mail.smtp({ issued, accounts: {}, echoPassword: true });
    const exchange = await mail.smtp({ issued, authMethods: ['LOGIN', 'XOAUTH2'], acceptToken: (_u, t) => tokens.issued.includes(t) });
    const token = `login.microsoftonline.com:443:127.0.0.1:${tokens.port}`;
    routes = [
      '--connect-to',
      `smtp.example.org:587:127.0.0.1:${relay.port}`,
      '--connect-to',
      `smtp.office365.com:587:127.0.0.1:${exchange.port}`,
      '--connect-to',
      token,
    ];
    echoRoutes = ['--connect-to', `smtp.example.org:587:127.0.0.1:${echo.port}`, '--connect-to', token];
    basicFile = path.join(tmp, 'imprivata-enterprise-basic.yaml');
    writeFileSync(basicFile, basicYaml());
    oauthFile = path.join(tmp, 'imprivata-enterprise-oauth.yaml');
    writeFileSync(oauthFile, oauthYaml());
  });
  after(() => {
    mail.close();
    tokens.close();
    folder.remove();
  });

  it('sealing: only the server that handed out the key opens it, once', () => {
    const opener = new SecretOpener();
    const key = opener.newKey();
    const sealed = sealSecrets(key, { IMPRIVATA_SMTP_PASSWORD: PASSWORD });
    assert.ok(!JSON.stringify(sealed).includes(PASSWORD));
    assert.deepEqual(opener.open(sealed), { IMPRIVATA_SMTP_PASSWORD: PASSWORD });
    assert.throws(() => opener.open(sealed), /unknown or expired key/);
    const other = new SecretOpener();
    const foreign = sealSecrets(other.newKey(), { A: 'b' });
    assert.throws(() => opener.open(foreign), /unknown or expired key/);
    const tampered = sealSecrets(key, { A: 'b' });
    const key2 = opener.newKey();
    assert.throws(() => opener.open({ ...tampered, keyId: key2.keyId }), /could not be opened/);
  });

  it('the CLI, every format, with sign-in and a test message (and a server that echoes the password): zero hits', async () => {
    const env = { IMPRIVATA_SMTP_PASSWORD: PASSWORD, IMPRIVATA_SMTP_CLIENT_SECRET: CLIENT_SECRET };
    const outputs: string[] = [];
    let runs = 0;
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      for (const [file, extra] of [
        [basicFile, [...routes, '--smtp-send-to', 'it-team@example.org']],
        [basicFile, [...echoRoutes, '--smtp-login']],
        [oauthFile, [...routes, '--smtp-send-to', 'it-team@example.org']],
      ] as const) {
        const out = path.join(tmp, `report-${runs}.${format}`);
        const common = ['preflight', file, '--only', 'smtp,oauth', '--format', format, '--ca', caFile, '--timeout', '3000', ...extra];
        const printed = await runCli(common, env);
        const written = await runCli([...common, '--output', out], env);
        runs += 2;
        outputs.push(printed.stdout, printed.stderr, written.stdout, written.stderr);
        assert.ok(printed.status === 0 || printed.status === 1, printed.stderr);
      }
    }
    for (const name of readdirSync(tmp)) if (name.startsWith('report-')) outputs.push(readFileSync(path.join(tmp, name), 'utf8'));
    const all = outputs.join('\n');
    // The checks really ran with the secrets: the relay accepted the password, Exchange the token.
    assert.match(all, /signed in as relay@example\.org with AUTH PLAIN/);
    assert.match(all, /signed in as svc-imprivata-mail@example\.org with AUTH XOAUTH2/);
    assert.match(all, /\[secret\]/, "the echoing server's reply was scrubbed, not dropped");
    const secrets = [...forms(PASSWORD), ...forms(CLIENT_SECRET), ...tokens.issued];
    assert.ok(tokens.issued.length > 0);
    const hits = secrets.filter((s) => all.includes(s));
    assert.deepEqual(hits, [], 'a secret appeared in an output, a log or a report file');
    console.log(`      secret grep: ${runs} CLI runs (4 formats, stdout and --output), ${secrets.length} secret forms: 0 hits`);
  });

  it('the language server: secrets sealed in the request, the run signs in, and neither the LSP trace nor the answer, log or stderr holds them', async () => {
    const client = new TestLspClient(
      undefined,
      [],
      Object.fromEntries(Object.entries(process.env).filter(([k]) => !/proxy|IMPRIVATA_/i.test(k))),
    );
    let traced = '';
    await client.connection.trace(Trace.Verbose, { log: (message: string, data?: string) => (traced += `${message}\n${data ?? ''}\n`) });
    try {
      await client.initialize();
      const uri = pathToFileURL(basicFile).toString();
      const key = (await client.connection.sendRequest('workspace/executeCommand', {
        command: 'imprivata.server.preflight.sealingKey',
        arguments: [],
      })) as SealingKey;
      const sealed = sealSecrets(key, { IMPRIVATA_SMTP_PASSWORD: PASSWORD });
      const connectTo = routes.filter((_, i) => i % 2 === 1);
      const answer = (await client.connection.sendRequest('workspace/executeCommand', {
        command: 'imprivata.server.preflight.run',
        arguments: [
          {
            uri,
            only: ['smtp'],
            options: { caFiles: [caFile], connectTo, timeoutMs: 3000, smtpLogin: true, sealedSecrets: sealed, secretStorage: true },
          },
        ],
      })) as { report: PreflightReport };
      assert.equal(answer.report.checks[0].status, 'pass', answer.report.checks[0].summary);
      assert.match(JSON.stringify(answer), /signed in as relay@example\.org/);
      // The key is single-use: the same sealed secrets are refused the second time, in words.
      await assert.rejects(
        client.connection.sendRequest('workspace/executeCommand', {
          command: 'imprivata.server.preflight.run',
          arguments: [{ uri, only: ['smtp'], options: { sealedSecrets: sealed } }],
        }),
        (error: { code?: number; message?: string }) => error.code === -32602 && /unknown or expired key/.test(String(error.message)),
      );
      const all = [traced, JSON.stringify(answer), client.logs.join('\n'), client.stderr].join('\n');
      assert.match(traced, /sealedSecrets/, 'the trace saw the request');
      assert.deepEqual(
        forms(PASSWORD).filter((s) => all.includes(s)),
        [],
      );
    } finally {
      await client.shutdown();
    }
  });
});
