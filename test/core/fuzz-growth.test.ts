/**
 * IMP-IDP-002 over many files sharing one directory domain: each file links to the first clash only, so a report
 * over n files holds n links (not n x (n - 1)) and its size grows linearly, through the real CLI.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeText, summarize } from '../../server/src/core/analyze';
import { ConfigDocument } from '../../server/src/core/document';
import { ROOT } from '../support/fixtures';

const tenantFile = (i: number) =>
  `version: 1\nenterprise:\n  tenantId: tenant${i}\nidentityProvider:\n  type: imprivata-directory\n  directoryDomain: shareddomain\n  adminUsername: admin@shareddomain\n`;

interface JsonFinding {
  file: string;
  code: string;
  message: string;
  related?: { file: string }[];
}

describe('IMP-IDP-002 over many files sharing a directory domain grows linearly', () => {
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(tmpdir(), 'imprivata-idp002-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** Writes n configurations into one folder and lints it with the CLI. */
  function lint(n: number, format: 'json' | 'sarif'): string {
    const dir = path.join(tmp, `${format}-${n}`);
    mkdirSync(dir);
    for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `imprivata-enterprise-t${String(i).padStart(4, '0')}.yaml`), tenantFile(i));
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/imprivata-config.js'), 'lint', '--format', format, dir], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 512 * 1024 * 1024,
    });
    assert.equal(result.status, 1, result.stderr);
    return result.stdout;
  }

  it('each of n files gets one finding with one link, to the first file by path; the JSON report grows linearly', function () {
    this.timeout(120_000);
    const sizes: number[] = [];
    for (const n of [150, 300]) {
      const report = lint(n, 'json');
      const findings = (JSON.parse(report) as JsonFinding[]).filter((f) => f.code === 'IMP-IDP-002');
      assert.equal(findings.length, n);
      assert.equal(
        findings.reduce((sum, f) => sum + (f.related?.length ?? 0), 0),
        n,
      );
      const first = findings.find((f) => f.file.includes('t0000'));
      assert.ok(first?.related?.[0].file.includes('t0001'), 'the first file links to the second');
      for (const f of findings.filter((x) => x !== first))
        assert.ok(f.related?.[0].file.includes('t0000'), `${f.file} links to the first file`);
      assert.match(first?.message ?? '', new RegExp(`and ${n - 2} other configuration files of other tenants`));
      sizes.push(report.length);
    }
    assert.ok(sizes[1] < 2.2 * sizes[0], `report sizes ${sizes.join(' -> ')} bytes for 150 -> 300 files`);
  });

  it('the SARIF report of 300 files stays linear too', function () {
    this.timeout(120_000);
    const small = lint(100, 'sarif').length;
    const large = lint(300, 'sarif').length;
    assert.ok(large < 3.3 * small, `SARIF sizes ${small} -> ${large} bytes for 100 -> 300 files`);
  });

  it('a workspace of 2n entries costs one pass per file: finding size does not grow with n', function () {
    this.timeout(60_000);
    const sizeFor = (n: number) => {
      const workspace = Array.from({ length: n }, (_, i) =>
        summarize(new ConfigDocument(tenantFile(i + 1), `/w/t${i + 1}/imprivata-enterprise.yaml`)),
      );
      const { findings } = analyzeText(tenantFile(0), '/w/t0/imprivata-enterprise.yaml', { workspace });
      const clash = findings.filter((f) => f.ruleId === 'IMP-IDP-002');
      assert.equal(clash.length, 1);
      assert.equal(clash[0].related?.length, 1);
      return JSON.stringify(clash).length;
    };
    const small = sizeFor(1_000);
    const large = sizeFor(2_000);
    assert.ok(Math.abs(large - small) <= 2, `${small} -> ${large} characters`);
  });
});
