import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLEAN_SMTP, CLEAR_TEXT_SMTP, assertNoStackTrace, runCli, tempDir } from './cli-process';

/** `--max-file-size`, `--max-line-length` and the project file's `limits` (IMP-DOC-006), through the real CLI. */
describe('CLI size limits (IMP-DOC-006)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = tempDir('cli-limits');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(tmp, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  const LONG_LINE = `${CLEAR_TEXT_SMTP}# ${'-'.repeat(200)}\n`;

  it('a file over --max-file-size: one finding on line 1, no rule runs, not even read', () => {
    const file = write('imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
    const { status, stdout, stderr } = runCli(['lint', '--max-file-size', '50', file]);
    assert.equal(status, 1, stderr);
    assert.equal(
      stdout,
      `${file}:1:1 error IMP-DOC-006 This file was not checked: it is ${CLEAR_TEXT_SMTP.length} bytes, over the limit of 50 bytes for one configuration file (a real one is a few hundred KB), so it was neither parsed nor checked by any rule. If it really is a configuration, raise the limit with \`imprivata.limits.maxFileSize\` (editor), \`--max-file-size\` or \`limits.maxFileSize\` in .imprivata-config.yaml (CLI).\n` +
        '1 file checked: 1 error, 0 warnings, 0 notes.\n',
    );
    assert.equal(stderr, '');
  });

  it('a file over the default 8 MiB: one finding (sparse, so the test writes nothing), at once', () => {
    const big = write('imprivata-enterprise.yaml', '');
    truncateSync(big, 9 * 1024 * 1024);
    const { status, stdout, ms } = runCli(['lint', '--format', 'json', big]);
    assert.equal(status, 1);
    assert.ok(ms < 5000, `took ${ms} ms`);
    const findings = JSON.parse(stdout) as { code: string; message: string }[];
    assert.deepEqual(
      findings.map((f) => f.code),
      ['IMP-DOC-006'],
    );
    assert.match(findings[0].message, /it is 9 MiB, over the limit of 8 MiB/);
  });

  it('standard input over the limit: one finding, without knowing its size', () => {
    const { status, stdout } = runCli(['lint', '--max-file-size', '100', '-'], { input: Buffer.alloc(1000, 0x23) });
    assert.equal(status, 1);
    assert.match(stdout, /^<stdin>:1:1 error IMP-DOC-006 This file was not checked: it is larger than the limit of 100 bytes/);
  });

  it('a line over --max-line-length: one finding on that line, the rest of the file not checked', () => {
    const file = write('imprivata-enterprise.yaml', LONG_LINE);
    const { status, stdout } = runCli(['lint', '--max-line-length', '100', file]);
    assert.equal(status, 1);
    assert.match(
      stdout,
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:1 error IMP-DOC-006 This file was not checked: line 8 is 202 characters long, over the limit of 100 characters`,
      ),
    );
    assert.ok(!stdout.includes('IMP-SMTP-003'), 'no rule ran');
    // Within the limit the rules run.
    assert.match(runCli(['lint', '--max-line-length', '202', file]).stdout, /IMP-SMTP-003/);
  });

  it('the project file`s limits apply to the files below it, and the options win over them', () => {
    write('.imprivata-config.yaml', 'limits:\n  maxLineLength: 100\n');
    const file = write('conf/imprivata-enterprise.yaml', LONG_LINE);
    const clean = write('conf/imprivata-enterprise-clean.yaml', CLEAN_SMTP);
    const byProject = runCli(['lint', file, clean]);
    assert.equal(byProject.status, 1);
    assert.match(byProject.stdout, /:8:1 error IMP-DOC-006 .*line 8 is 202 characters long, over the limit of 100/);
    assert.match(byProject.stdout, /2 files checked: 1 error, 0 warnings, 0 notes\./);
    const byOption = runCli(['lint', '--max-line-length', '300', file]);
    assert.ok(!byOption.stdout.includes('IMP-DOC-006') && byOption.stdout.includes('IMP-SMTP-003'), byOption.stdout);
  });

  it('a project file with a bad limit is a problem in the project file', () => {
    write('.imprivata-config.yaml', 'limits:\n  maxFileSize: 0\n  maxLines: 3\n');
    const file = write('imprivata-enterprise.yaml', CLEAN_SMTP);
    const { status, stderr } = runCli(['lint', file]);
    assert.equal(status, 2);
    assert.match(stderr, /\.imprivata-config\.yaml:2:16: `limits\.maxFileSize`: a limit is a whole number, 1 or more\./);
    assert.match(
      stderr,
      /\.imprivata-config\.yaml:3:3: Unknown key `maxLines`: `limits` has only `maxFileSize` \(bytes\) and `maxLineLength` \(characters\)\./,
    );
  });

  for (const bad of ['0', '-3', '1.5', 'lots']) {
    it(`--max-file-size ${bad}: a usage error`, () => {
      const { status, stderr } = runCli(['lint', `--max-file-size=${bad}`, 'x.yaml']);
      assert.equal(status, 2);
      assert.match(stderr, new RegExp(`--max-file-size expects a whole number, 1 or more \\(bytes; got "${bad.replace('.', '\\.')}"\\)`));
      assertNoStackTrace(stderr);
    });
  }
});
