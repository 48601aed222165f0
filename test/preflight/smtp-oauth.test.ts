import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigDocument } from '../../server/src/core/document';
import { createPorts, runPreflight } from '../../server/src/preflight/run';
import type { PreflightOptions } from '../../server/src/preflight/run';
import type { CheckResult } from '../../server/src/preflight/types';
import { MailNet } from './support/mail-servers';
import { createCa } from './support/pki';
import type { TestCa } from './support/pki';
import { testResolver } from './support/servers';
import { basicYaml, oauthYaml } from './support/configs';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  EXPIRED_SECRET,
  NO_CONSENT_CLIENT,
  ODD_CLIENT,
  TOKEN_TENANT,
  TokenEndpoint,
} from './support/token-endpoint';

const TIMEOUT = 1500;
const PASSWORD = 'Relay-Passw0rd!test';

describe('preflight: mail server (SMTP) and OAuth2 token against real servers on 127.0.0.1', function () {
  this.timeout(60_000);
  const mail = new MailNet();
  let ca: TestCa;
  let rogue: TestCa;
  let tmp: string;
  let caFile: string;
  let tokens: TokenEndpoint;
  const resolver = testResolver({});
  const ports: Record<string, number> = {};
  let received: Record<string, { logins: { method: string; user: string }[]; messages: { from: string; to: string[] }[] }>;

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'imprivata-smtp-'));
    ca = createCa('Imprivata Config Test Root CA');
    rogue = createCa('Corp TLS Inspection CA');
    caFile = path.join(tmp, 'test-ca.pem');
    writeFileSync(caFile, ca.cert);
    const names = ['smtp.example.org', 'smtp.office365.com'];
    const issued = ca.issue({ names });
    const accounts = { 'relay@example.org': PASSWORD };
    tokens = new TokenEndpoint(ca.issue({ names: ['login.microsoftonline.com', 'login.microsoftonline.us'] }));
    await tokens.listen();
    const starttls = await mail.smtp({ issued, accounts });
    const implicit = await mail.smtp({ issued, accounts, secure: true });
    const tls13 = await mail.smtp({ issued, accounts, minVersion: 'TLSv1.3' });
    const noStartTls = await mail.smtp({ issued, accounts, hideStartTls: true });
    const untrusted = await mail.smtp({ issued: rogue.issue({ names }), accounts });
    const sendAs = await mail.smtp({
      issued,
      accounts,
      rejectRecipient: {
        code: 554,
        message: '5.2.252 SendAsDenied; relay@example.org not allowed to send as imprivata-noreply@example.org',
      },
    });
    const exchange = await mail.smtp({
      issued,
      authMethods: ['LOGIN', 'XOAUTH2'],
      acceptToken: (user, token) => user === 'svc-imprivata-mail@example.org' && tokens.issued.includes(token),
    });
    Object.assign(ports, {
      starttls: starttls.port,
      implicit: implicit.port,
      tls13: tls13.port,
      noStartTls: noStartTls.port,
      untrusted: untrusted.port,
      sendAs: sendAs.port,
      exchange: exchange.port,
      noBanner: await mail.noBanner(),
      endless: await mail.endlessContinuation(),
      stalledTls: await mail.stalledStartTls(),
    });
    received = { starttls: starttls.received, exchange: exchange.received, sendAs: sendAs.received };
  });
  after(() => {
    mail.close();
    tokens.close();
    rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(resolver.refused, [], 'a check asked for a name outside the test network');
  });

  async function check(
    yaml: string,
    server: string,
    options: PreflightOptions = {},
    family: 'smtp' | 'oauth' = 'smtp',
  ): Promise<CheckResult> {
    const port = /port: (\d+)/.exec(yaml)?.[1] ?? '587';
    const host = /mode: oauth2/.test(yaml) ? 'smtp.office365.com' : 'smtp.example.org';
    const opts: PreflightOptions = {
      only: [family],
      caFiles: [caFile],
      env: { IMPRIVATA_SMTP_PASSWORD: PASSWORD, IMPRIVATA_SMTP_CLIENT_SECRET: CLIENT_SECRET },
      connectTo: [
        `${host}:${port}:127.0.0.1:${ports[server] ?? 9}`,
        `login.microsoftonline.com:443:127.0.0.1:${tokens.port}`,
        `login.microsoftonline.us:443:127.0.0.1:${tokens.port}`,
      ],
      timeoutMs: TIMEOUT,
      ...options,
    };
    const report = await runPreflight(
      new ConfigDocument(yaml, path.join(tmp, 'imprivata-enterprise.yaml')),
      'imprivata-enterprise.yaml',
      opts,
      createPorts(opts, { resolver }),
    );
    assert.equal(report.checks.length, 1);
    return report.checks[0];
  }
  const stepsOf = (r: CheckResult) => r.steps.map((s) => `${s.name}:${s.status}`).join(' ');
  const detail = (r: CheckResult, name: string) => r.steps.find((s) => s.name === name)?.detail ?? '';

  describe('SMTP', () => {
    it('STARTTLS: greeting, EHLO, STARTTLS, TLS 1.2 (the cap), EHLO again, AUTH advertised; no sign-in unless asked', async () => {
      const started = Date.now();
      const result = await check(basicYaml(), 'starttls');
      const ms = Date.now() - started;
      assert.equal(result.status, 'pass', result.summary);
      assert.equal(result.kind, 'smtp');
      assert.equal(result.line, 4);
      assert.equal(result.target, 'smtp.example.org:587 (SMTP)');
      assert.equal(
        stepsOf(result),
        'dns:pass tcp:pass banner:pass ehlo:pass starttls:pass tls:pass ehlo after tls:pass auth:pass login:skipped',
      );
      assert.match(detail(result, 'banner'), /^220 ".*test mail server ready": the service is ready$/);
      assert.match(detail(result, 'ehlo'), /^250 .*: the request completed; extensions: .*STARTTLS/);
      assert.match(detail(result, 'starttls'), /^offered in EHLO; 220 .*: the service is ready$/);
      assert.match(
        detail(result, 'tls'),
        /^TLSv1\.2 \(capped at TLS 1\.2, as the appliance\), certificate "CN=smtp\.example\.org" issued by "CN=Imprivata Config Test Root CA/,
      );
      assert.match(detail(result, 'auth'), /AUTH PLAIN LOGIN advertised; the configured sign-in uses PLAIN or LOGIN/);
      assert.match(
        result.summary,
        /^smtp\.example\.org:587 answers as the appliance needs: 220 greeting, EHLO, STARTTLS with TLSv1\.2, AUTH PLAIN\/LOGIN\.$/,
      );
      assert.equal(received.starttls.logins.length, 0, 'signed in without being asked');
      console.log(`      SMTP check (STARTTLS, no sign-in) against smtp-server: ${ms} ms`);
    });

    it('--smtp-login: signs in with the password from the environment', async () => {
      const result = await check(basicYaml(), 'starttls', { smtpLogin: true });
      assert.equal(result.status, 'pass', result.summary);
      assert.match(stepsOf(result), /auth:pass login:pass$/);
      assert.equal(detail(result, 'login'), 'signed in as relay@example.org with AUTH PLAIN');
      assert.deepEqual(received.starttls.logins.at(-1), { method: 'PLAIN', user: 'relay@example.org' });
    });

    it('a wrong password: 535 explained in words', async () => {
      const result = await check(basicYaml(), 'starttls', { smtpLogin: true, env: { IMPRIVATA_SMTP_PASSWORD: 'not-the-password' } });
      assert.equal(result.status, 'fail');
      assert.equal(result.line, 8, 'the diagnostic sits on smtp.password');
      assert.match(
        result.summary,
        /^Sign-in failed: AUTH PLAIN as relay@example\.org: 535 5\.7\.3 "Authentication unsuccessful": authentication unsuccessful: wrong credentials/,
      );
    });

    it('the password variable unset: the sign-in is skipped naming the variable', async () => {
      const result = await check(basicYaml(), 'starttls', { smtpLogin: true, env: {} });
      assert.equal(result.status, 'warn');
      assert.match(stepsOf(result), /login:skipped$/);
      assert.match(result.summary, /smtp\.password needs the environment variable `IMPRIVATA_SMTP_PASSWORD`, which is not set/);
    });

    it('--smtp-send-to: signs in and sends a test message to the typed address only', async () => {
      const result = await check(basicYaml(), 'starttls', { smtpSendTo: 'it-team@example.org' });
      assert.equal(result.status, 'pass', result.summary);
      assert.match(stepsOf(result), /login:pass send:pass$/);
      assert.match(
        detail(result, 'send'),
        /^a test message from imprivata-noreply@example\.org to it-team@example\.org was accepted: 250 .*Queued as TEST1/,
      );
      assert.deepEqual(received.starttls.messages.at(-1)?.to, ['it-team@example.org']);
    });

    it('Send As refused: the reply code and what to do', async () => {
      const result = await check(basicYaml(), 'sendAs', { smtpSendTo: 'it-team@example.org' });
      assert.equal(result.status, 'fail');
      assert.match(
        result.summary,
        /^The test message failed: RCPT TO from imprivata-noreply@example\.org to it-team@example\.org: 554 5\.2\.252 .*SendAsDenied: the account may not send as this From address; grant it Send As on the mailbox/,
      );
      assert.equal(received.sendAs.messages.length, 0);
    });

    it('a TLS 1.3-only server: the 1.2 cap cannot meet it, said so', async () => {
      const result = await check(basicYaml(), 'tls13');
      assert.equal(result.status, 'fail');
      assert.match(stepsOf(result), /starttls:pass tls:fail$/);
      assert.match(
        result.summary,
        /^TLS failed: the server and a client capped at TLS 1\.2 share no TLS version \(.*\); the server accepts only TLS 1\.3, which the appliance cannot negotiate/,
      );
    });

    it('a server that offers no STARTTLS, with useTls: true: fail', async () => {
      const result = await check(basicYaml(), 'noStartTls');
      assert.equal(result.status, 'fail');
      assert.match(stepsOf(result), /ehlo:pass starttls:fail$/);
      assert.match(result.summary, /^STARTTLS failed: smtp\.example\.org:587 does not offer STARTTLS/);
    });

    it('an untrusted certificate after STARTTLS: fail, nothing sent on it', async () => {
      const result = await check(basicYaml(), 'untrusted', { smtpLogin: true });
      assert.equal(result.status, 'fail');
      assert.match(stepsOf(result), /starttls:pass tls:fail$/);
      assert.match(result.summary, /^TLS failed: the mail server's certificate chain is not trusted \(/);
    });

    it('implicit TLS on port 465: TLS first (verified, capped), then the dialogue', async () => {
      const result = await check(basicYaml({ port: '465' }), 'implicit', { smtpLogin: true });
      assert.equal(result.status, 'pass', result.summary);
      assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:pass banner:pass ehlo:pass auth:pass login:pass');
      assert.match(detail(result, 'tls'), /^TLSv1\.2, certificate "CN=smtp\.example\.org"/);
    });

    it('useTls: false: no STARTTLS, and the summary says mail goes in clear text', async () => {
      const result = await check(basicYaml({ useTls: 'false', username: '', password: '' }), 'noStartTls');
      assert.equal(result.status, 'pass', result.summary);
      assert.match(stepsOf(result), /ehlo:pass starttls:skipped auth:pass$/);
      assert.match(result.summary, /in clear text \(useTls: false\)/);
    });

    describe('hostile servers end within their timeout, with a named failure', () => {
      const within = (started: number) => {
        const ms = Date.now() - started;
        assert.ok(ms < TIMEOUT * 1.5, `took ${ms} ms with a ${TIMEOUT} ms timeout`);
        return ms;
      };

      it('no greeting', async () => {
        const started = Date.now();
        const result = await check(basicYaml(), 'noBanner');
        const ms = within(started);
        assert.equal(result.status, 'fail');
        assert.match(stepsOf(result), /tcp:pass banner:fail$/);
        assert.match(
          result.summary,
          /^The greeting timed out: the connection opened but the server sent no 220 greeting \(no answer within 1500 ms\)/,
        );
        console.log(`      no greeting: ${ms} ms (timeout ${TIMEOUT} ms)`);
      });

      it('an endless continuation line', async () => {
        const started = Date.now();
        const heap = process.memoryUsage().heapUsed;
        const result = await check(basicYaml(), 'endless');
        const ms = within(started);
        assert.equal(result.status, 'fail');
        assert.match(stepsOf(result), /banner:pass ehlo:fail$/);
        assert.match(
          result.summary,
          /^EHLO (failed: the server's answer grew past 64 KB without ending \(an endless continuation line\)|timed out: no complete answer to EHLO)/,
        );
        assert.ok(process.memoryUsage().heapUsed - heap < 64 * 1024 * 1024, 'memory grew');
        console.log(`      endless continuation line: ${ms} ms (timeout ${TIMEOUT} ms)`);
      });

      it('STARTTLS that never completes', async () => {
        const started = Date.now();
        const result = await check(basicYaml(), 'stalledTls');
        const ms = within(started);
        assert.equal(result.status, 'fail');
        assert.match(stepsOf(result), /starttls:pass tls:fail$/);
        assert.match(result.summary, /^TLS timed out: the server accepted STARTTLS but the TLS handshake did not finish/);
        console.log(`      STARTTLS never completing: ${ms} ms (timeout ${TIMEOUT} ms)`);
      });
    });
  });

  describe('OAuth2 token (client credentials) and Exchange-style XOAUTH2', () => {
    it('a token for Exchange Online: the request as Entra expects it; the token is never in the report', async () => {
      const started = Date.now();
      const result = await check(oauthYaml(), 'exchange', {}, 'oauth');
      const ms = Date.now() - started;
      assert.equal(result.status, 'pass', result.summary);
      assert.equal(result.kind, 'oauth2');
      assert.equal(result.target, `login.microsoftonline.com/${TOKEN_TENANT} (OAuth2 token)`);
      assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:pass token:pass claims:pass');
      assert.match(
        result.summary,
        /^Entra ID issued a token for Exchange Online \(tenant .*, role SMTP\.SendAsApp\); the token itself is never shown\.$/,
      );
      assert.deepEqual(tokens.requests.at(-1), {
        tenant: TOKEN_TENANT,
        clientId: CLIENT_ID,
        scope: 'https://outlook.office365.com/.default',
        grantType: 'client_credentials',
      });
      const text = JSON.stringify(result);
      for (const token of tokens.issued) assert.ok(!text.includes(token) && !text.includes(token.split('.')[1]), 'the token leaked');
      assert.ok(!text.includes(CLIENT_SECRET));
      console.log(`      OAuth2 token check against the local token endpoint: ${ms} ms`);
    });

    const cases: [string, Record<string, string>, Record<string, string>, RegExp, number][] = [
      [
        '90002 tenant not found',
        { tenantId: '99999999-9999-4999-8999-999999999999' },
        {},
        /^No token: AADSTS90002: tenant not found: Entra ID at login\.microsoftonline\.com knows no tenant `99999999-/,
        6,
      ],
      [
        '700016 application not found',
        { clientId: '11111111-1111-4111-8111-111111111111' },
        {},
        /^No token: AADSTS700016: application not found: no application `11111111-/,
        5,
      ],
      [
        '7000215 with a GUID: the secret ID pasted',
        {},
        { IMPRIVATA_SMTP_CLIENT_SECRET: '5b7c9d1e-3f5a-4b7c-9d1e-3f5a7b9c1d3e' },
        /^No token: AADSTS7000215: wrong client secret: the secret's ID was pasted instead of its value/,
        8,
      ],
      [
        '7000215 with another value',
        {},
        { IMPRIVATA_SMTP_CLIENT_SECRET: 'wrong~secret~value' },
        /^No token: AADSTS7000215: wrong client secret: Entra ID rejected the secret/,
        8,
      ],
      [
        '7000222 expired secret',
        {},
        { IMPRIVATA_SMTP_CLIENT_SECRET: EXPIRED_SECRET },
        /^No token: AADSTS7000222: the client secret has expired/,
        8,
      ],
      [
        'another code: shown as sent',
        { clientId: ODD_CLIENT },
        {},
        /^No token: AADSTS700027: Client assertion failed signature validation\. \(as sent by Entra ID\)\.$/,
        6,
      ],
    ];
    for (const [name, fields, env, expected, line] of cases) {
      it(`AADSTS ${name}, on the line concerned`, async () => {
        const result = await check(
          oauthYaml(fields),
          'exchange',
          { env: { IMPRIVATA_SMTP_CLIENT_SECRET: CLIENT_SECRET, ...env } },
          'oauth',
        );
        assert.equal(result.status, 'fail');
        assert.match(result.summary, expected);
        assert.equal(result.line, line);
        for (const value of Object.values(env)) assert.ok(!JSON.stringify(result).includes(value), 'the secret leaked');
      });
    }

    it('a token without the SMTP.SendAsApp role: warn (admin consent missing)', async () => {
      const result = await check(oauthYaml({ clientId: NO_CONSENT_CLIENT }), 'exchange', {}, 'oauth');
      assert.equal(result.status, 'warn');
      assert.match(result.summary, /carries no SMTP\.SendAsApp role: grant the application/);
    });

    it('the secret variable unset: skipped, naming it', async () => {
      const result = await check(oauthYaml(), 'exchange', { env: {} }, 'oauth');
      assert.equal(result.status, 'skipped');
      assert.match(result.summary, /smtp\.secret needs the environment variable `IMPRIVATA_SMTP_CLIENT_SECRET`, which is not set/);
      assert.equal(result.line, 8);
    });

    it('--authority-host: a sovereign cloud login host', async () => {
      const result = await check(oauthYaml(), 'exchange', { authorityHost: 'login.microsoftonline.us' }, 'oauth');
      assert.equal(result.status, 'pass', result.summary);
      assert.equal(result.target, `login.microsoftonline.us/${TOKEN_TENANT} (OAuth2 token)`);
      assert.match(result.steps[0].detail, /login\.microsoftonline\.us:443 goes to 127\.0\.0\.1/);
    });

    it('SMTP with mode oauth2 and --smtp-login: STARTTLS, XOAUTH2 advertised, the token, the XOAUTH2 sign-in', async () => {
      const result = await check(oauthYaml(), 'exchange', { smtpLogin: true });
      assert.equal(result.status, 'pass', result.summary);
      assert.equal(result.target, 'smtp.office365.com:587 (SMTP, OAuth2)');
      assert.equal(
        stepsOf(result),
        'dns:pass tcp:pass banner:pass ehlo:pass starttls:pass tls:pass ehlo after tls:pass auth:pass dns:pass tcp:pass tls:pass token:pass claims:pass login:pass',
      );
      assert.equal(detail(result, 'login'), 'signed in as svc-imprivata-mail@example.org with AUTH XOAUTH2');
      assert.deepEqual(received.exchange.logins.at(-1), { method: 'XOAUTH2', user: 'svc-imprivata-mail@example.org' });
      for (const token of tokens.issued) assert.ok(!JSON.stringify(result).includes(token));
    });
  });
});
