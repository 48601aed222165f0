/**
 * IMP-SEC-001 in every spelling that parses: only a value that is exactly one `${env:NAME}` reference is a reference;
 * text beside a reference, malformed references, tagged values, lists and mappings are reported as what they are;
 * the CLI never prints a secret value, in any format.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../../server/src/core/analyze';
import { ROOT } from '../support/fixtures';

const SECRET = 'Kq7Zr2Lx9Vb4Nw8T';

/** `smtp.password` (mode basic, with a username) holding a value written as given. */
const smtpWith = (value: string) =>
  `version: 1\nsmtp:\n  mode: basic\n  server: smtp.example.org\n  username: imprivata-relay\n  from: imprivata-noreply@example.org\n  password:${value}\n`;

const secFindings = (text: string) => analyzeText(text).findings.filter((f) => f.ruleId === 'IMP-SEC-001');

describe('IMP-SEC-001: only an exact reference is a reference; everything else is reported as what it is', () => {
  const cases: [string, string, RegExp][] = [
    ['text before a reference', ` ${SECRET}\${env:X}`, /literal text beside an `\$\{env:\.\.\.\}` reference/],
    ['text after a reference', ` \${env:X}${SECRET}`, /literal text beside/],
    ['text beside an empty-named reference', ` ${SECRET}\${env:}`, /literal text beside/],
    ['several references side by side', ' ${env:PART_1}${env:PART_2}', /joins several/],
    ['an empty-named reference alone', ' ${env:}', /empty variable name/],
    ['a reference to a name that is not a variable name', ' ${env:MY-PASSWORD}', /not a variable name/],
    ['a `!secret`-tagged value', ` !secret ${SECRET}`, /is a tagged value: YAML tags/],
    ['a tag with nothing after it', ' !secret', /tagged value with nothing after the tag/],
    ['a tag with an anchor and a value', ` !vault &pw ${SECRET}`, /is a tagged value/],
    ['a list holding a literal', ` [${SECRET}]`, /is a list holding literal text/],
    ['a block list holding a literal', `\n    - ${SECRET}`, /is a list holding literal text/],
    ['a mapping holding a literal', ` {value: ${SECRET}}`, /is a mapping holding literal text/],
    ['a mapping whose key is the literal', `\n    ${SECRET}: x`, /is a mapping holding literal text/],
    ['a literal block scalar', ` |\n    ${SECRET}`, /holds a literal secret/],
    ['a `!!str`-tagged literal', ` !!str ${SECRET}`, /holds a literal secret/],
    ['an anchored literal', ` &pw ${SECRET}`, /holds a literal secret/],
  ];
  for (const [what, value, message] of cases) {
    it(`${what}: one finding, worded for it, that never quotes the value, with a fix that removes it`, () => {
      const text = smtpWith(value);
      const findings = secFindings(text);
      assert.equal(findings.length, 1, JSON.stringify(findings));
      const [finding] = findings;
      assert.match(finding.message, message);
      for (const part of [finding.message, ...(finding.fixes ?? []).map((f) => f.title)]) {
        assert.ok(!part.includes(SECRET.slice(0, 8)) && !part.includes('PART_') && !part.includes('MY-PASSWORD'), part);
      }
      const fix = finding.fixes?.[0];
      assert.ok(fix, 'a fix');
      const lines = text.split('\n');
      const { start, end } = fix.edits[0].range;
      const fixed = [
        ...lines.slice(0, start.line),
        lines[start.line].slice(0, start.character) + fix.edits[0].newText + lines[end.line].slice(end.character),
        ...lines.slice(end.line + 1),
      ].join('\n');
      assert.deepEqual(secFindings(fixed), [], fixed);
      assert.deepEqual(analyzeText(fixed).doc.syntaxProblems, [], fixed);
    });
  }

  const clean: [string, string][] = [
    ['an exact reference', ' ${env:IMPRIVATA_SMTP_PASSWORD}'],
    ['an exact reference in quotes, with spaces', ' "  ${env:IMPRIVATA_SMTP_PASSWORD}  "'],
    ['an alias of an anchored reference', ' *ref'],
    ['a list holding only a reference (IMP-DOC-003 reports its type)', '\n    - ${env:IMPRIVATA_SMTP_PASSWORD}'],
    ['an empty value (the mode rules report it)', ' ""'],
    ['a bare placeholder (IMP-HOST-002)', ' <smtp password>'],
  ];
  for (const [what, value] of clean) {
    it(`${what}: not reported`, () => {
      const text = smtpWith(value).replace('version: 1\n', 'version: 1\nreference: &ref ${env:IMPRIVATA_SMTP_PASSWORD}\n');
      assert.deepEqual(secFindings(text), []);
    });
  }

  // Issue 12 item 7, the other rules' side: IMP-SMTP-005, IMP-SMTP-001 and IMP-CC-002 ask secretValue() and treat a
  // tagged value as written.
  it('a `!secret` tag with nothing after it is reported as a tagged value only, never as an empty secret (issue 12 item 7)', () => {
    const texts = [
      smtpWith(' !secret'),
      smtpWith(' !secret ""'),
      'version: 1\nsmtp:\n  mode: oauth2\n  from: a@example.org\n  clientId: 2d4f6a8c-1b3d-4e5f-9a7b-0c2e4f6a8b1d\n  tenantId: 0c8f6a2b-5d4e-4f3a-9b1c-7e6d5c4b3a29\n  username: a@example.org\n  secret: !secret\n',
      'version: 1\ncloudPlatform:\n  integrationId: 4b1f7c2e-9d3a-4e5b-8c6d-2f1a0b9e8d7c\n  integrationToken: !secret\n',
      'version: 1\nidentityProvider:\n  type: imprivata-directory\n  directoryDomain: examplehealth\n  adminUsername: admin@examplehealth\n  adminPassword: !secret\n',
    ];
    for (const text of texts) {
      const { findings } = analyzeText(text);
      const empty = findings.filter((f) =>
        /(password|secret|integrationToken|adminPassword)` is (empty|missing)|has no `integrationToken`|is missing `(secret|password)`/.test(
          f.message,
        ),
      );
      assert.deepEqual(
        empty.map((f) => `${f.ruleId}: ${f.message}`),
        [],
        text,
      );
      const tagged = findings.filter((f) => f.ruleId === 'IMP-SEC-001');
      assert.equal(tagged.length, 1, text);
      assert.match(tagged[0].message, /is a tagged value with nothing after the tag/);
    }
  });

  it('a `!secret`-tagged password without a username: the password counts as written (IMP-SMTP-005 asks for the username)', () => {
    const text = smtpWith(' !secret').replace('  username: imprivata-relay\n', '');
    const pair = analyzeText(text).findings.filter((f) => f.ruleId === 'IMP-SMTP-005');
    assert.equal(pair.length, 1);
    assert.match(pair[0].message, /`smtp.password` is set but `username` is missing/);
  });

  it('a literal inside a flow mapping gets a fix that stays valid YAML (the reference is quoted there)', () => {
    const text = `version: 1\nsmtp: {mode: basic, server: smtp.example.org, password: ${SECRET}, from: a@example.org}\n`;
    const [finding] = secFindings(text);
    assert.equal(finding.fixes?.[0].edits[0].newText, '"${env:IMPRIVATA_SMTP_PASSWORD}"');
  });
});

describe('IMP-DOC-001 never quotes a secret written as an alias, whatever the parse error (issue 12 item 5)', () => {
  const cases: [string, string][] = [
    ['after an unclosed quote in a flow mapping', `smtp: {mode: basic, "secret": 'x, "password": y, 'password': *${SECRET}}\n`],
    ['a quoted key in a flow mapping', `smtp: {mode: basic, server: smtp.example.org, 'password': *${SECRET}}\n`],
    ['a double-quoted key in a block mapping', `smtp:\n  mode: basic\n  "password": *${SECRET}\n`],
    ['an explicit key', `smtp:\n  mode: basic\n  ? password\n  : *${SECRET}\n`],
    ['inside a list under a secret key', `smtp:\n  mode: basic\n  password: [x, *${SECRET}]\n`],
    ['as a key under a secret key', `smtp:\n  mode: basic\n  password: {*${SECRET} : x}\n`],
    ['a duplicate key under a secret key', `smtp:\n  mode: basic\n  password:\n    ${SECRET}: a\n    ${SECRET}: b\n`],
    ['with CRLF line ends', `smtp:\r\n  mode: basic\r\n  ? 'password'\r\n  : *${SECRET}\r\n`],
  ];
  for (const [what, body] of cases) {
    it(`${what}: reported, without the value`, () => {
      const { findings } = analyzeText(`version: 1\n${body}`);
      assert.ok(
        findings.some((f) => f.ruleId === 'IMP-DOC-001'),
        JSON.stringify(findings.map((f) => f.message)),
      );
      for (const f of findings) {
        for (const text of [f.message, ...(f.related ?? []).map((r) => r.message), ...(f.fixes ?? []).map((x) => x.title)]) {
          assert.ok(!text.includes(SECRET.slice(0, 8)), `${f.ruleId}: ${text}`);
        }
      }
    });
  }

  it('an alias under any other key is still named, so the author can find the anchor', () => {
    const { findings } = analyzeText('version: 1\nsmtp:\n  mode: basic\n  server: *relayHost\n');
    const alias = findings.filter((f) => f.ruleId === 'IMP-DOC-001');
    assert.equal(alias.length, 1);
    assert.match(alias[0].message, /the alias `\*relayHost` names no anchor `&relayHost`/);
  });
});

describe('the CLI never prints a secret value, in any format', () => {
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(tmpdir(), 'imprivata-secrets-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const secrets = ['Ab3dEf6hIj9kLm2n', 'Pq5rSt8uVw1xYz4a', 'Bc7dEf0gHi3jKl6m', 'Mn9oPq2rSt5uVw8x'];
  const file = [
    'version: 1',
    'cloudPlatform:',
    '  integrationId: 4b1f7c2e-9d3a-4e5b-8c6d-2f1a0b9e8d7c',
    `  integrationToken: !secret ${secrets[0]}`,
    'identityProvider:',
    '  type: imprivata-directory',
    '  directoryDomain: examplehealth',
    '  adminUsername: admin@examplehealth',
    `  adminPassword: "${secrets[1]}\${env:}"`,
    'smtp:',
    '  mode: basic',
    '  server: smtp.example.org',
    '  username: imprivata-relay',
    `  password: [${secrets[2]}, "\${env:IMPRIVATA_SMTP_PASSWORD}"]`,
    `  secret: |`,
    `    ${secrets[3]}`,
    '  from: imprivata-noreply@example.org',
    '',
  ].join('\n');

  for (const format of ['text', 'json', 'sarif'] as const) {
    it(`--format ${format}: every secret key is reported, no value is printed`, function () {
      this.timeout(60_000);
      const target = path.join(tmp, 'imprivata-enterprise.yaml');
      writeFileSync(target, file);
      const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/imprivata-config.js'), 'lint', '--format', format, target], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.status, 1, result.stderr);
      const reported = { text: / IMP-SEC-001 /g, json: /"code": "IMP-SEC-001"/g, sarif: /"ruleId": "IMP-SEC-001"/g }[format];
      assert.equal(result.stdout.match(reported)?.length ?? 0, 4, result.stdout);
      for (const secret of secrets) {
        assert.ok(
          !result.stdout.includes(secret.slice(0, 8)) && !result.stderr.includes(secret.slice(0, 8)),
          `${secret} printed:\n${result.stdout}`,
        );
      }
    });
  }
});
