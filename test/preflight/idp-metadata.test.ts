import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigDocument } from '../../server/src/core/document';
import { analyzeMetadata } from '../../server/src/core/preflight/saml-metadata';
import { createPorts, runPreflight } from '../../server/src/preflight/run';
import type { PreflightOptions } from '../../server/src/preflight/run';
import type { CheckResult } from '../../server/src/preflight/types';
import {
  APP_ID,
  BILLION_LAUGHS,
  DocumentServer,
  ENTRA_HOST,
  ENTRA_PATH,
  ENTRA_URL,
  TENANT,
  aggregateXml,
  externalEntityXml,
  metadataXml,
  signingCert,
} from './support/documents';
import { createCa, days } from './support/pki';
import type { TestCa } from './support/pki';
import { testResolver } from './support/servers';

const TIMEOUT = 2000;
const now = () => new Date();
const day = (d: Date) => d.toISOString().slice(0, 10);

function configYaml(source: string, type = 'entra-id'): string {
  return ['version: 1', 'identityProvider:', `  type: ${type}`, '  organizationDomain: example.org', `  ${source}`, ''].join('\n');
}

describe('preflight: identity provider SAML metadata', function () {
  this.timeout(60_000);
  let ca: TestCa;
  let tmp: string;
  let caFile: string;
  let server: DocumentServer;
  const resolver = testResolver({ [ENTRA_HOST]: '127.0.0.1', 'idp.example.org': '127.0.0.1' });
  let valid: string;
  let expired: string;
  let expiring: string;
  let later: string;

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'imprivata-idp-'));
    ca = createCa('Imprivata Config Test Root CA');
    caFile = path.join(tmp, 'test-ca.pem');
    writeFileSync(caFile, ca.cert);
    valid = signingCert(ca, 'idp-signing.example.org', -30, 3 * 365).cert;
    expired = signingCert(ca, 'idp-old.example.org', -400, -5).cert;
    expiring = signingCert(ca, 'idp-expiring.example.org', -300, 10).cert;
    later = signingCert(ca, 'idp-next.example.org', -1, 700).cert;
    const good = metadataXml({ signing: [valid] });
    server = new DocumentServer(ca.issue({ names: [ENTRA_HOST, 'idp.example.org'] }), {
      [ENTRA_PATH]: { body: good },
      '/expired.xml': { body: metadataXml({ signing: [expired] }) },
      '/expiring.xml': { body: metadataXml({ signing: [expiring] }) },
      '/rollover.xml': { body: metadataXml({ signing: [expired, valid] }) },
      '/stale.xml': { body: metadataXml({ signing: [valid], validUntil: days(-1).toISOString() }) },
      '/sp.xml': { body: metadataXml({ spOnly: true, spCert: valid }) },
      '/aggregate.xml': { body: aggregateXml(['https://idp-a.example.org', 'https://idp-b.example.org'], good) },
      '/json': { body: '{"error":"not here"}', type: 'application/json' },
      '/bomb.xml': { body: BILLION_LAUGHS },
      '/xxe.xml': { body: externalEntityXml('file:///etc/passwd') },
      '/huge.xml': { bytes: 5 * 1024 * 1024 },
      '/loop': { redirect: '/loop' },
      '/to-http': { redirect: 'http://idp.example.org/plain.xml' },
      '/moved': { redirect: ENTRA_PATH, status: 301 },
      '/login': { body: '<!DOCTYPE html><html><body>Sign in</body></html>', type: 'text/html' },
    });
    await server.listen();
  });
  after(() => {
    server.close();
    rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(resolver.refused, [], 'a check asked for a name outside the test network');
  });

  async function check(source: string, options: PreflightOptions = {}, type = 'entra-id', file?: string): Promise<CheckResult> {
    const connectTo = [`${ENTRA_HOST}:443:127.0.0.1:${server.port}`, `idp.example.org:443:127.0.0.1:${server.port}`];
    const opts: PreflightOptions = { only: ['idp'], caFiles: [caFile], env: {}, connectTo, timeoutMs: TIMEOUT, ...options };
    const ports = createPorts(opts, { resolver });
    const doc = new ConfigDocument(configYaml(source, type), file ?? path.join(tmp, 'imprivata-enterprise.yaml'));
    const report = await runPreflight(doc, 'imprivata-enterprise.yaml', opts, ports);
    assert.equal(report.checks.length, 1);
    return report.checks[0];
  }
  const stepsOf = (r: CheckResult) => r.steps.map((s) => `${s.name}:${s.status}`).join(' ');
  const url = (p: string) => `metadataUrl: https://idp.example.org${p}`;

  describe('over HTTPS from a real server', () => {
    it('a valid Entra ID document: every step passes, the summary names the entity, the certificate and the bindings', async () => {
      const started = Date.now();
      const result = await check(`metadataUrl: ${ENTRA_URL}`);
      const ms = Date.now() - started;
      assert.equal(result.status, 'pass', result.summary);
      assert.equal(result.kind, 'idp-metadata');
      assert.equal(result.line, 5);
      assert.equal(result.target, `${ENTRA_HOST}${ENTRA_PATH} (SAML metadata)`);
      assert.equal(
        stepsOf(result),
        'dns:pass tcp:pass tls:pass http:pass xml:pass root:pass idp:pass certificate 1:pass sso:pass entra:pass',
      );
      assert.match(
        result.summary,
        new RegExp(
          `^SAML 2\\.0 metadata of \`https://sts\\.windows\\.net/${TENANT}/\`: an identity provider with 1 signing certificate \\(valid until \\d{4}-\\d\\d-\\d\\d\\) and single sign-on over HTTP-Redirect, HTTP-POST\\.$`,
        ),
      );
      assert.match(
        result.steps.find((s) => s.name === 'certificate 1')?.detail ?? '',
        /^valid: "CN=idp-signing\.example\.org" \(not after \d{4}-\d\d-\d\d\), SHA-256 /,
      );
      assert.match(
        result.steps.find((s) => s.name === 'entra')?.detail ?? '',
        new RegExp(`the URL and the entityID name tenant ${TENANT}; appid ${APP_ID}`),
      );
      console.log(`      IdP metadata check against the local HTTPS server: ${ms} ms`);
    });

    it('all signing certificates expired: fail naming each certificate and its not-after date', async () => {
      const result = await check(url('/expired.xml'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(
        result.summary,
        new RegExp(`^Its only signing certificate expired: "CN=idp-old\\.example\\.org" \\(not after ${day(days(-5))}\\)`),
      );
    });

    it('one certificate expiring within 30 days: warn', async () => {
      const result = await check(url('/expiring.xml'), {}, 'saml');
      assert.equal(result.status, 'warn', result.summary);
      assert.match(
        result.summary,
        /^The signing certificate "CN=idp-expiring\.example\.org" \(not after \d{4}-\d\d-\d\d\) expires in (9|10) days/,
      );
    });

    it('rollover (one expired, one valid): warn naming both', async () => {
      const result = await check(url('/rollover.xml'), {}, 'saml');
      assert.equal(result.status, 'warn', result.summary);
      assert.match(
        result.summary,
        /^Certificate rollover: the signing certificate "CN=idp-old\.example\.org" .* expired, next to "CN=idp-signing\.example\.org"/,
      );
      assert.equal(
        stepsOf(result)
          .split(' ')
          .filter((s) => s.startsWith('1:') || s.startsWith('2:')).length,
        2,
      );
    });

    it('validUntil in the past: fail', async () => {
      const result = await check(url('/stale.xml'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /^The metadata is stale: <EntityDescriptor> validUntil \S+ is in the past/);
    });

    it("an SP-only document: fail, it is a service provider's metadata", async () => {
      const result = await check(url('/sp.xml'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /describes a service provider \(<SPSSODescriptor>\), not an identity provider/);
    });

    it('an aggregate: fail listing the entities it holds', async () => {
      const result = await check(url('/aggregate.xml'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(
        result.summary,
        /^The metadata is an aggregate \(<EntitiesDescriptor>\) of 2 entities \(`https:\/\/idp-a\.example\.org`, `https:\/\/idp-b\.example\.org`\), but Imprivata takes one identity provider's metadata/,
      );
    });

    it('not XML: fail, without quoting the answer', async () => {
      const result = await check(url('/json'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /^The metadata is not XML \(not well-formed at line 1, column 1; it looks like JSON\)/);
      assert.doesNotMatch(JSON.stringify(result), /not here/);
    });

    it('an HTML sign-in page: named as such', async () => {
      const result = await check(url('/login'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /^The answer is an HTML page, not SAML metadata/);
    });

    it('a DOCTYPE entity bomb: refused before parsing, nothing expanded', async () => {
      const heap = process.memoryUsage().heapUsed;
      const started = Date.now();
      const result = await check(url('/bomb.xml'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /^The metadata holds a DOCTYPE with entity declarations, .* it was refused before parsing/);
      assert.ok(Date.now() - started < TIMEOUT, 'the bomb took long: was it expanded?');
      assert.ok(process.memoryUsage().heapUsed - heap < 64 * 1024 * 1024, 'memory grew: was it expanded?');
      assert.doesNotMatch(JSON.stringify(result), /lollol/);
    });

    it('an external entity: refused, the file it names is never read', async () => {
      const result = await check(url('/xxe.xml'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /^The metadata holds a DOCTYPE that refers to external entities/);
      assert.doesNotMatch(JSON.stringify(result), /root:/);
    });

    it('5 MiB: the read stops at the 1 MiB cap, memory bounded', async () => {
      const heap = process.memoryUsage().heapUsed;
      const result = await check(url('/huge.xml'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:pass http:fail');
      assert.match(result.summary, /^The metadata is larger than 1 MiB, the cap, and was refused without parsing/);
      assert.ok(process.memoryUsage().heapUsed - heap < 32 * 1024 * 1024, 'memory grew past the cap');
    });

    it('a redirect loop ends after 5 redirects', async () => {
      const before = server.requests.length;
      const result = await check(url('/loop'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /more than 5 redirects/);
      assert.equal(server.requests.length - before, 6);
    });

    it('a redirect is followed (within the cap) and its step recorded', async () => {
      const result = await check(url('/moved'), {}, 'saml');
      assert.equal(result.status, 'pass', result.summary);
      assert.match(stepsOf(result), /http:pass dns:pass tcp:pass tls:pass http \(redirect 1\):pass/);
    });

    it('plain http://: fail, nothing fetched', async () => {
      const before = server.requests.length;
      const result = await check('metadataUrl: http://idp.example.org/metadata.xml', {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.equal(stepsOf(result), 'url:fail');
      assert.match(result.summary, /^The metadata URL is http:\/\/, not https:\/\//);
      assert.equal(server.requests.length, before);
    });

    it('a redirect to http://: refused', async () => {
      const result = await check(url('/to-http'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(stepsOf(result), /http:pass redirect:fail$/);
      assert.match(result.summary, /is not https:\/\//);
    });

    it('HTTP 404: the URL is wrong', async () => {
      const result = await check(url('/nothing-here'), {}, 'saml');
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /^The metadata URL answered HTTP 404 Not Found instead of the document: the URL is wrong/);
    });

    it('an ${env:} URL whose variable is unset: skipped, naming the variable', async () => {
      const result = await check('metadataUrl: ${env:IDP_METADATA_URL}', {}, 'saml');
      assert.equal(result.status, 'skipped');
      assert.match(result.summary, /identityProvider\.metadataUrl needs the environment variable `IDP_METADATA_URL`, which is not set/);
      const set = await check(
        'metadataUrl: ${env:IDP_METADATA_URL}',
        { env: { IDP_METADATA_URL: `https://idp.example.org${ENTRA_PATH}` } },
        'saml',
      );
      assert.equal(set.status, 'pass', set.summary);
    });
  });

  describe('metadataFile, relative to the configuration file', () => {
    it('a valid file passes; a missing one and one over the cap fail', async () => {
      writeFileSync(path.join(tmp, 'idp-metadata.xml'), metadataXml({ signing: [valid] }));
      const ok = await check('metadataFile: idp-metadata.xml');
      assert.equal(ok.status, 'pass', ok.summary);
      assert.match(stepsOf(ok), /^file:pass xml:pass root:pass/);
      const missing = await check('metadataFile: nowhere.xml');
      assert.equal(missing.status, 'fail');
      assert.match(missing.summary, /^The metadataFile nowhere\.xml does not exist/);
      writeFileSync(path.join(tmp, 'huge.xml'), Buffer.alloc(5 * 1024 * 1024, 0x20));
      const huge = await check('metadataFile: huge.xml');
      assert.equal(huge.status, 'fail');
      assert.match(huge.summary, /larger than 1 MiB, the cap, and was refused without parsing/);
      execFileSync('mkfifo', [path.join(tmp, 'fifo.xml')]);
      const started = Date.now();
      const fifo = await check('metadataFile: fifo.xml');
      assert.equal(fifo.status, 'fail');
      assert.match(fifo.summary, /^The metadataFile fifo\.xml is not a regular file/);
      assert.ok(Date.now() - started < TIMEOUT, 'a FIFO held the check');
      writeFileSync(path.join(tmp, 'bomb.xml'), BILLION_LAUGHS);
      const bomb = await check('metadataFile: bomb.xml', {}, 'saml');
      assert.equal(bomb.status, 'fail');
      assert.match(bomb.summary, /DOCTYPE with entity declarations/);
    });
  });

  describe('the analysis alone (plain strings)', () => {
    const analyze = (xml: string, url?: string, idpType = 'entra-id') => analyzeMetadata(Buffer.from(xml), { now: now(), idpType, url });

    it('certificates inside ds:Signature, comments, other roles or use="encryption" do not count', () => {
      const result = analyze(
        metadataXml({ signing: [expired], encryption: [valid], signatureCert: valid, commentedCert: valid, spCert: valid }),
        ENTRA_URL,
      );
      assert.equal(result.status, 'fail');
      assert.equal(result.certificates.length, 1);
      assert.match(result.summary, /^Its only signing certificate expired: "CN=idp-old\.example\.org"/);
    });

    it('a certificate expiring within 30 days next to its published successor: warn, naming both', () => {
      const result = analyze(metadataXml({ signing: [expiring, later] }), ENTRA_URL);
      assert.equal(result.status, 'warn');
      assert.match(
        result.summary,
        /"CN=idp-expiring\.example\.org" .* expires in \d+ days; its successor "CN=idp-next\.example\.org" \(not after \d{4}-\d\d-\d\d\) is already published/,
      );
    });

    it('a KeyDescriptor without use counts as signing', () => {
      const result = analyze(metadataXml({ unspecified: [valid] }), ENTRA_URL);
      assert.equal(result.status, 'pass', result.summary);
      assert.equal(result.certificates.length, 1);
    });

    it('Entra ID: another tenant in the URL fails; a URL without appid warns', () => {
      const other = '11111111-2222-4333-8444-555555555555';
      const mismatch = analyze(
        metadataXml({ signing: [valid] }),
        `https://${ENTRA_HOST}/${other}/federationmetadata/2007-06/federationmetadata.xml?appid=${APP_ID}`,
      );
      assert.equal(mismatch.status, 'fail');
      assert.match(
        mismatch.summary,
        new RegExp(`^The metadata URL names tenant ${other}, but the document's entityID .* is tenant ${TENANT}`),
      );
      const noAppId = analyze(metadataXml({ signing: [valid] }), `https://${ENTRA_HOST}${ENTRA_PATH}`);
      assert.equal(noAppId.status, 'warn');
      assert.match(noAppId.summary, /has no \?appid=/);
    });

    it('no SAML 2.0 protocol, no SSO endpoint, no signing certificate: each named', () => {
      assert.match(
        analyze(metadataXml({ signing: [valid], protocol: 'urn:oasis:names:tc:SAML:1.1:protocol' })).summary,
        /does not support SAML 2\.0/,
      );
      assert.match(analyze(metadataXml({ signing: [valid], bindings: [] })).summary, /has no <SingleSignOnService>/);
      assert.match(analyze(metadataXml({ encryption: [valid] })).summary, /publishes no signing certificate/);
      assert.equal(analyze(metadataXml({ signing: [valid], bindings: ['SOAP'] }), ENTRA_URL).status, 'warn');
    });

    it('UTF-16 with a byte order mark is read; bytes that are not text are refused', () => {
      const xml = metadataXml({ signing: [valid] }).replace('encoding="utf-8"', 'encoding="utf-16"');
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
      assert.equal(analyzeMetadata(utf16, { now: now(), idpType: 'saml' }).status, 'pass');
      assert.match(analyzeMetadata(Buffer.from([0x3c, 0xff, 0xfe, 0xfd, 0x00]), { now: now() }).summary, /not text/);
    });
  });
});
