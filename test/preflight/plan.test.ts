import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigDocument } from '../../server/src/core/document';
import { planHosts, representativeOf } from '../../server/src/core/preflight/plan';
import { firewallTicket, ticketCsv, ticketJson, ticketMarkdown } from '../../server/src/core/preflight/ticket';
import { ROOT } from '../support/fixtures';

const EXAMPLE = path.join(ROOT, 'examples/imprivata-enterprise.yaml');

function plan(text: string) {
  return planHosts(new ConfigDocument(text, '/tmp/imprivata-enterprise.yaml'));
}

describe('preflight plan (pure): the hosts a configuration needs', () => {
  it('the example: every allowlist entry on its line, then the hosts the file implies but does not list', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const lines = text.split('\n');
    const { targets, skipped } = plan(text);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      targets.map((t) => `${t.probe}:${t.port}/${t.protocol}${t.inAllowlist ? '' : ' implied'}`),
      [
        'examplehealth.sys.imprivata.com:443/https',
        'astra.sys.imprivata.com:443/https',
        'access.imprivata.com:443/https',
        'metadata.app.imprivata.com:443/https',
        'file-access.app.imprivata.com:443/https',
        'idp.app.imprivata.com:443/https',
        'api.digicert.com:443/https',
        'ocsp.digicert.com:80/http',
        'www.digicert.com:443/https',
        's3.amazonaws.com:443/https',
        'cloud.imprivata.com:443/https',
        'login.microsoftonline.com:443/https implied',
        'smtp.office365.com:587/smtp implied',
      ],
    );
    for (const t of targets.filter((t) => t.inAllowlist)) {
      assert.ok(lines[t.line - 1].includes(t.host.startsWith('*.') ? `"${t.host}"` : t.host), `line ${t.line} is not ${t.host}'s`);
    }
    const amazon = targets.find((t) => t.probe === 's3.amazonaws.com');
    assert.equal(amazon?.host, '*.amazonaws.com', 'the wildcard is kept for the ticket, probed on its representative');
    assert.match(lines[targets.find((t) => t.probe === 'login.microsoftonline.com')!.line - 1], /metadataUrl:/);
    assert.match(lines[targets.find((t) => t.probe === 'smtp.office365.com')!.line - 1], /mode: oauth2/);
  });

  it('implies the cloud hosts of the region and the DigiCert hosts when the allowlist lacks them', () => {
    const { targets } = plan(
      'version: 1\nenterprise:\n  region: eu\n  tenantId: acme\n  environment: test\ncloudPlatform:\n  adminConsoleSso: saml\nidentityProofing:\n  mode: individual\n',
    );
    const implied = targets.map((t) => `${t.probe}:${t.port} line ${t.line} ${t.environment}`);
    assert.deepEqual(implied, [
      'acme.sys.imprivata.eu:443 line 6 production',
      'astra.sys.imprivata.eu:443 line 6 production',
      'access.imprivata.eu:443 line 6 production',
      'metadata.app.imprivata.eu:443 line 6 production',
      'file-access.app.imprivata.eu:443 line 6 production',
      'idp.app.imprivata.eu:443 line 6 production',
      'api.digicert.com:443 line 9 production',
      'ocsp.digicert.com:80 line 9 production',
      'www.digicert.com:443 line 9 production',
      's3.amazonaws.com:443 line 9 production',
      'cloud.imprivata.com:443 line 9 production',
      'ocsptest.digicert.com:80 line 9 test-only',
    ]);
  });

  it('never judges what it cannot know: ${env:} hosts and placeholders are skipped with the reason', () => {
    const { targets, skipped } = plan(
      'version: 1\nfirewall:\n  allowlist:\n    - ${env:EXTRA_HOST}\n    - <tenantID>.sys.imprivata.com\n    - "*.example.org"\n    - https://bad host/\n',
    );
    assert.deepEqual(targets, []);
    assert.deepEqual(
      skipped.map((s) => `${s.line} ${s.reason.split(' ').slice(0, 4).join(' ')}`),
      ['4 the host is an', '5 the host still holds', '7 the host is not', '6 a wildcard with no'],
    );
  });

  it('wildcards: documented representatives', () => {
    assert.equal(representativeOf('*.amazonaws.com'), 's3.amazonaws.com');
    assert.equal(representativeOf('*.sys.imprivata.eu'), 'astra.sys.imprivata.eu');
    assert.equal(representativeOf('*.app.imprivata.com'), 'idp.app.imprivata.com');
    assert.equal(representativeOf('*.example.org'), undefined);
    assert.equal(representativeOf('*.example.org', [{ host: 'smtp.example.org' }]), 'smtp.example.org');
  });

  it('a basic mail server is implied with its port (default 587)', () => {
    const { targets } = plan('version: 1\nsmtp:\n  mode: basic\n  server: relay.example.org\n  from: a@example.org\n');
    assert.deepEqual(
      targets.map((t) => `${t.probe}:${t.port}/${t.protocol} line ${t.line}`),
      ['relay.example.org:587/smtp line 4'],
    );
  });
});

describe('firewall ticket', () => {
  const ticket = firewallTicket(plan(readFileSync(EXAMPLE, 'utf8')));

  it('one row per host: port, protocol, outbound, feature, the seed that requires it, test-only hosts marked', () => {
    const ocsp = ticket.rows.find((r) => r.host === 'ocsp.digicert.com');
    assert.deepEqual(ocsp && { port: ocsp.port, protocol: ocsp.protocol, direction: ocsp.direction, environment: ocsp.environment }, {
      port: 80,
      protocol: 'TCP (HTTP)',
      direction: 'outbound',
      environment: 'production',
    });
    assert.match(ocsp!.seed, /^seed 002: Set Up Enterprise/);
    const amazon = ticket.rows.find((r) => r.host === '*.amazonaws.com');
    assert.ok(amazon, 'the wildcard itself is what the firewall must allow');
    const test = firewallTicket(
      plan(
        'version: 1\nenterprise:\n  environment: test\nfirewall:\n  allowlist:\n    - host: ocsptest.digicert.com\n      port: 80\n      protocol: http\n',
      ),
    );
    assert.equal(test.rows[0].environment, 'test only');
  });

  it('Markdown, CSV and JSON hold the same rows', () => {
    const markdown = ticketMarkdown(ticket, 'imprivata-enterprise.yaml');
    assert.equal(markdown.split('\n').filter((l) => l.startsWith('| `')).length, ticket.rows.length);
    assert.match(markdown, /\| `smtp\.office365\.com` \| 587 \| TCP \(SMTP\) \| outbound \| production \|.*\| no \(implied, line 66\) \|/);
    const csv = ticketCsv(ticket).trimEnd().split('\r\n');
    assert.equal(csv[0], 'host,port,protocol,direction,environment,feature,required_by,why,in_allowlist');
    assert.equal(csv.length, ticket.rows.length + 1);
    assert.match(
      csv.find((l) => l.startsWith('*.amazonaws.com'))!,
      /^\*\.amazonaws\.com,443,TCP \(HTTPS\),outbound,production,/,
    );
    const json = JSON.parse(ticketJson(ticket, 'x.yaml')) as { rows: unknown[] };
    assert.equal(json.rows.length, ticket.rows.length);
  });
});
