import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/fixtures';

const CLI = path.join(ROOT, 'bin/imprivata-config.js');

function run(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI imprivata-config', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'imprivata-cli-'));
    cpSync(path.join(ROOT, 'examples/assets'), path.join(tmp, 'assets'), { recursive: true });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 0 on the clean example and says so', () => {
    const { status, stdout } = run(['lint', 'examples/imprivata-enterprise.yaml']);
    assert.equal(status, 0);
    assert.equal(stdout, '1 file checked: no problems.\n');
  });

  it('prints file:line:col severity CODE message and exits 1 when errors are found', () => {
    const { status, stdout } = run(['lint', 'examples/broken/imprivata-enterprise-document.yaml']);
    assert.equal(status, 1);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /^examples\/broken\/imprivata-enterprise-document\.yaml:3:10 error IMP-DOC-004 .+/);
    for (const line of lines.slice(0, -1)) assert.match(line, /^[^:]+:\d+:\d+ (error|warning|information|hint) IMP-[A-Z]+-\d{3} \S.*$/);
    assert.match(lines[lines.length - 1], /^1 file checked: \d+ errors?, \d+ warnings?, \d+ notes?\.$/);
  });

  it('exits 0 when only warnings remain, and honours --rule overrides', () => {
    const file = path.join(tmp, 'imprivata-enterprise.yaml');
    writeFileSync(file, readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8').replace('version: 1', 'version: 9'));
    assert.equal(run(['lint', file]).status, 1);
    const off = run(['lint', '--rule', 'IMP-DOC-004=off', file]);
    assert.equal(off.status, 0, off.stdout + off.stderr);
    const warning = run(['lint', '--rule=IMP-DOC-004=warning', file]);
    assert.equal(warning.status, 0);
    assert.match(warning.stdout, / warning IMP-DOC-004 /);
  });

  it('exits 2 on usage errors and unreadable input', () => {
    assert.equal(run([]).status, 2);
    assert.equal(run(['lint']).status, 2);
    assert.equal(run(['lint', '--format', 'xml', 'examples/imprivata-enterprise.yaml']).status, 2);
    assert.equal(run(['lint', '--rule', 'IMP-NOPE-001=off', 'examples/imprivata-enterprise.yaml']).status, 2);
    const missing = run(['lint', path.join(tmp, 'does-not-exist.yaml')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file/);
    assert.equal(run(['frobnicate']).status, 2);
  });

  it('lints a directory as the imprivata-enterprise*.yaml files in it', () => {
    const { status, stdout } = run(['lint', 'examples/']);
    assert.equal(status, 0);
    assert.match(stdout, /^1 file checked: no problems\.$/m);
  });

  it('--format json gives one object per finding with 1-based positions', () => {
    const { status, stdout } = run(['lint', '--format', 'json', 'examples/broken/imprivata-enterprise-document.yaml']);
    assert.equal(status, 1);
    const findings = JSON.parse(stdout) as { file: string; line: number; column: number; code: string; severity: string; docs: string }[];
    const version = findings.find((f) => f.code === 'IMP-DOC-004');
    assert.deepEqual(version && { line: version.line, column: version.column, severity: version.severity }, {
      line: 3,
      column: 10,
      severity: 'error',
    });
    assert.match(String(version?.docs), /#imp-doc-004$/);
  });

  it('--format sarif is SARIF 2.1.0 with the rule catalogue and relative locations', () => {
    const { status, stdout } = run(['lint', '--format', 'sarif', 'examples/broken/imprivata-enterprise-document.yaml']);
    assert.equal(status, 1);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'imprivata-config');
    const ruleIds: string[] = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(ruleIds.includes('IMP-DOC-004'));
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'IMP-DOC-004');
    assert.equal(ruleIds[result.ruleIndex], 'IMP-DOC-004');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'examples/broken/imprivata-enterprise-document.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 10, endLine: 3, endColumn: 11 },
    });
  });

  it('SARIF passes the official validator with GitHub rules (sarif-multitool --rule-kind "Gh;Sarif"): no errors, no warnings', function () {
    this.timeout(120000);
    const out = path.join(tmp, 'report.sarif');
    // The encoding fixtures add findings on an empty region at 1:1 (UTF-16) and past a multi-byte character.
    run([
      'lint',
      '--format',
      'sarif',
      '--output',
      out,
      'examples/broken/',
      'examples/imprivata-enterprise.yaml',
      'test/fixtures/cli/encodings/',
    ]);
    assert.ok(readFileSync(out, 'utf8').includes('imprivata-enterprise-utf16le.yaml'));
    // The npm wrapper passes arguments through a shell, which splits "Gh;Sarif" at the
    // semicolon; call the platform binary it wraps directly instead.
    const binary = require('@microsoft/sarif-multitool') as string;
    const log = path.join(tmp, 'validation.sarif');
    // Its rule SARIF2006 tries to fetch every URI in the log; tests reach nothing but 127.0.0.1, so its HTTP
    // goes to a closed local port (the note it then gives is neither an error nor a warning).
    const closedPort = 'http://127.0.0.1:9';
    const offline = { ...process.env, http_proxy: closedPort, https_proxy: closedPort, HTTP_PROXY: closedPort, HTTPS_PROXY: closedPort };
    const result = spawnSync(binary, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', '--output', log, out], {
      encoding: 'utf8',
      timeout: 110000,
      env: offline,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const validation = JSON.parse(readFileSync(log, 'utf8'));
    const problems = (validation.runs[0].results ?? []).filter(
      (r: { level?: string }) => r.level === 'error' || r.level === 'warning' || r.level === undefined,
    );
    assert.deepEqual(
      problems.map((p: { ruleId: string; message: unknown }) => `${p.ruleId} ${JSON.stringify(p.message)}`),
      [],
    );
  });

  it('never prints a literal secret, in any format', () => {
    const file = path.join(tmp, 'imprivata-enterprise-secret.yaml');
    const secret = 'Sup3r-Secret-Value~xyz';
    writeFileSync(
      file,
      `version: 1\nsmtp:\n  mode: basic\n  server: smtp.example.org\n  from: a@example.org\n  username: relay\n  password: ${secret}\n`,
    );
    for (const format of ['text', 'json', 'sarif']) {
      const { stdout, stderr } = run(['lint', '--format', format, file]);
      assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `${format} output leaks the secret`);
    }
  });
});

describe('CLI: empty files (issue 11, item 5)', () => {
  it('a 0-byte file, a comments-only file, `---` and `~` each exit 1 with one IMP-DOC-004 on line 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imprivata-empty-'));
    try {
      const cases = {
        'imprivata-enterprise-zero.yaml': '',
        'imprivata-enterprise-comments.yaml': '# nothing yet\n',
        'imprivata-enterprise-dashes.yaml': '---\n',
        'imprivata-enterprise-tilde.yaml': '~\n',
      };
      for (const [name, text] of Object.entries(cases)) {
        const file = path.join(dir, name);
        writeFileSync(file, text);
        const { status, stdout } = run(['lint', '--format', 'json', file]);
        assert.equal(status, 1, `${name}: ${stdout}`);
        const findings = JSON.parse(stdout) as { code: string; line: number }[];
        assert.deepEqual(
          findings.map((f) => `${f.code} ${f.line}`),
          ['IMP-DOC-004 1'],
          name,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
